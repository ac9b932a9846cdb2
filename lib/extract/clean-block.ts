/**
 * Cleans one block of the body in place: only allowed tags and attributes,
 * absolute http(s) links and images, no edge whitespace or `<br>`s.
 */
import { ELEMENT_NODE, TEXT_NODE, unwrap } from './dom';
import { DROP, HTML_NS, INNER, MEDIA_CLASS, STRUCTURES } from './body-tags';

const MEDIA_CLASS_LIST = new RegExp(`(?:^|\\s)${MEDIA_CLASS}(?:\\s|$)`);
const SAFE_LINK = /^(?:https?|mailto):$/;
const SAFE_IMAGE = /^https?:$/;
const QUOTE_PAGE = /^https?:\/\/quote\.eastmoney\.com\//;

export interface Block {
  el: Element;
  /** The block's text, trimmed. */
  text: string;
  media: boolean;
  /** A paragraph of plain text (no markup inside): serialized from `text`. */
  plain: boolean;
}

/** Cleans one block in place; null when nothing is left of it. */
export function cleanBlock(candidate: Element, doc: Document, baseUrl: string): Block | null {
  const media = candidate.localName === 'p' && MEDIA_CLASS_LIST.test(candidate.getAttribute('class') ?? '');
  const only = candidate.firstChild;
  if (candidate.localName === 'p' && only && only === candidate.lastChild && only.nodeType === TEXT_NODE) {
    // The common case, a paragraph of plain text: nothing to walk. trim() drops the
    // "　　" indents too (U+3000 is whitespace to JavaScript).
    const text = (only.nodeValue ?? '').trim();
    return text ? { el: candidate, text, media, plain: true } : null;
  }
  let el = candidate;
  if (el.localName === 'h1') el = rename(el, 'h2', doc);
  stripAttributes(el);
  cleanChildren(el, baseUrl);
  if (el.localName !== 'hr') {
    trimEdge(el, true);
    trimEdge(el, false);
  }
  const text = (el.textContent ?? '').trim();
  if (el.localName !== 'hr' && !text && !el.getElementsByTagName('img').length) return null;
  return { el, text, media, plain: false };
}

function cleanChildren(parent: Element, baseUrl: string): void {
  for (let child = parent.firstChild; child; ) {
    const next = child.nextSibling;
    if (child.nodeType === TEXT_NODE) {
      // A line after <br> starts a paragraph too: drop its full-width indent.
      const prev = child.previousSibling;
      if (prev?.nodeType === ELEMENT_NODE && (prev as Element).localName === 'br') {
        child.nodeValue = (child.nodeValue ?? '').replace(/^\s+/, '');
      }
    } else if (child.nodeType === ELEMENT_NODE) {
      cleanElement(child as Element, baseUrl);
    } else {
      parent.removeChild(child);
    }
    child = next;
  }
}

function cleanElement(el: Element, baseUrl: string): void {
  const tag = el.localName;
  if (DROP.has(tag) || el.namespaceURI !== HTML_NS) {
    el.remove();
    return;
  }
  if (el.firstChild) cleanChildren(el, baseUrl);
  if (tag === 'a') {
    const href = absolute(el.getAttribute('href'), baseUrl, SAFE_LINK);
    // Links that go nowhere safe (javascript:, data:), quote-page links and anchors
    // into the page itself (meaningless once the article is saved) become text.
    if (!href || QUOTE_PAGE.test(href) || isSamePage(href, baseUrl) || !el.firstChild) {
      unwrap(el);
      return;
    }
    stripAttributes(el);
    el.setAttribute('href', href);
  } else if (tag === 'img') {
    const src = absolute(el.getAttribute('src'), baseUrl, SAFE_IMAGE);
    if (!src) {
      el.remove();
      return;
    }
    const alt = (el.getAttribute('alt') ?? '').replace(/\s+/g, ' ').trim();
    stripAttributes(el);
    el.setAttribute('src', src);
    if (alt) el.setAttribute('alt', alt);
  } else if (tag === 'td' || tag === 'th') {
    const spans = cellSpans(el);
    stripAttributes(el);
    for (const [name, value] of spans) el.setAttribute(name, value);
  } else if (INNER.has(tag)) {
    stripAttributes(el);
  } else {
    // h1 inside a block, span, font, div in a list item…: keep the words, lose the wrapper.
    unwrap(el);
  }
}

function isSamePage(href: string, baseUrl: string): boolean {
  const hash = href.indexOf('#');
  return hash >= 0 && href.slice(0, hash) === baseUrl.split('#')[0];
}

function cellSpans(cell: Element): [string, string][] {
  const spans: [string, string][] = [];
  for (const name of ['colspan', 'rowspan']) {
    const value = cell.getAttribute(name)?.trim();
    if (value && /^\d{1,3}$/.test(value) && value !== '1') spans.push([name, value]);
  }
  return spans;
}

function stripAttributes(el: Element): void {
  const attributes = el.attributes;
  for (let i = attributes.length - 1; i >= 0; i--) el.removeAttribute(attributes[i]!.name);
}

function rename(el: Element, tag: string, doc: Document): Element {
  const renamed = doc.createElement(tag);
  while (el.firstChild) renamed.appendChild(el.firstChild);
  el.replaceWith(renamed);
  return renamed;
}

/** An absolute URL whose scheme `allowed` accepts, or undefined. */
function absolute(value: string | null, baseUrl: string, allowed: RegExp): string | undefined {
  if (!value) return undefined;
  try {
    const url = new URL(value.trim(), baseUrl);
    return allowed.test(url.protocol) ? url.href : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Removes whitespace (the `"　　"` indents included) and `<br>`s from one edge of
 * a block, descending into inline elements. Returns whether content was reached.
 */
function trimEdge(el: Node, atStart: boolean): boolean {
  let node = atStart ? el.firstChild : el.lastChild;
  while (node) {
    const sibling = atStart ? node.nextSibling : node.previousSibling;
    if (node.nodeType === TEXT_NODE) {
      const text = node.nodeValue ?? '';
      const trimmed = atStart ? text.replace(/^\s+/, '') : text.replace(/\s+$/, '');
      if (trimmed) {
        if (trimmed !== text) node.nodeValue = trimmed;
        return true;
      }
    } else if (node.nodeType === ELEMENT_NODE) {
      const tag = (node as Element).localName;
      // Images and rules are content; lists and tables keep their structure.
      if (tag === 'img' || tag === 'hr' || STRUCTURES.has(tag)) return true;
      if (tag !== 'br' && trimEdge(node, atStart)) return true;
    }
    node.parentNode!.removeChild(node);
    node = sibling;
  }
  return false;
}

/** Characters of text inside the links of `el`. */
export function linkText(el: Element): number {
  const links = el.getElementsByTagName('a');
  let length = 0;
  for (let i = 0; i < links.length; i++) length += (links[i]!.textContent ?? '').trim().length;
  return length;
}

/**
 * Turns Readability's article element into the stored body: a flat run of
 * blocks (one `<p>` per paragraph), only allowed tags and attributes, absolute
 * http(s) links and images, trimmed paragraphs and, on finews pages, no furniture.
 * DOMPurify still runs afterwards; this pass decides the shape, it does the safety.
 */
import { ELEMENT_NODE, TEXT_NODE, unwrap } from './dom';
import { isLinksOnly, isNoiseLine, isRelatedHeading } from './noise';
import { classifyPage } from './page-kind';

export interface CleanOptions {
  /** The address links and images are resolved against. */
  baseUrl: string;
  /** Apply the Eastmoney/finews furniture rules. */
  finews: boolean;
  /** The article title: a heading repeating it is dropped. */
  title?: string;
  /** The `（文章来源：…）` line seen before Readability ran. */
  mediaLine?: string;
}

export interface CleanBody {
  /** The blocks' HTML, one string per top-level block, not yet sanitized. */
  blocks: string[];
  /** Whether the last block is the `em_media` source line. */
  endsWithMediaLine: boolean;
  images: string[];
  /** Characters of text, the source line excluded. */
  textLength: number;
  /** Of which inside links. */
  linkTextLength: number;
}

export const MEDIA_CLASS = 'em_media';
const MEDIA_CLASS_LIST = /(?:^|\s)em_media(?:\s|$)/;

// Flattened away: their children become top-level blocks.
const CONTAINERS = new Set([
  'div', 'section', 'article', 'main', 'header', 'footer', 'aside', 'nav', 'center',
  'body', 'html', 'form', 'fieldset', 'details', 'hgroup', 'address',
]);
// Kept as top-level blocks.
const BLOCKS = new Set([
  'p', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'ul', 'ol', 'dl', 'table', 'blockquote', 'pre', 'figure', 'hr',
]);
// Blocks that are structure rather than a line of text.
const STRUCTURES = new Set(['ul', 'ol', 'dl', 'table']);
// Allowed inside blocks; anything else is unwrapped to its content.
const INNER = new Set([
  'p', 'br', 'strong', 'b', 'em', 'i', 'u', 's', 'sub', 'sup', 'code', 'a', 'img',
  'ul', 'ol', 'li', 'dl', 'dt', 'dd', 'blockquote', 'pre', 'figure', 'figcaption', 'hr',
  'table', 'caption', 'thead', 'tbody', 'tfoot', 'tr', 'td', 'th', 'h2', 'h3', 'h4', 'h5', 'h6',
]);
// Removed with their content.
const DROP = new Set([
  'script', 'noscript', 'style', 'template', 'iframe', 'frame', 'object', 'embed', 'applet', 'svg',
  'math', 'canvas', 'video', 'audio', 'source', 'track', 'picture', 'map', 'area', 'input', 'button',
  'select', 'textarea', 'option', 'label', 'meta', 'link', 'base', 'head', 'title',
]);
// Every tag the output may hold (DOMPurify's allow-list too).
export const OUTPUT_TAGS = [...INNER];

const HTML_NS = 'http://www.w3.org/1999/xhtml';
const SAFE_LINK = /^(?:https?|mailto):$/;
const SAFE_IMAGE = /^https?:$/;
const QUOTE_PAGE = /^https?:\/\/quote\.eastmoney\.com\//;
// The crawler's posts separate paragraphs by "\n " and glue the source line on:
// the same layout lets an export of this html match the blog byte for byte.
const SEPARATOR = '\n ';

interface Block {
  el: Element;
  /** The block's text, trimmed. */
  text: string;
  media: boolean;
  /** A paragraph of plain text (no markup inside): serialized from `text`. */
  plain: boolean;
}

export function cleanBody(article: Element, options: CleanOptions): CleanBody {
  const doc = article.ownerDocument;
  let blocks: Block[] = [];
  for (const candidate of collectBlocks(article, doc)) {
    const block = cleanBlock(candidate, doc, options.baseUrl);
    if (block) blocks.push(block);
  }
  if (options.finews) blocks = dropFurniture(blocks, options.title);
  blocks = placeMediaLine(blocks, doc, options.mediaLine);

  // Serialized block by block rather than gathered under one parent: moving
  // thousands of children is quadratic in jsdom (each removal re-indexes siblings).
  const images: string[] = [];
  let textLength = 0;
  let linkTextLength = 0;
  const html = blocks.map((block) => {
    if (!block.media) textLength += block.text.length;
    if (block.plain) return `<p${block.media ? ` class="${MEDIA_CLASS}"` : ''}>${escapeText(block.text)}</p>`;
    const imgs = block.el.getElementsByTagName('img');
    for (let k = 0; k < imgs.length; k++) images.push(imgs[k]!.getAttribute('src')!);
    if (block.media) block.el.setAttribute('class', MEDIA_CLASS);
    else linkTextLength += linkText(block.el);
    return block.el.outerHTML;
  });
  return {
    blocks: html,
    endsWithMediaLine: blocks.length > 0 && blocks[blocks.length - 1]!.media,
    images: [...new Set(images)],
    textLength,
    linkTextLength,
  };
}

/** The blocks as stored: "\n " between blocks, none before the closing source line. */
export function layOut(blocks: string[], endsWithMediaLine: boolean): string {
  if (!endsWithMediaLine || blocks.length < 2) return blocks.join(SEPARATOR);
  return blocks.slice(0, -1).join(SEPARATOR) + blocks[blocks.length - 1];
}

// What the HTML serializer escapes in text: the same bytes as innerHTML would give.
const TEXT_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '\u00a0': '&nbsp;' };
function escapeText(text: string): string {
  return text.replace(/[&<>\u00a0]/g, (c) => TEXT_ESCAPES[c]!);
}

/** Readability's tree as a flat list of blocks; loose inline content is wrapped in `<p>`. */
function collectBlocks(root: Element, doc: Document): Element[] {
  const blocks: Element[] = [];
  let run: Node[] = [];
  const flush = () => {
    if (run.some(isContent)) {
      const p = doc.createElement('p');
      for (const n of run) p.appendChild(n);
      blocks.push(p);
    }
    run = [];
  };
  const visit = (parent: Element) => {
    for (let child = parent.firstChild; child; ) {
      const next = child.nextSibling;
      if (child.nodeType === TEXT_NODE) {
        run.push(child);
      } else if (child.nodeType === ELEMENT_NODE) {
        const el = child as Element;
        const tag = el.localName;
        if (DROP.has(tag) || el.namespaceURI !== HTML_NS) {
          // skipped: never copied into the output
        } else if (BLOCKS.has(tag) && !(tag === 'p' && holdsBlocks(el))) {
          flush();
          blocks.push(el);
        } else if (CONTAINERS.has(tag) || tag === 'p') {
          flush();
          visit(el);
        } else if (holdsBlocks(el)) {
          // An inline wrapper: its loose text goes on the line around it.
          visit(el);
        } else {
          run.push(el);
        }
      }
      child = next;
    }
  };
  visit(root);
  flush();
  return blocks;
}

function isContent(node: Node): boolean {
  return node.nodeType === ELEMENT_NODE ? (node as Element).localName !== 'br' : /\S/.test(node.nodeValue ?? '');
}

// `<font><p>…</p></font>` and the like: an inline wrapper around blocks is a container.
// So is a `<p>` around blocks, which no parser makes but Readability does: it wraps
// "phrasing" runs in a `<p>`, and a `<b>` left open across a table (malformed
// pages) holds that table and the paragraphs after it. Kept as one block, it would
// serialize to HTML that parses back into another tree (and hide the source line).
function holdsBlocks(el: Element): boolean {
  return el.firstElementChild !== null && el.querySelector('p,div,table,ul,ol,h2,h3,h4,h5,h6,blockquote,pre') !== null;
}

/** Cleans one block in place; null when nothing is left of it. */
function cleanBlock(candidate: Element, doc: Document, baseUrl: string): Block | null {
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

/** Finews furniture that survived Readability: noise lines, related-news lists, the title again. */
function dropFurniture(blocks: Block[], title: string | undefined): Block[] {
  const kept: Block[] = [];
  let inRelated = false;
  for (const block of blocks) {
    const tag = block.el.localName;
    const structure = STRUCTURES.has(tag);
    if (inRelated) {
      // A related-news heading is followed by its links; real text ends the list.
      if (tag === 'ul' || tag === 'ol' || (!block.plain && linkText(block.el) >= block.text.length)) continue;
      inRelated = false;
    }
    if (!structure && isRelatedHeading(block.text)) {
      inRelated = true;
      continue;
    }
    if (!structure && isNoiseLine(block.text)) continue;
    // Lines of links only are page furniture in finews bodies (the blog's share link
    // and back-links, "more" links); the words of a link inside a sentence are kept.
    if (!structure && !block.plain && isLinksOnly(block.text, linkText(block.el))) continue;
    if (title && block.text === title && /^h[2-6]$/.test(tag)) continue;
    if (tag === 'ul' || tag === 'ol') {
      if (isNewsLinkList(block.el)) continue;
      if (pruneNoiseItems(block.el)) {
        block.text = (block.el.textContent ?? '').trim();
        if (!block.text) continue;
      }
    }
    kept.push(block);
  }
  return kept;
}

/** A list whose every item is just a link to another news article. */
function isNewsLinkList(list: Element): boolean {
  const items = Array.from(list.children).filter((li) => li.localName === 'li');
  if (!items.length) return false;
  return items.every((li) => {
    const links = li.getElementsByTagName('a');
    const link = links[0];
    if (!link || links.length !== 1 || link.textContent?.trim() !== li.textContent?.trim()) return false;
    return classifyPage(link.getAttribute('href') ?? '').kind !== 'other';
  });
}

/** Removes promotional items from a list; returns whether any went. */
function pruneNoiseItems(list: Element): boolean {
  let removed = false;
  for (const li of Array.from(list.children)) {
    if (li.localName === 'li' && isNoiseLine((li.textContent ?? '').trim())) {
      li.remove();
      removed = true;
    }
  }
  return removed;
}

/** The source line ends the body: whatever follows it (the blog's links) is not article text. */
function placeMediaLine(blocks: Block[], doc: Document, mediaLine: string | undefined): Block[] {
  let last = -1;
  blocks.forEach((block, i) => {
    if (block.media) last = i;
  });
  // Only the last source line keeps its class; an earlier one is a plain paragraph.
  blocks.forEach((block, i) => {
    if (i !== last) block.media = false;
  });
  if (last >= 0) return blocks.slice(0, last + 1);
  if (!mediaLine || !blocks.length) return blocks;
  // Readability judged the source line out (its class reads like a negative hint): put it back.
  return [...blocks, { el: doc.createElement('p'), text: mediaLine, media: true, plain: true }];
}

function linkText(el: Element): number {
  const links = el.getElementsByTagName('a');
  let length = 0;
  for (let i = 0; i < links.length; i++) length += (links[i]!.textContent ?? '').trim().length;
  return length;
}

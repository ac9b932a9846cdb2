/**
 * The short lines around a finews title that carry the time and the source
 * (`2022-02-10 08:10:19 来源：定西日报`, `发布时间：…`, a time in an `<em>`),
 * whatever elements the layout builds them from.
 */
import { squash, TEXT_NODE } from './dom';
import { isHidden } from './title';

// Info lines are short; a long neighbour is body text and may quote other dates.
export const MAX_INFO_LENGTH = 200;
// A paragraph this long (or indented the Eastmoney way) is the body: the header area ends there.
const BODY_PARAGRAPH_LENGTH = 60;
const INDENTED = /^\s*\u3000\u3000\S/;
// Bounds on the walk through the header area: share pages put a few lines there.
const MAX_HEADER_LINES = 30;
const MAX_HEADER_NODES = 400;
// Elements that are part of a line, not a line of their own.
const INLINE = new Set([
  'span', 'em', 'i', 'b', 'strong', 'a', 'font', 'small', 'time', 'label', 'u', 'cite', 'abbr', 'sup', 'sub', 'mark', 'bdi',
]);
const NOT_TEXT = new Set(['script', 'style', 'noscript', 'template', 'textarea']);

/** Short visible elements just before and after `title` (or the wrapper it is alone in). */
export function linesBeside(title: Element): Element[] {
  let anchor = title;
  for (let depth = 0; depth < 3; depth++) {
    const parent = anchor.parentElement;
    if (!parent || parent.localName === 'body' || parent.childElementCount !== 1) break;
    anchor = parent;
  }
  const found: Element[] = [];
  for (let el = anchor.nextElementSibling, n = 0; el && n < 3; el = el.nextElementSibling, n++) {
    if (isInfoLike(el)) found.push(el);
  }
  for (let el = anchor.previousElementSibling, n = 0; el && n < 2; el = el.previousElementSibling, n++) {
    if (isInfoLike(el)) found.push(el);
  }
  return found;
}

/**
 * The lines of the header area: from `start` (the title, or the top of the
 * page) in document order until the body begins (`bodyBlock`, or the first
 * long or indented paragraph). Each line is the block element holding a run
 * of text, so a time split over several `<span>`s reads as one.
 */
export function headerLines(doc: Document, start: Element | undefined, bodyBlock: Element | undefined): Element[] {
  const body = doc.body;
  if (!body) return [];
  const walker = doc.createTreeWalker(body, 0x4 /* SHOW_TEXT */);
  if (start) {
    // Start after the title's own text.
    let last: Node = start;
    while (last.lastChild) last = last.lastChild;
    walker.currentNode = last;
  }
  const lines: Element[] = [];
  let looked = 0;
  for (let node = walker.nextNode(); node && looked < MAX_HEADER_NODES; node = walker.nextNode(), looked++) {
    if (node.nodeType !== TEXT_NODE || !(node.nodeValue ?? '').trim()) continue;
    const parent = node.parentElement;
    if (!parent || NOT_TEXT.has(parent.localName) || (bodyBlock && bodyBlock.contains(node))) {
      if (bodyBlock?.contains(node)) break;
      continue;
    }
    const line = lineOf(parent, body);
    if (startsBody(line)) break;
    if (lines.at(-1) !== line && !lines.includes(line) && isInfoLike(line)) lines.push(line);
    if (lines.length >= MAX_HEADER_LINES) break;
  }
  return lines;
}

function lineOf(el: Element, body: Element): Element {
  let line = el;
  while (INLINE.has(line.localName) && line.parentElement && line.parentElement !== body) line = line.parentElement;
  return line;
}

function startsBody(line: Element): boolean {
  if (line.localName !== 'p') return false;
  const raw = line.textContent ?? '';
  return INDENTED.test(raw) || squash(raw).length >= BODY_PARAGRAPH_LENGTH;
}

// A short body (one paragraph and its source line) may sit right under the title:
// never take it for an info line. Hidden elements are not what the reader sees.
export function isInfoLike(el: Element): boolean {
  if ((el.textContent ?? '').length > MAX_INFO_LENGTH) return false;
  if (isHidden(el) || el.closest('li, a, nav, footer')) return false;
  // Link lists and headings are never an info line, even when they hold a date (related news).
  return !el.classList.contains('em_media') && !el.querySelector('.em_media, p + p, li, h1, h2, h3, h4, h5, h6');
}

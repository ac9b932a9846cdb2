/**
 * A pass over the working copy before Readability runs: it removes what can never
 * be article text, so Readability both sees less noise and has less to walk.
 * One hand-written walk rather than selector queries: in jsdom a selector list
 * like this costs ~50× a walk, and in Chromium the walk is as cheap as a query.
 */
import { COMMENT_NODE, ELEMENT_NODE, unwrap } from './dom';

// Never part of an article; iframes and embeds are also refused by the sanitizer.
// A `<base>` in the body is dropped too: the copy resolves links against the page address.
const ALWAYS_DROP = new Set([
  'script', 'noscript', 'style', 'template', 'iframe', 'frame', 'frameset', 'object', 'embed', 'applet',
  'svg', 'math', 'canvas', 'base', 'link', 'meta',
]);

// Site chrome by element name (the blog's site header carries an h1 and a tagline)…
const LAYOUT = new Set(['header', 'footer', 'nav', 'aside']);
// …unless the article body itself sits inside it.
const BODY_MARKERS = '.em_media,#ContentBody';

// Hidden blocks: Eastmoney hides draft and SEO paragraphs with inline styles.
const HIDDEN_STYLE = /display\s*:\s*none|visibility\s*:\s*hidden/i;
// Quote links around stock names (`<span id="stock_1.600000"><a class="keytip">`):
// the name is article text, the link is furniture.
const QUOTE_CLASS = /(?:^|\s)(?:keytip|em_stock_key_common)(?:\s|$)/;
const QUOTE_HOST = 'quote.eastmoney.com';
// Advertising images, and live K-line chart images (also caught when their comment markers are missing).
const AD_CLASS = /(?:^|\s)em_handle_adv_close(?:\s|$)/;
const KLINE_IMAGE_HOST = 'webquotepic.eastmoney.com';
// K-line blocks sit between these comments, which Readability throws away: cut them first.
const KLINE_START = 'EM_StockImg_Start';
const KLINE_END = 'EM_StockImg_End';

type Action = 'keep' | 'remove' | 'unwrap';

/** Prunes `doc` in place; returns how deep its elements nest (what is left of them). */
export function prune(doc: Document, finews: boolean): number {
  const body = doc.body;
  if (!body) return 0;
  let depth = 0;
  let maxDepth = 0;
  const removals: Node[] = [];
  const unwraps: Element[] = [];
  const klineBlocks: [Node, Node][] = [];
  let klineStart: Node | null = null;

  let node: Node | null = body.firstChild;
  while (node) {
    let descend = true;
    if (node.nodeType === ELEMENT_NODE) {
      const action = finews ? finewsAction(node as Element) : basicAction(node as Element);
      if (action === 'remove') {
        removals.push(node);
        descend = false;
      } else if (action === 'unwrap') {
        unwraps.push(node as Element);
      }
    } else if (finews && node.nodeType === COMMENT_NODE) {
      const text = (node.nodeValue ?? '').trim();
      if (text === KLINE_START) klineStart = node;
      else if (text === KLINE_END && klineStart) {
        klineBlocks.push([klineStart, node]);
        klineStart = null;
      }
    }
    // Next node in document order, skipping the subtree of a removed element.
    if (descend && node.firstChild) {
      node = node.firstChild;
      if (++depth > maxDepth) maxDepth = depth;
    } else {
      while (node !== body && !node.nextSibling) {
        node = node.parentNode!;
        depth--;
      }
      node = node === body ? null : node.nextSibling;
    }
  }

  for (const [from, to] of klineBlocks) removeBetween(doc, from, to);
  for (const el of removals) el.parentNode?.removeChild(el);
  for (const el of unwraps) unwrap(el);
  return maxDepth;
}

function basicAction(el: Element): Action {
  return ALWAYS_DROP.has(el.localName) ? 'remove' : 'keep';
}

function finewsAction(el: Element): Action {
  const tag = el.localName;
  if (ALWAYS_DROP.has(tag)) return 'remove';
  if (LAYOUT.has(tag)) return el.querySelector(BODY_MARKERS) ? 'keep' : 'remove';
  if (el.attributes.length === 0) return 'keep';
  if (el.hasAttribute('hidden') || HIDDEN_STYLE.test(el.getAttribute('style') ?? '')) return 'remove';
  if (tag === 'img') {
    const src = el.getAttribute('src') ?? '';
    return AD_CLASS.test(el.getAttribute('class') ?? '') || src.includes(KLINE_IMAGE_HOST) ? 'remove' : 'keep';
  }
  if (tag === 'span') {
    return (el.getAttribute('id') ?? '').startsWith('stock_') || QUOTE_CLASS.test(el.getAttribute('class') ?? '')
      ? 'unwrap'
      : 'keep';
  }
  if (tag === 'a') {
    return QUOTE_CLASS.test(el.getAttribute('class') ?? '') || (el.getAttribute('href') ?? '').includes(QUOTE_HOST)
      ? 'unwrap'
      : 'keep';
  }
  return 'keep';
}

/** Removes every node between two comments (siblings in practice; a Range otherwise). */
function removeBetween(doc: Document, from: Node, to: Node): void {
  const parent = from.parentNode;
  if (!parent || !to.parentNode) return;
  if (parent === to.parentNode) {
    // Far cheaper than a Range (jsdom's are slow on long pages).
    while (from.nextSibling && from.nextSibling !== to) parent.removeChild(from.nextSibling);
    return;
  }
  const range = doc.createRange();
  range.setStartAfter(from);
  range.setEndBefore(to);
  range.deleteContents();
  range.detach();
}

/**
 * Share pages fill their body by script after load (from GetNewsText.do), so
 * the content script waits, bounded, for the body before extracting.
 */
import { isSharePage } from '../finews/share-url';
import { SHOW_TEXT } from './dom';
import { isArticleGoneLine, isNoiseLine } from './noise';

export const DEFAULT_BODY_TIMEOUT_MS = 10_000;

// Enough paragraph text that it cannot be the page's own chrome (disclaimer, footer).
const MIN_PARAGRAPH_TEXT = 80;
// Eastmoney indents body paragraphs with two full-width spaces; page chrome is not indented.
const INDENTED = /^\s*\u3000\u3000\S/;
// The "article is gone" line is short and near the top: a bounded look is enough.
const MAX_GONE_LINE = 60;
const MAX_TEXT_NODES_LOOKED_AT = 5_000;
// A page may change itself hundreds of times a second: look at most this often.
const CHECK_INTERVAL_MS = 50;
// Text of these is code or markup, not what the page says.
const NOT_TEXT = new Set(['script', 'style', 'noscript', 'template', 'textarea']);

/**
 * Whether the article body is in `doc`, judged by robust signals rather than one
 * container name: the `em_media` source line, an Eastmoney-indented paragraph, or
 * enough paragraph text that is not page furniture.
 */
export function hasArticleBody(doc: Document): boolean {
  if (doc.querySelector('p.em_media, #ContentBody p')) return true;
  const paragraphs = doc.getElementsByTagName('p');
  let total = 0;
  for (let i = 0; i < paragraphs.length; i++) {
    const raw = paragraphs[i]?.textContent ?? '';
    if (INDENTED.test(raw)) return true;
    const text = raw.trim();
    if (!text || isNoiseLine(text)) continue;
    total += text.length;
    if (total >= MIN_PARAGRAPH_TEXT) return true;
  }
  return false;
}

/**
 * Whether the page says, in place of its body, that the article is gone
 * (`抱歉，该资讯不存在或已被删除`): then no body will come, and waiting for one
 * would only delay the "not an article" answer.
 */
export function showsArticleGone(doc: Document): boolean {
  const body = doc.body;
  if (!body) return false;
  const walker = doc.createTreeWalker(body, SHOW_TEXT);
  let looked = 0;
  for (let node = walker.nextNode(); node && looked < MAX_TEXT_NODES_LOOKED_AT; node = walker.nextNode(), looked++) {
    const text = (node.nodeValue ?? '').trim();
    if (!text || text.length > MAX_GONE_LINE || NOT_TEXT.has((node.parentNode as Element | null)?.localName ?? '')) continue;
    if (isArticleGoneLine(text)) return true;
  }
  return false;
}

/**
 * Resolves true once there is nothing more to wait for (the body is there, or
 * the page says the article is gone), false when `timeoutMs` passes first.
 */
export function waitForArticleBody(doc: Document, options: { timeoutMs?: number } = {}): Promise<boolean> {
  const settled = () => hasArticleBody(doc) || showsArticleGone(doc);
  // Only share pages load their body late; on any other page what is there is the body.
  if (!isSharePage(doc.URL) || settled()) return Promise.resolve(true);
  const win = doc.defaultView;
  if (!win) return Promise.resolve(false);
  const timeoutMs = options.timeoutMs ?? DEFAULT_BODY_TIMEOUT_MS;
  return new Promise((resolve) => {
    let done = false;
    let check: number | undefined;
    const finish = (present: boolean) => {
      if (done) return;
      done = true;
      observer.disconnect();
      win.clearTimeout(timer);
      win.clearTimeout(check);
      resolve(present);
    };
    const observer = new win.MutationObserver(() => {
      // Checks are batched: a page rewriting itself on a timer costs one look per interval.
      check ??= win.setTimeout(() => {
        check = undefined;
        if (settled()) finish(true);
      }, CHECK_INTERVAL_MS);
    });
    // The document itself, not its <html>: document.open() replaces the whole tree.
    observer.observe(doc, { childList: true, subtree: true, characterData: true });
    const timer = win.setTimeout(() => finish(settled()), timeoutMs);
  });
}

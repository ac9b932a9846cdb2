/**
 * Share pages fill their body by script after load (from GetNewsText.do), so
 * the content script waits, bounded, for the body before extracting.
 */
import { isSharePage } from '../share-url';
import { isNoiseLine } from './noise';

export const DEFAULT_BODY_TIMEOUT_MS = 10_000;

// Enough paragraph text that it cannot be the page's own chrome (disclaimer, footer).
const MIN_PARAGRAPH_TEXT = 80;
// Eastmoney indents body paragraphs with two full-width spaces; page chrome is not indented.
const INDENTED = /^\s*\u3000\u3000\S/;

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

export function waitForArticleBody(doc: Document, options: { timeoutMs?: number } = {}): Promise<boolean> {
  // Only share pages load their body late; on any other page what is there is the body.
  if (!isSharePage(doc.URL) || hasArticleBody(doc)) return Promise.resolve(true);
  const win = doc.defaultView;
  if (!win) return Promise.resolve(false);
  const timeoutMs = options.timeoutMs ?? DEFAULT_BODY_TIMEOUT_MS;
  return new Promise((resolve) => {
    let settled = false;
    const settle = (present: boolean) => {
      if (settled) return;
      settled = true;
      observer.disconnect();
      win.clearTimeout(timer);
      resolve(present);
    };
    const observer = new win.MutationObserver(() => {
      if (hasArticleBody(doc)) settle(true);
    });
    observer.observe(doc.documentElement ?? doc, { childList: true, subtree: true, characterData: true });
    const timer = win.setTimeout(() => settle(hasArticleBody(doc)), timeoutMs);
  });
}

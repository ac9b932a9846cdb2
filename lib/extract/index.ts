/**
 * Article extraction, shared by the content script (live page) and Node (jsdom):
 * the page's metadata from every signal it offers, one copy of the page (just
 * its body block when the page marks one), cheap prune passes, Readability
 * when the page does not mark its body, a clean-up, DOMPurify. The page
 * itself is only read.
 */
import { Readability } from '@mozilla/readability';
import type { Article, ExtractResult } from '../article';
import { canonicalUrl, shareUrl } from '../finews/share-url';
import { cleanBody, layOut } from './clean-body';
import { squash, textExceeds } from './dom';
import { failure } from './failures';
import { isGarbled } from './garbled';
import { classifyPage } from './page-kind';
import { readFinewsMeta, type FinewsMeta } from './page-meta';
import { prune } from './prune';
import { normalizeIsoTime } from './published-time';
import { canSanitize, sanitizeBody } from './sanitize';
import { copyForExtraction, findBodyBlock } from './work-doc';

export { DEFAULT_BODY_TIMEOUT_MS, hasArticleBody, waitForArticleBody } from './wait-for-body';
export { failureMessage } from './failures';

/** Pages with more text than this are refused rather than freezing the tab. */
export const MAX_TEXT_LENGTH = 5_000_000;
/** …and so are pages nested deeper than this (real pages stay far below it). */
export const MAX_DEPTH = 128;
// Less text than this (source line excluded) is an error state or a stub, not an article.
const MIN_ARTICLE_TEXT = 10;
// Mostly link text: a list, search or index page.
const MAX_LINK_DENSITY = 0.5;
// Finews bodies are often short; with the page chrome gone nothing can be confused
// with them, and Readability's retries (each re-parses the page) would be wasted.
const FINEWS_CHAR_THRESHOLD = 100;

/**
 * Extracts the article of `doc`, read at `url`. Never mutates `doc` (Readability
 * runs on a copy), never throws: unreadable pages give `{ ok: false }`.
 * Finews pages (share pages, Eastmoney article pages, blog posts) get the finews
 * metadata and clean-up; any other page gets plain Readability, cleaned and sanitized.
 */
export function extractArticle(doc: Document, url: string): ExtractResult {
  try {
    return extract(doc, url);
  } catch {
    // Hostile or malformed markup can break a DOM pass; that page is simply not readable.
    return failure('not-article');
  }
}

function extract(doc: Document, url: string): ExtractResult {
  const win = doc.defaultView;
  if (!doc.body || !canSanitize(win)) return failure('not-article');
  // Checked before any copy is made: a runaway page never reaches Readability.
  if (textExceeds(doc.body, MAX_TEXT_LENGTH)) return failure('too-large');

  const page = classifyPage(url);
  const finews = page.kind !== 'other';
  const block = finews ? findBodyBlock(doc) : undefined;
  const meta: FinewsMeta = finews ? readFinewsMeta(doc, block) : { drop: [] };
  const work = copyForExtraction(doc, url, meta.drop, block);
  // Readability's time grows steeply with nesting depth (seconds at a few hundred levels).
  if (prune(work, finews) > MAX_DEPTH) return failure('too-large');

  // A body block the page marks itself (`#ContentBody`, the em_media line's paragraphs) is the
  // article already: Readability would only score it to pick it again. Measured on the whole
  // corpus and every template, skipping it changes no output and saves most of the time
  // (README › What the extractor reads). Any other page gets Readability's choice.
  const parsed = block
    ? { title: '', content: work.body.firstElementChild, publishedTime: null }
    : new Readability<Node>(work, {
        serializer: (node) => node,
        // Classes are stripped by the clean-up anyway; Readability's own pass would be wasted.
        keepClasses: true,
        disableJSONLD: finews,
        charThreshold: finews ? FINEWS_CHAR_THRESHOLD : undefined,
      }).parse();
  const content = parsed?.content as Element | null | undefined;
  if (!parsed || !content) return failure('not-article');

  const title = meta.title || squash(parsed.title) || squash(doc.title);
  const body = cleanBody(content, { baseUrl: url, finews, title, mediaLine: meta.mediaLine });
  if (body.textLength < MIN_ARTICLE_TEXT || body.linkTextLength > body.textLength * MAX_LINK_DENSITY) {
    return failure('not-article');
  }
  const bare = body.blocks.join('');
  // U+FFFD appears in text only (attribute values are URLs, which escape it), so the
  // markup around the text does not count against it.
  if (isGarbled(title + bare, title.length + body.textLength)) return failure('garbled');
  const html = sanitizeBody(win, bare, layOut(body.blocks, body.endsWithMediaLine));

  const site = hostOf(url);
  const canonical = page.infoCode ? shareUrl(page.infoCode) : canonicalUrl(url);
  const publishedAt = meta.publishedAt ?? normalizeIsoTime(parsed.publishedTime);
  const article: Article = {
    id: page.infoCode ?? canonical,
    ...(page.infoCode && { infoCode: page.infoCode }),
    url,
    canonicalUrl: canonical,
    title: title || site,
    ...(publishedAt && { publishedAt }),
    ...(meta.source && { source: meta.source }),
    site,
    html,
    images: body.images,
  };
  return { ok: true, article };
}

function hostOf(url: string): string {
  try {
    return new URL(url).hostname;
  } catch {
    return '';
  }
}

import type { ExtractResult } from './article';
import { extractArticle, waitForArticleBody } from './extract/index';
import { isSharePage } from './share-url';

export const BODY_WAIT_MS = 10_000;

/**
 * Extraction as the extension runs it on a live page. A share page may fill
 * its body by script after load, so there we wait (bounded) for it; any
 * other page is read as it is.
 */
export async function extractWhenReady(doc: Document, url: string, timeoutMs = BODY_WAIT_MS): Promise<ExtractResult> {
  if (!isSharePage(url)) return extractArticle(doc, url);
  const arrived = await waitForArticleBody(doc, { timeoutMs });
  const result = extractArticle(doc, url);
  if (arrived || result.ok) return result;
  return {
    ok: false,
    reason: 'no-body',
    message: `The article body did not arrive within ${Math.round(timeoutMs / 1000)} s; nothing was saved.`,
  };
}

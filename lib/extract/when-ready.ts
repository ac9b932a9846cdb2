import type { ExtractResult } from '../article';
import { DEFAULT_BODY_TIMEOUT_MS, extractArticle, failureMessage, waitForArticleBody } from './index';

/**
 * Extraction as the extension runs it on a live page. A share page may fill
 * its body by script after load, so the wait (bounded) comes first; on any
 * other page waitForArticleBody answers at once.
 */
export async function extractWhenReady(doc: Document, url: string, timeoutMs = DEFAULT_BODY_TIMEOUT_MS): Promise<ExtractResult> {
  const arrived = await waitForArticleBody(doc, { timeoutMs });
  const result = extractArticle(doc, url);
  if (arrived || result.ok) return result;
  return { ok: false, reason: 'no-body', message: failureMessage('no-body') };
}

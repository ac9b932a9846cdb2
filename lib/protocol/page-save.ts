/**
 * The in-page button's save, apart from the page: extract, hand the article
 * to the background, and when the background stops before answering, ask the
 * library whether the save landed (a save is one transaction: whole or
 * absent). The content script only draws what this returns.
 */
import type { Article, ExtractResult } from '../article';
import { answerWithin, SAVE_ANSWER_MS, type StoreOutcome } from './messages';

/** How a save from the page ended: `reason` names the failure (lib/platform/i18n.ts failureKey has its words). */
export type PageSaveEnd =
  | { state: 'saved'; photosWithoutAccess: number }
  | {
      state: 'failed';
      reason: string;
      /** When the background stalled rather than stopped: resolves true should its save still land. */
      lateSave?: Promise<boolean>;
    };

/** What the save needs from the page and the browser, passed in so tests can stand in for them. */
export interface PageSaveSeams {
  extract: () => Promise<ExtractResult>;
  /** Sends `save-article`; resolves with the background's answer (undefined when its channel closed). */
  send: (article: Article) => Promise<StoreOutcome | undefined>;
  /** Whether the library holds this page's article; undefined when the background cannot say. */
  isSaved: () => Promise<boolean | undefined>;
  answerMs?: number;
}

export async function saveFromPage(seams: PageSaveSeams): Promise<PageSaveEnd> {
  const result = await seams.extract();
  if (!result.ok) return { state: 'failed', reason: result.reason };
  const request = seams.send(result.article);
  const outcome = await answerWithin(request, seams.answerMs ?? SAVE_ANSWER_MS);
  if (outcome.ok) return { state: 'saved', photosWithoutAccess: outcome.photosWithoutAccess };
  if (outcome.reason !== 'interrupted') return { state: 'failed', reason: outcome.reason };
  if (await seams.isSaved()) return { state: 'saved', photosWithoutAccess: 0 };
  return {
    state: 'failed',
    reason: outcome.reason,
    lateSave: request.then(
      (late) => late?.ok === true,
      () => false,
    ),
  };
}

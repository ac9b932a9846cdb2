/**
 * The extension pages' side of sync: they ask the background, which runs
 * every sync (one at a time, surviving the page's closing).
 */
import { browser } from 'wxt/browser';
import { answerWithin, message, type Interrupted, type MessageType, type Protocol, type SyncTestOutcome, type ViewOrFailure } from '../protocol/messages';
import type { SyncConfig } from '../sync/url';

/** A first sync of a large library can take minutes; the status is polled meanwhile. */
const SYNC_ANSWER_MS = 30 * 60_000;
/** A status or a test: a scan of the library, or one request (30 s at most) and the worker's start. */
const SHORT_ANSWER_MS = 45_000;

type Answer<T extends MessageType> = Protocol[T]['response'] | Interrupted;

function ask<T extends MessageType>(type: T, body: Protocol[T]['request'], ms: number): Promise<Answer<T>> {
  return answerWithin(browser.runtime.sendMessage(message(type, body)) as Promise<Protocol[T]['response'] | undefined>, ms);
}

export const askSyncNow = (): Promise<ViewOrFailure> => ask('sync-now', {}, SYNC_ANSWER_MS);
/** The status; `countPending` also counts the changes waiting, which reads every article (the options page, not the popup). */
export const askSyncStatus = (countPending = false): Promise<ViewOrFailure> => ask('sync-status', { countPending }, SHORT_ANSWER_MS);

/** Tests the form's values (saved or not) where syncs run, the background, so a pass means a sync can reach the folder. */
export async function askSyncTest(config: SyncConfig): Promise<SyncTestOutcome> {
  const answer = await ask('sync-test', { config }, SHORT_ANSWER_MS);
  if (answer.ok) return answer;
  return { ok: false, kind: 'kind' in answer ? answer.kind : answer.reason, message: answer.message };
}

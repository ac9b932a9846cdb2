/**
 * The reader's words for how a sync ended: one message per kind of failure
 * (lib/sync/store.ts SyncErrorKind, the background's own `permission`
 * and `not-configured`, and `interrupted`: a sync stopped midway, see
 * lib/sync/state.ts lastSync), in both languages. The engine's English
 * detail is added only where it names what no sentence can (a server's
 * refusal, a damaged file, the library's own error). The status line's
 * words too.
 * Words come from the caller, so the popup, the options page and the unit
 * tests share this.
 */
import type { MessageKey, PageWords, Words } from '../words';
import type { SyncErrorKind } from './store';
import { displayState, type SyncView } from './view';

/** A page's words, and how it writes a moment (the browser's locale; a test's own). */
export interface SyncWords extends PageWords {
  when: (at: number) => string;
}

// A Record over every kind: a kind added to the engine without its words fails typecheck.
const KEYS: Record<SyncErrorKind | 'permission' | 'not-configured' | 'interrupted', MessageKey> = {
  'bad-url': 'syncErrorBadUrl',
  unreachable: 'syncErrorUnreachable',
  timeout: 'syncErrorTimeout',
  auth: 'syncErrorAuth',
  forbidden: 'syncErrorForbidden',
  'not-found': 'syncErrorNotFound',
  conflict: 'syncErrorConflict',
  full: 'syncErrorFull',
  'too-large': 'syncErrorTooLarge',
  corrupt: 'syncErrorCorrupt',
  server: 'syncErrorServer',
  library: 'syncErrorLibrary',
  permission: 'syncErrorPermission',
  'not-configured': 'syncErrorNotConfigured',
  interrupted: 'syncErrorInterrupted',
};

/** The message key for a failure's kind; an unknown kind reads as a server's refusal. */
export function syncErrorKey(kind: string | undefined): MessageKey {
  return KEYS[kind as keyof typeof KEYS] ?? 'syncErrorServer';
}

/** Whether the engine's own detail should follow the sentence. */
export function showsDetail(kind: string | undefined): boolean {
  return kind === 'server' || kind === 'corrupt' || kind === 'library' || kind === 'too-large' || !(kind && kind in KEYS);
}

/** A failure's sentence, with the engine's detail where no sentence can say it. */
export function syncProblem(t: Words, kind: string | undefined, detail: string | undefined): string {
  const sentence = t(syncErrorKey(kind));
  return detail && showsDetail(kind) ? `${sentence} (${detail})` : sentence;
}

/** The status line: what `data-state` says, in words. */
export function statusText(view: SyncView | undefined, { t, when }: SyncWords): string {
  if (!view?.configured) return t('syncStateOff');
  switch (displayState(view)) {
    case 'syncing':
      return t('syncStateSyncing');
    case 'ok':
      return t('syncStateOk', when(view.last!.at));
    case 'error':
      return t('syncStateError', when(view.last!.at), syncProblem(t, view.last!.kind, view.last!.message));
    default:
      return t('syncStateIdle');
  }
}

/** "Changes waiting: n", when the status counted them. */
export const pendingText = (view: SyncView | undefined, t: Words) => (view?.configured && view.pending !== undefined ? t('syncPending', String(view.pending)) : undefined);

/** Photos the last sync could not bring or send, when there were any (not while another runs: its count is not known yet). */
export const photosText = (view: SyncView | undefined, t: Words) =>
  view?.configured && !view.running && view.last?.photosFailed ? t('syncPhotosFailed', String(view.last.photosFailed)) : undefined;

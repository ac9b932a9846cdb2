/**
 * What the options page and the popup show of sync: the background's answer
 * to `sync-status` and `sync-now`, and the one state the `sync-status`
 * element carries (`data-state`). Plain data, no credentials.
 */
import type { LastSync } from './state';

export interface SyncView {
  /** A folder is set in the options. */
  configured: boolean;
  /** A sync is running now. */
  running: boolean;
  /** How the last sync (or attempt) ended; undefined before the first. */
  last?: LastSync;
  /** Articles changed or deleted here since the last sync, when asked for (it reads every article). */
  pending?: number;
}

export type SyncDisplayState = 'idle' | 'syncing' | 'ok' | 'error';

/** The `data-state` of the status: running wins; then how the last sync ended; idle before any (or with no folder set). */
export function displayState(view: SyncView | undefined): SyncDisplayState {
  if (!view?.configured) return 'idle';
  if (view.running) return 'syncing';
  return view.last?.state ?? 'idle';
}

/** The newer of two outcomes (the library's record of the last sync, and an attempt that never reached the engine). */
export function newerLast(a: LastSync | undefined, b: LastSync | undefined): LastSync | undefined {
  if (!a) return b;
  if (!b) return a;
  return b.at > a.at ? b : a;
}

/** What a sync is asked to do, and what it reports: the engine's input and output, which run.ts and the status carry. */
import type { ExportSettings } from '../export/post/post';
import type { PhotoReport } from './photos';

export interface SyncOptions {
  settings: ExportSettings;
  now?: () => number;
  /** Read the folder's `_posts/` for posts to import: on the first sync by default. */
  importPosts?: boolean;
  /** Waits between retries after a 412 (ms); tests shorten them. */
  retryDelays?: number[];
  /** Sync the articles' photos too (photos.ts). */
  photos?: boolean;
}

export interface SyncReport {
  state: 'ok' | 'error';
  /** Articles written into the library / deleted from it. */
  pulled: number;
  removed: number;
  /** Articles written to the folder / deleted from it. */
  pushed: number;
  tombstoned: number;
  /** Articles changed on both sides and merged. */
  conflicts: number;
  /** Posts of the blog read into the library. */
  imported: number;
  /** Shard writes retried after a 412. */
  retries: number;
  requests: number;
  /** Remote files found damaged (not applied; rewritten from this library). */
  corrupt: string[];
  /** With photos on, or when any failed: what moved and what could not. */
  photos?: PhotoReport;
  error?: { kind: string; message: string };
}

/** A report of a sync that has done nothing yet. */
export function emptyReport(): SyncReport {
  return { state: 'ok', pulled: 0, removed: 0, pushed: 0, tombstoned: 0, conflicts: 0, imported: 0, retries: 0, requests: 0, corrupt: [] };
}

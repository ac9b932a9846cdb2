/**
 * What the extension's pages and background call (the UI phase wires these
 * to `sync-now`, `sync-test`, `sync-status` and the alarms): each takes the
 * library and the settings the options page keeps in the extension's local
 * storage, and returns plain data a message can carry.
 */
import type { LibraryDb } from '../library/db';
import { getSettings } from '../library/settings';
import { syncLibrary } from './engine';
import type { SyncReport } from './report';
import { readLocalChanges } from './local-changes';
import { peekMeta, type LastSync } from './state';
import { SyncError } from './store';
import { folderUrl, type SyncConfig } from './url';
import { WebDavStore, type WebDavOptions } from './webdav';

/** One sync with the configured folder, with the library's export settings for the posts. Never throws. */
export async function syncNow(db: LibraryDb, config: SyncConfig, options: WebDavOptions & { now?: () => number } = {}): Promise<SyncReport> {
  let store: WebDavStore;
  let folder: string;
  try {
    folder = folderUrl(config.url).href;
    const meta = (await db.syncState.get('meta'))?.value as { folder?: string; conditional?: WebDavOptions['conditional'] } | undefined;
    store = new WebDavStore(config, { ...(meta?.folder === folder && meta.conditional && { conditional: meta.conditional }), ...options });
  } catch (error) {
    const e = error as SyncError;
    return { state: 'error', pulled: 0, removed: 0, pushed: 0, tombstoned: 0, conflicts: 0, imported: 0, retries: 0, requests: 0, corrupt: [], error: { kind: e.kind ?? 'bad-url', message: e.message } };
  }
  return syncLibrary(db, store, folder, { settings: await getSettings(db), photos: config.photos === true, ...(options.now && { now: options.now }) });
}

/** "Test connection": whether the folder answers with these credentials. */
export async function testConnection(config: SyncConfig, options: WebDavOptions = {}): Promise<{ ok: true } | { ok: false; kind: string; message: string }> {
  try {
    const listing = await new WebDavStore(config, options).list('');
    if (!listing) throw new SyncError('not-found', 'The sync folder does not exist on the server (404): create it, or check the address.', 404);
    return { ok: true };
  } catch (error) {
    const e = error instanceof SyncError ? error : new SyncError('server', String((error as Error)?.message ?? error));
    return { ok: false, kind: e.kind, message: e.message };
  }
}

export interface SyncStatus {
  last?: LastSync;
  /** Articles changed or deleted here since the last sync (what the next one pushes). */
  pending: number;
}

/** The status line: the last sync and the changes waiting (the change log's rows, or the library's where the next sync reads it whole; no request). */
export async function syncStatus(db: LibraryDb): Promise<SyncStatus> {
  const meta = await peekMeta(db);
  const { pending } = await readLocalChanges(db, meta);
  return { ...(meta?.last && { last: meta.last }), pending };
}

/**
 * Sync's last-known state, in the library's `syncState` table (schema
 * version 3): what this browser saw of each remote shard when it last synced
 * it — the shard's ETag and each article's record hash and tombstone — and
 * one `meta` row. The engine compares the library with this state to find
 * local changes, and the shard ETags with the server's to find remote ones,
 * so a sync moves only what changed. Not part of a backup (it describes one
 * browser's view of one folder), and reset when the folder changes.
 */
import type { ExportSettings } from '../export/settings';
import type { LibraryDb } from '../library/db';
import type { ConditionalMode } from './webdav';

export interface KnownShard {
  /** The ETag of the shard as last read or written; undefined when the server gave none (it is then re-read). */
  etag?: string;
  /** Article id → recordHash, as the shard held it. */
  hashes: Record<string, string>;
  /** Article id → deletion time. */
  deleted: Record<string, number>;
  /** The shard header's `posts`: the settings hash its posts were written with (undefined: not recorded). */
  posts?: string;
  /**
   * Article id → the export's own post name (post-names.ts `plainName`; absent
   * for an undated article): the library's post names, so a sync that reads
   * only the changed rows still knows every name. Undefined in state written
   * before the change log: that sync then reads the whole library.
   */
  names?: Record<string, string>;
}

/** How the last sync ended: what the options page and the popup show. */
export interface LastSync {
  at: number;
  state: 'ok' | 'error';
  message?: string;
  kind?: string;
}

export interface SyncMeta {
  /** The folder this state describes (its normalized URL). */
  folder: string;
  /** The folder layout exists (checked once, on the first sync). */
  initialized: boolean;
  /** The blog's own `_posts/` were read for posts to import. */
  postsScanned: boolean;
  conditional?: ConditionalMode;
  last?: LastSync;
  /** settingsHash of this browser's own export settings at its last sync: a change means its user changed them. */
  ownSettings?: string;
  /** The folder's post settings (post-settings.ts) as last read or written, with the file's ETag. */
  postSettings?: { settings: ExportSettings; etag?: string };
  /** Post-name clashes as this browser last settled them (post-names.ts): lower-case name → [id, file name] of each. */
  clashes?: Record<string, [string, string][]>;
  /**
   * Every local change since this state was recorded is in the change log
   * (lib/library/change-log.ts): set by a sync that read the whole library
   * and finished; absent for a new folder and for state written before the log.
   */
  changeLog?: boolean;
}

const META = 'meta';
const SHARD_PREFIX = 'shard:';

export async function loadMeta(db: LibraryDb, folder: string): Promise<SyncMeta> {
  const row = (await db.syncState.get(META))?.value as SyncMeta | undefined;
  if (row && row.folder === folder) return row;
  // Another folder: nothing this browser knew applies to it.
  await db.syncState.clear();
  return { folder, initialized: false, postsScanned: false };
}

export async function saveMeta(db: LibraryDb, meta: SyncMeta): Promise<void> {
  await db.syncState.put({ key: META, value: meta });
}

/** The state as it is, whatever folder it describes (undefined before the first sync). */
export async function peekMeta(db: LibraryDb): Promise<SyncMeta | undefined> {
  return (await db.syncState.get(META))?.value as SyncMeta | undefined;
}

/** The last sync's outcome, for a status line (undefined before the first). */
export async function lastSync(db: LibraryDb): Promise<LastSync | undefined> {
  return (await peekMeta(db))?.last;
}

export const shardKey = (shard: string) => SHARD_PREFIX + shard;

export async function loadKnownShards(db: LibraryDb): Promise<Map<string, KnownShard>> {
  const rows = await db.syncState.where('key').startsWith(SHARD_PREFIX).toArray();
  return new Map(rows.map((row) => [row.key.slice(SHARD_PREFIX.length), row.value as KnownShard]));
}

export async function saveKnownShards(db: LibraryDb, shards: [string, KnownShard][]): Promise<void> {
  await db.syncState.bulkPut(shards.map(([shard, known]) => ({ key: SHARD_PREFIX + shard, value: known })));
}

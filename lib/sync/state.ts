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
import type { LockJournal } from './store';
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
  /** Photos that could not be synced (the articles arrived, showing them as not saved). */
  photosFailed?: number;
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
  /**
   * When the sync now running started; cleared when it ends. Found set with
   * no sync running, it tells that the sync was stopped midway (the service
   * worker ended, the browser closed): see lastSync.
   */
  started?: number;
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

/** Why a sync that started and never ended did not: what the status says in its place. */
export const INTERRUPTED_MESSAGE = 'The sync stopped midway (the browser stopped the extension\'s background); what it finished is kept, and the next sync goes on from there.';

/**
 * The last sync's outcome, for a status line (undefined before the first).
 * `running`: whether a sync runs now in this background. When none does but
 * one started after the last outcome, that one was stopped midway, and says so.
 */
export async function lastSync(db: LibraryDb, running = false): Promise<LastSync | undefined> {
  const meta = await peekMeta(db);
  if (!running && meta?.started !== undefined && !(meta.last && meta.last.at >= meta.started)) {
    return { at: meta.started, state: 'error', kind: 'interrupted', message: INTERRUPTED_MESSAGE };
  }
  return meta?.last;
}

export const shardKey = (shard: string) => SHARD_PREFIX + shard;

const LOCKS = 'locks';

/** The locks this browser holds on the server, in a row of their own (the meta row is rewritten whole at a sync's end). */
export function lockJournal(db: LibraryDb): LockJournal {
  const change = (edit: (locks: Record<string, string>) => void) =>
    db.transaction('rw', db.syncState, async () => {
      const locks = { ...((await db.syncState.get(LOCKS))?.value as Record<string, string> | undefined) };
      edit(locks);
      await (Object.keys(locks).length ? db.syncState.put({ key: LOCKS, value: locks }) : db.syncState.delete(LOCKS));
    });
  return {
    held: async () => Object.entries(((await db.syncState.get(LOCKS))?.value ?? {}) as Record<string, string>),
    taken: (path, token) => change((locks) => void (locks[path] = token)),
    released: (path) => change((locks) => void delete locks[path]),
  };
}

/** All known shards, or those named. */
export async function loadKnownShards(db: LibraryDb, shards?: Iterable<string>): Promise<Map<string, KnownShard>> {
  if (shards) {
    const wanted = [...new Set(shards)];
    const rows = await db.syncState.bulkGet(wanted.map(shardKey));
    return new Map(wanted.flatMap((shard, i) => (rows[i] ? [[shard, rows[i].value as KnownShard] as const] : [])));
  }
  const rows = await db.syncState.where('key').startsWith(SHARD_PREFIX).toArray();
  return new Map(rows.map((row) => [row.key.slice(SHARD_PREFIX.length), row.value as KnownShard]));
}

/*
 * Two indexes over the shard rows, so a sync with few changes reads few
 * rows (lib/sync/local-changes.ts): `shards` (each shard's ETag and posts
 * hash: what decides which shards to read) and `names:<day>` (id → post
 * name of that day's articles: a clash can only be between posts of one
 * day). saveKnownShards keeps both in its own transaction; a sync that reads
 * the whole library rebuilds them (rebuildIndexes), and only after that may
 * a sync trust them (SyncMeta.changeLog).
 */
const INDEX = 'shards';
const DAY_PREFIX = 'names:';

export interface ShardSummary {
  etag?: string;
  posts?: string;
}

const summaryOf = (k: KnownShard): ShardSummary => ({ ...(k.etag !== undefined && { etag: k.etag }), ...(k.posts !== undefined && { posts: k.posts }) });
const dayOf = (name: string) => name.slice(0, 10);

export async function loadShardIndex(db: LibraryDb): Promise<Map<string, ShardSummary>> {
  return new Map(Object.entries(((await db.syncState.get(INDEX))?.value ?? {}) as Record<string, ShardSummary>));
}

/** id → post name of the articles of each day asked for (`YYYY-MM-DD`), or of every day. */
export async function loadNameDays(db: LibraryDb, days?: string[]): Promise<Record<string, string>[]> {
  const rows = days ? await db.syncState.bulkGet(days.map((d) => DAY_PREFIX + d)) : await db.syncState.where('key').startsWith(DAY_PREFIX).toArray();
  return rows.flatMap((row) => (row ? [row.value as Record<string, string>] : []));
}

/** `indexes: false` in a sync that reads the whole library: it rebuilds them once at its end (rebuildIndexes) instead. */
export async function saveKnownShards(db: LibraryDb, shards: [string, KnownShard][], { indexes = true } = {}): Promise<void> {
  if (!shards.length) return;
  if (!indexes) {
    await db.syncState.bulkPut(shards.map(([shard, known]) => ({ key: shardKey(shard), value: known })));
    return;
  }
  await db.transaction('rw', db.syncState, async () => {
    const [before, index] = await Promise.all([db.syncState.bulkGet(shards.map(([shard]) => shardKey(shard))), db.syncState.get(INDEX)]);
    const summaries = (index?.value ?? {}) as Record<string, ShardSummary>;
    const moves: [id: string, from: string | undefined, to: string | undefined][] = [];
    shards.forEach(([shard, known], i) => {
      summaries[shard] = summaryOf(known);
      const old = (before[i]?.value as KnownShard | undefined)?.names ?? {};
      const next = known.names ?? {};
      for (const id of new Set([...Object.keys(old), ...Object.keys(next)])) if (old[id] !== next[id]) moves.push([id, old[id], next[id]]);
    });
    const days = [...new Set(moves.flatMap(([, from, to]) => [from, to].filter((n): n is string => n !== undefined).map(dayOf)))];
    const rows = await db.syncState.bulkGet(days.map((d) => DAY_PREFIX + d));
    const byDay = new Map(days.map((d, i) => [d, { ...((rows[i]?.value ?? {}) as Record<string, string>) }]));
    for (const [id, from, to] of moves) {
      if (from !== undefined) delete byDay.get(dayOf(from))![id];
      if (to !== undefined) byDay.get(dayOf(to))![id] = to;
    }
    await db.syncState.bulkPut([
      ...shards.map(([shard, known]) => ({ key: shardKey(shard), value: known })),
      { key: INDEX, value: summaries },
      ...[...byDay].map(([day, names]) => ({ key: DAY_PREFIX + day, value: names })),
    ]);
  });
}

/** Builds both indexes afresh from every shard row (after a sync that read the whole library). */
export async function rebuildIndexes(db: LibraryDb): Promise<void> {
  await db.transaction('rw', db.syncState, async () => {
    const known = await loadKnownShards(db);
    const byDay = new Map<string, Record<string, string>>();
    for (const k of known.values()) {
      for (const [id, name] of Object.entries(k.names ?? {})) {
        let day = byDay.get(dayOf(name));
        if (!day) byDay.set(dayOf(name), (day = {}));
        day[id] = name;
      }
    }
    await db.syncState.where('key').startsWith(DAY_PREFIX).delete();
    await db.syncState.bulkPut([
      { key: INDEX, value: Object.fromEntries([...known].map(([shard, k]) => [shard, summaryOf(k)])) },
      ...[...byDay].map(([day, names]) => ({ key: DAY_PREFIX + day, value: names })),
    ]);
  });
}

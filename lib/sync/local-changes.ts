/**
 * What changed in the library since sync last recorded it, read from the
 * change log (lib/library/change-log.ts) so a sync's local work grows with
 * the changes, not with the library:
 *
 * - Incremental (the usual case): only the logged rows are read and hashed,
 *   with the state of their shards; which shards to read comes from the
 *   state's `shards` index, and the post names of other articles from its
 *   `names:<day>` rows, loaded for the days a sync touches (state.ts). The
 *   other articles of a shard the sync reads stand as their recorded hashes;
 *   a row of theirs is read only when the shard lost it and it is pushed
 *   again (plan.ts), so a shard of hundreds of articles costs no more local
 *   reads than its changes.
 * - Full (the whole library and all the state read, as before the log): on
 *   the first sync with a folder, the first sync after the schema upgrade
 *   that brought the log (state without `changeLog`), and after a write the
 *   log could not name row by row (its FULL_SCAN marker). A full sync that
 *   finishes rebuilds the state's indexes and makes the log trusted again.
 *
 * A logged id is cleared only when its row matches the hash sync recorded
 * (`settleLogged`, checked in the transaction that clears it), so a change
 * made while a sync runs stays logged for the next one.
 */
import { CHANGE_LOG, FULL_SCAN, type ChangeLogRow } from '../library/change-log';
import type { LibraryDb } from '../library/db';
import type { ArticleRecord } from '../library/records';
import type { LocalArticle, ShardPlan } from './plan';
import { plainName, type PostNames } from './post-names';
import { recordHash, shardOf, type ShardArticle } from './shard';
import { loadKnownShards, loadShardIndex, shardKey, type KnownShard, type ShardSummary, type SyncMeta } from './state';

export interface LocalChanges {
  full: boolean;
  /** Each known shard's ETag and posts hash. */
  summary: Map<string, ShardSummary>;
  /** Known shard rows read so far: all of them (full), or those of the logged articles. */
  known: Map<string, KnownShard>;
  /** Shards with an article whose row differs from what sync recorded (added, changed or deleted here). */
  changed: Set<string>;
  /** How many articles differ: the changes the next sync pushes. */
  pending: number;
  /** Logged ids as the sync found them, by shard: cleared once their shard is recorded. */
  logged: Map<string, string[]>;
  /** The FULL_SCAN marker as read. */
  marker?: ChangeLogRow;
  /** The library's articles of a shard (`known`: its state), each hashed afresh (their names go into `names`). */
  articlesOf(shard: string, known: KnownShard | undefined): Promise<Map<string, LocalArticle>>;
  /** Post names of a shard's articles as read (full only; for state recorded without them). */
  namesOf(shard: string): Record<string, string>;
}

/** Reads the local changes; puts the names of what it read into `names` when given (every article's when full). */
export async function readLocalChanges(db: LibraryDb, meta: SyncMeta | undefined, names?: PostNames): Promise<LocalChanges> {
  const log = (await db.table(CHANGE_LOG).toArray()) as ChangeLogRow[];
  const marker = log.find((row) => row.id === FULL_SCAN);
  const ids = log.map((row) => row.id).filter((id): id is string => typeof id === 'string');
  const logged = groupBy(ids);
  const full = !meta?.changeLog || marker !== undefined;
  const base = { full, logged, ...(marker && { marker }) };
  if (full) {
    const known = await loadKnownShards(db);
    const summary = new Map([...known].map(([shard, k]) => [shard, { etag: k.etag, posts: k.posts }]));
    return { ...base, known, summary, ...(await scanLibrary(db, known, names)) };
  }

  const [rows, known, summary] = await Promise.all([db.articles.bulkGet(ids), loadKnownShards(db, logged.keys()), loadShardIndex(db)]);
  const dirty = new Map<string, ArticleRecord | undefined>(ids.map((id, i) => [id, rows[i]]));
  const changed = new Set<string>();
  let pending = 0;
  for (const [id, record] of dirty) {
    if ((record && recordHash(record)) !== known.get(shardOf(id))?.hashes[id]) {
      changed.add(shardOf(id));
      pending++;
    }
  }
  if (names) {
    for (const [id, record] of dirty) {
      if (record) names.set(record);
      else names.delete(id);
    }
  }
  // The shard's other articles are as sync recorded them (the log names every row changed since):
  // their hashes stand for them, and a row is read only where the plan needs it (plan.ts).
  const articlesOf = async (shard: string, k: KnownShard | undefined) => {
    const local = new Map<string, LocalArticle>(Object.entries(k?.hashes ?? {}).map(([id, hash]) => [id, { hash }]));
    const ids = logged.get(shard) ?? [];
    const rows = await db.articles.bulkGet(ids);
    ids.forEach((id, i) => {
      const record = rows[i];
      if (!record) return void local.delete(id);
      local.set(id, { record, hash: recordHash(record) });
      names?.set(record);
    });
    return local;
  };
  return { ...base, known, summary, changed, pending, articlesOf, namesOf: () => ({}) };
}

/** The whole library by shard, hashed: the fallback when the log cannot be trusted. */
async function scanLibrary(db: LibraryDb, known: Map<string, KnownShard>, names?: PostNames) {
  const byShard = new Map<string, Map<string, LocalArticle>>();
  await db.articles.each((record) => {
    const shard = shardOf(record.id);
    let articles = byShard.get(shard);
    if (!articles) byShard.set(shard, (articles = new Map()));
    articles.set(record.id, { record, hash: recordHash(record) });
    names?.set(record);
  });
  const changed = new Set<string>();
  let pending = 0;
  for (const shard of new Set([...byShard.keys(), ...known.keys()])) {
    const local = byShard.get(shard);
    const hashes = known.get(shard)?.hashes ?? {};
    let differ = 0;
    for (const [id, l] of local ?? []) if (hashes[id] !== l.hash) differ++;
    for (const id of Object.keys(hashes)) if (!local?.has(id)) differ++;
    if (differ) changed.add(shard);
    pending += differ;
  }
  return {
    changed,
    pending,
    articlesOf: async (shard: string) => byShard.get(shard) ?? new Map<string, LocalArticle>(),
    namesOf: (shard: string) => postNamesOf([...(byShard.get(shard)?.values() ?? [])].flatMap((a) => (a.record ? [a.record] : []))),
  };
}

/** The post names (old and new) of what a shard's plan changes: their days must be loaded before posts are named. */
export function namesTouched(plan: ShardPlan, known: KnownShard | undefined, local: Map<string, LocalArticle>, all: boolean): (string | undefined)[] {
  const ids = all ? [...plan.next.articles.keys()] : [...plan.pushed, ...plan.tombstoned, ...plan.pulls.map((p) => p.record), ...plan.removals].map((c) => c.id);
  return ids.flatMap((id) => [known?.names?.[id], local.get(id)?.record && plainName(local.get(id)!.record!), plan.next.articles.get(id) && plainName(plan.next.articles.get(id)!.record)]).concat(
    [...plan.pushed, ...plan.tombstoned].map((c) => c.previous && plainName(c.previous)),
  );
}

/** Article id → plain post name, for KnownShard.names. */
export function postNamesOf(records: Iterable<ArticleRecord>): Record<string, string> {
  const names: Record<string, string> = {};
  for (const record of records) {
    const plain = plainName(record);
    if (plain) names[record.id] = plain;
  }
  return names;
}

/** The post names of a shard's articles as written (KnownShard.names); one unchanged since `known` keeps the name recorded with it. */
export function shardNames(articles: Map<string, ShardArticle>, known: KnownShard | undefined): Record<string, string> {
  const names: Record<string, string> = {};
  for (const [id, article] of articles) {
    const plain = known?.names && known.hashes[id] === article.hash ? known.names[id] : plainName(article.record);
    if (plain) names[id] = plain;
  }
  return names;
}

/** Clears the logged ids whose rows are as sync recorded them (deleted ones: recorded as gone), in one transaction with that check. */
export async function settleLogged(db: LibraryDb, ids: string[]): Promise<void> {
  if (!ids.length) return;
  const log = db.table(CHANGE_LOG);
  await db.transaction('rw', [db.articles, db.syncState, log], async () => {
    const shards = [...new Set(ids.map(shardOf))];
    const [rows, states] = await Promise.all([db.articles.bulkGet(ids), db.syncState.bulkGet(shards.map(shardKey))]);
    const known = new Map(shards.map((shard, i) => [shard, states[i]?.value as KnownShard | undefined]));
    const settled = ids.filter((id, i) => (rows[i] && recordHash(rows[i])) === known.get(shardOf(id))?.hashes[id]);
    await log.bulkDelete(settled);
  });
}

/** Logs ids whose rows a sync left differing from what it recorded (a pull merged with a change made meanwhile). */
export async function logChanged(db: LibraryDb, ids: string[]): Promise<void> {
  if (ids.length) await db.table(CHANGE_LOG).bulkPut(ids.map((id) => ({ id })));
}

/** After a full sync that finished: drops the FULL_SCAN marker it read, unless set again since. */
export async function clearFullScanMarker(db: LibraryDb, marker: ChangeLogRow | undefined): Promise<void> {
  if (!marker) return;
  const log = db.table(CHANGE_LOG);
  await db.transaction('rw', [log], async () => {
    const now = (await log.get(FULL_SCAN)) as ChangeLogRow | undefined;
    if (now?.at === marker.at) await log.delete(FULL_SCAN);
  });
}

function groupBy(ids: string[]): Map<string, string[]> {
  const byShard = new Map<string, string[]>();
  for (const id of ids) {
    const list = byShard.get(shardOf(id));
    if (list) list.push(id);
    else byShard.set(shardOf(id), [id]);
  }
  return byShard;
}

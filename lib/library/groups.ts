import { Dexie, type IndexableTypeArrayReadonly } from 'dexie';
import type { LibraryHandle, LibraryTables, MemberKey } from './tables';
import type { ArticleRecord, GroupRecord } from './records';

/**
 * The popup's two views of the library: by category (the news source, or
 * the site for pages that are not finews articles) and by tag.
 *
 * Nothing here reads the whole library. Two derived tables hold it:
 * - `groups`: one row per group with its count and newest sortTime, so the
 *   list of groups is one small read whatever the library's size;
 * - `members`: one key per (group, article), `[kind, key, sortTime, id]`,
 *   so a group's articles newest first are one key range, paged.
 * A third kind, `unread`, uses the same machinery to keep the unread count.
 *
 * Counts are changed only by members actually written or deleted, so they
 * stay equal to the member keys even if a caller hands a stale "before".
 */

export type GroupKind = 'category' | 'tag';

export interface Group {
  kind: GroupKind;
  /** category: the source name (or the site for non-finews pages); tag: the tag. */
  key: string;
  count: number;
  /** sortTime of its newest article. */
  newest: number;
}

/**
 * Member kinds: the two views; the unread articles (key ''); and every
 * article by its latest save (key '', `saved`), which is the popup's
 * "recently saved" list — newest save first, one key range like a group.
 */
export type MemberKind = GroupKind | 'unread' | 'saved';

/** An article's category: its news source, else the site it came from. */
export function categoryOf(record: Pick<ArticleRecord, 'source' | 'site'>): string {
  return record.source || record.site;
}

/** Every group the article belongs to, as member keys. */
function memberKeys(record: ArticleRecord): MemberKey[] {
  const keys: MemberKey[] = [['category', categoryOf(record), record.sortTime, record.id]];
  for (const tag of new Set(record.tags)) keys.push(['tag', tag, record.sortTime, record.id]);
  if (!record.read) keys.push(['unread' satisfies MemberKind, '', record.sortTime, record.id]);
  keys.push(savedKey(record));
  return keys;
}

/** An article's key in the recently saved list: its latest save (a correction counts as one). */
export function savedKey(record: ArticleRecord): MemberKey {
  // Rows from a restored backup or an old version may lack updatedAt: their first save stands in.
  const at = Number.isFinite(record.updatedAt) ? record.updatedAt : Number.isFinite(record.savedAt) ? record.savedAt : record.sortTime;
  return ['saved' satisfies MemberKind, '', at, record.id];
}

/** Groups of one kind, the one with the newest article first (ties by key). */
export async function listGroups(db: LibraryHandle, kind: GroupKind): Promise<Group[]> {
  const rows = await groupsOf(db, kind);
  return rows
    .filter((row) => row.count > 0)
    .map((row) => ({ kind, key: row.key, count: row.count, newest: row.newest }))
    .sort((a, b) => b.newest - a.newest || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
}

/** One page of a group's articles, newest first (the id breaks ties, as the articles table's [sortTime+id] index orders). */
export async function listGroupArticles(
  db: LibraryHandle,
  kind: MemberKind,
  key: string,
  offset: number,
  limit: number,
): Promise<ArticleRecord[]> {
  if (limit <= 0) return [];
  return db.transaction('r', db.members, db.articles, async () => {
    const keys = await membersOf(db, kind, key).reverse().offset(offset).limit(limit).primaryKeys();
    const rows = await db.articles.bulkGet(keys.map((k) => k[3]));
    return rows.filter((row): row is ArticleRecord => row !== undefined);
  });
}

/** Count of one group (0 when it has none); `unread` with key '' is the unread tally. */
export async function groupCount(t: Pick<LibraryTables, 'groups'>, kind: MemberKind, key: string): Promise<number> {
  return (await t.groups.get([kind, key]))?.count ?? 0;
}

/** Every group row of a kind. */
export async function groupsOf(t: Pick<LibraryTables, 'groups'>, kind: MemberKind): Promise<GroupRecord[]> {
  return t.groups.where('[kind+key]').between([kind, Dexie.minKey], [kind, Dexie.maxKey]).toArray();
}

function membersOf(t: Pick<LibraryTables, 'members'>, kind: string, key: string) {
  // [kind, key] sorts before all its members, [kind, key, maxKey] after them.
  return t.members.where(':id').between([kind, key], [kind, key, Dexie.maxKey], true, true);
}

/** An article before and after a write; undefined when it does not exist on that side. */
export interface GroupChange {
  before?: ArticleRecord;
  after?: ArticleRecord;
}

/**
 * Moves the articles between groups. Call inside the rw transaction that
 * writes them (scope: groups, members); each article at most once per call.
 */
export async function updateGroups(t: Pick<LibraryTables, 'groups' | 'members'>, changes: GroupChange[]): Promise<void> {
  const removed = new Map<string, MemberKey>();
  const added = new Map<string, MemberKey>();
  for (const { before, after } of changes) {
    const old = new Map((before ? memberKeys(before) : []).map((k) => [JSON.stringify(k), k]));
    const next = new Map((after ? memberKeys(after) : []).map((k) => [JSON.stringify(k), k]));
    for (const [s, k] of old) if (!next.has(s)) removed.set(s, k);
    for (const [s, k] of next) if (!old.has(s)) added.set(s, k);
  }
  const candidates = [...removed.values(), ...added.values()];
  if (!candidates.length) return;

  const present = await t.members.bulkGet(candidates);
  const toDelete = [...removed.values()].filter((_, i) => present[i] !== undefined);
  const toAdd = [...added.values()].filter((_, i) => present[removed.size + i] === undefined);
  if (!toDelete.length && !toAdd.length) return;

  interface Delta { kind: string; key: string; count: number; addedNewest: number; removedNewest: number }
  const deltas = new Map<string, Delta>();
  const delta = ([kind, key]: MemberKey): Delta => {
    const id = JSON.stringify([kind, key]);
    let d = deltas.get(id);
    if (!d) deltas.set(id, (d = { kind, key, count: 0, addedNewest: -Infinity, removedNewest: -Infinity }));
    return d;
  };
  for (const k of toDelete) {
    const d = delta(k);
    d.count--;
    d.removedNewest = Math.max(d.removedNewest, k[2]);
  }
  for (const k of toAdd) {
    const d = delta(k);
    d.count++;
    d.addedNewest = Math.max(d.addedNewest, k[2]);
  }

  await t.members.bulkDelete(toDelete);
  // Dexie types outbound keys as flat parts; a member key is a valid IndexedDB key all the same.
  await t.members.bulkPut(toAdd.map(() => 1), toAdd as unknown as IndexableTypeArrayReadonly);

  const list = [...deltas.values()];
  const rows = await t.groups.bulkGet(list.map((d) => [d.kind, d.key] as [string, string]));
  const puts: GroupRecord[] = [];
  const deletes: [string, string][] = [];
  await Promise.all(
    list.map(async (d, i) => {
      const row = rows[i];
      const count = (row?.count ?? 0) + d.count;
      if (count <= 0) {
        if (row) deletes.push([d.kind, d.key]);
        return;
      }
      let newest = Math.max(row?.newest ?? -Infinity, d.addedNewest);
      // The newest article left the group: the next newest is the group's last member key.
      if (row && d.removedNewest >= row.newest && d.addedNewest < row.newest) {
        const [last] = await membersOf(t, d.kind, d.key).reverse().limit(1).primaryKeys();
        newest = last ? last[2] : d.addedNewest;
      }
      puts.push({ kind: d.kind, key: d.key, count, newest });
    }),
  );
  await t.groups.bulkDelete(deletes);
  await t.groups.bulkPut(puts);
}

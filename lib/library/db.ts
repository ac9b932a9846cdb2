import { Dexie, type DexieOptions, type Table } from 'dexie';
import { updateGroups } from './groups';
import { updateSearchIndex } from './search/index';
import { changeLogMiddleware, type ChangeLogRow } from './change-log';
import type { ArticleRecord, SyncStateRecord } from './records';
import type { LibraryTables } from './tables';

export const DB_NAME = 'finews-library';

/**
 * The one place that knows the library's IndexedDB schema. Every change is a
 * new `version(n)` with an upgrade, tested in tests/unit/db-migrations.test.ts;
 * old versions stay declared so any earlier library opens.
 *
 * Indexes only on what is queried: article rows are ordered by
 * `[sortTime+id]` (the id breaks ties between rows saved in the same
 * millisecond) and looked up by `canonicalUrl`; bodies are never indexed.
 * Settings live here too (not in `storage`): no extra permission, and a
 * backup of the database carries them.
 *
 * Version 2 adds tables derived from articles and bodies, so the popup never
 * reads the whole library: `groups` and `members` (lib/library/groups.ts) and the
 * search index `searchDocs`, `searchTimes` and `postings` (lib/library/search/index.ts). They are never
 * backed up; every write of an article updates them in its own transaction
 * (lib/library/articles.ts `updateDerived`), and the upgrade builds them.
 *
 * Version 3 adds `syncState`: what the WebDAV sync last saw of the remote
 * folder (lib/sync/state.ts). Not backed up: it describes one browser's view.
 *
 * Version 4 adds `syncChanges`, the change log (lib/library/change-log.ts):
 * the ids of articles written here since sync last recorded them, filled by
 * a middleware on every write of `articles`. Not backed up either.
 */
export class LibraryDb extends Dexie implements LibraryTables {
  // Typed once, in tables.ts.
  articles!: LibraryTables['articles'];
  bodies!: LibraryTables['bodies'];
  images!: LibraryTables['images'];
  settings!: LibraryTables['settings'];
  groups!: LibraryTables['groups'];
  members!: LibraryTables['members'];
  searchDocs!: LibraryTables['searchDocs'];
  searchTimes!: LibraryTables['searchTimes'];
  postings!: LibraryTables['postings'];
  /** Sync's last-known state of the WebDAV folder (lib/sync/); never backed up. */
  syncState!: Table<SyncStateRecord, string>;
  /** Articles changed here since sync last recorded them (change-log.ts); never backed up. */
  syncChanges!: Table<ChangeLogRow, string | number>;

  constructor(name: string = DB_NAME, options?: DexieOptions) {
    super(name, options);
    this.version(1).stores({
      articles: 'id, [sortTime+id], canonicalUrl, source, *tags',
      bodies: 'id',
      // One row per image of an article; an image shared by two articles is stored for each.
      images: '[articleId+url], articleId',
      settings: 'key',
    });
    this.version(2)
      .stores({
        // One row per group: listing them never reads the articles.
        groups: '[kind+key]',
        // Primary key [kind, key, sortTime, id]: a group's articles newest first is one key range.
        members: '',
        searchDocs: 'doc, &id, [sortTime+id]',
        searchTimes: 'chunk',
        postings: '[bucket+chunk]',
      })
      // A throw here aborts the upgrade: the database stays at version 1, untouched.
      .upgrade(async (tx) => {
        // An async callback: Dexie keeps the transaction across its awaits only for those.
        await rebuildDerived(libraryTables(tx));
      });
    // Version 3 adds sync's last-known state (one row per shard of the remote
    // folder, plus its settings row): a new empty table, so nothing to convert.
    this.version(3).stores({ syncState: 'key' });
    // Version 4 adds the change log: a new empty table. Nothing to convert:
    // sync state written before it has no `changeLog` mark, so the first
    // sync after the upgrade reads the whole library (lib/sync/local-changes.ts).
    this.version(4).stores({ syncChanges: 'id' });
    this.use(changeLogMiddleware);
  }
}

/** The tables as an upgrade transaction (or a db) names them. */
export function libraryTables(source: { table(name: string): Table }): LibraryTables {
  const names = ['articles', 'bodies', 'images', 'settings', 'groups', 'members', 'searchDocs', 'searchTimes', 'postings'] as const;
  return Object.fromEntries(names.map((name) => [name, source.table(name)])) as unknown as LibraryTables;
}

/** The derived tables, for the scope of any transaction that writes articles. */
export function derivedTables(db: LibraryTables): Table[] {
  return [db.groups, db.members, db.searchDocs, db.searchTimes, db.postings] as Table[];
}

/** Articles read per step when building the derived tables: one search-index chunk, so each block is written once. */
const REBUILD_PAGE = 2048;

/**
 * Builds the derived tables from the articles and bodies alone, replacing
 * what they held: the version 2 upgrade, or a repair. Inside a rw
 * transaction over all tables. Throws on a row it cannot read (naming it), so
 * an upgrade aborts and leaves the library as it was.
 */
export async function rebuildDerived(t: LibraryTables): Promise<void> {
  await Promise.all(derivedTables(t).map((table) => table.clear()));
  let after: string | undefined;
  for (;;) {
    const rows = await (after === undefined ? t.articles.orderBy(':id') : t.articles.where(':id').above(after))
      .limit(REBUILD_PAGE)
      .toArray();
    if (!rows.length) return;
    for (const row of rows) checkStoredRecord(row);
    const bodies = await t.bodies.bulkGet(rows.map((r) => r.id));
    await updateGroups(t, rows.map((r) => ({ after: r })));
    await updateSearchIndex(
      t,
      rows.map((r, i) => ({ id: r.id, article: r, after: { title: r.title, html: bodies[i]?.html ?? '' } })),
    );
    after = rows.at(-1)!.id;
  }
}

/** The fields the derived tables read, checked: a corrupt row stops the build with its id. */
function checkStoredRecord(row: ArticleRecord): void {
  const bad = (field: string): never => {
    throw new Error(`Article "${String(row.id)}" has an unreadable "${field}"; the library was not changed.`);
  };
  if (typeof row.id !== 'string' || !row.id) bad('id');
  if (typeof row.title !== 'string') bad('title');
  if (typeof row.site !== 'string') bad('site');
  if (row.source !== undefined && typeof row.source !== 'string') bad('source');
  if (typeof row.sortTime !== 'number' || !Number.isFinite(row.sortTime)) bad('sortTime');
  if (!Array.isArray(row.tags) || !row.tags.every((tag) => typeof tag === 'string')) bad('tags');
  if (typeof row.read !== 'boolean') bad('read');
}

/** Dexie's names for a database that could not be opened (or upgraded) as this version declares it. */
const OPEN_FAILURES = new Set(['OpenFailedError', 'DatabaseClosedError', 'UpgradeError', 'VersionError']);

/**
 * Why the library could not be opened, when `error` says it could not
 * (an upgrade that threw or was refused, a database newer than this code),
 * else undefined. IndexedDB undoes a failed upgrade whole, so such a library
 * is as the earlier version left it; the reason is the upgrade's own words
 * (rebuildDerived names the row at fault).
 */
export function openFailureReason(error: unknown): string | undefined {
  if (!(error instanceof Error) || !OPEN_FAILURES.has(error.name)) return undefined;
  const inner = (error as { inner?: unknown }).inner;
  if (inner instanceof Error) return inner.message || inner.name;
  return error.message || error.name;
}

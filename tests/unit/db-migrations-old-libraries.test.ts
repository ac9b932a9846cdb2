// Libraries of 1,000 articles written exactly as each earlier schema version
// stored them (raw IndexedDB, tests/old-library/), opened with the current code.
import 'fake-indexeddb/auto';
import { Dexie } from 'dexie';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { derivedTables, LibraryDb, openFailureReason, rebuildDerived } from '../../lib/library/db';
import { categoryOf, listGroupArticles, listGroups } from '../../lib/library/groups';
import { storedImages } from '../../lib/library/images';
import { saveArticle, storageFailure } from '../../lib/library/articles';
import { addTag, libraryStats, setRead } from '../../lib/library/manage';
import { searchArticles } from '../../lib/library/search/index';
import { indexContents } from './reference';
import { getSettings } from '../../lib/library/settings';
import { codeOf, hasImages, oldLibrary, rawLibrary, USER_TAGS, type OldLibrary, type V1Article } from '../old-library/rows';
import { DEXIE_STORES, SCHEMA_VERSIONS, SHAPES, type RawShape, type SchemaVersion } from '../old-library/shapes';
import { readRawLibrary, writeRawLibrary, type RawLibrary } from '../old-library/write-raw';
import { testArticle } from './helpers';

const COUNT = 1000;
const LIBRARY = oldLibrary(COUNT);
const BASE = ['articles', 'bodies', 'images', 'settings'];
const LATEST = Math.max(...SCHEMA_VERSIONS) as SchemaVersion;
// A thousand articles take a second or two here, more on a busy machine.
const SLOW = { timeout: 30_000 };

let n = 0;
const names: string[] = [];
function freshName(): string {
  const name = `old-library-${n++}`;
  names.push(name);
  return name;
}
afterAll(async () => {
  for (const name of names) await Dexie.delete(name);
});

/** A shape with stores and indexes in name order, as readRawLibrary lists them. */
function sorted(shape: RawShape): RawShape {
  const byName = <T extends { name: string }>(list: T[]) => [...list].sort((a, b) => (a.name < b.name ? -1 : 1));
  return { version: shape.version, stores: byName(shape.stores).map((store) => ({ ...store, indexes: byName(store.indexes) })) };
}

/** Rows in primary-key order, as IndexedDB returns them. */
function byKey<T>(rows: T[], key: (row: T) => IDBValidKey): T[] {
  return [...rows].sort((a, b) => indexedDB.cmp(key(a), key(b)));
}

/** What the base tables must hold: the library's rows, each as written. */
function expectedBase(library: OldLibrary) {
  return {
    articles: { rows: byKey(library.articles, (r) => r.id) },
    bodies: { rows: byKey(library.bodies, (r) => r.id) },
    images: { rows: byKey(library.images, (r) => [r.articleId, r.url]) },
    settings: { rows: byKey(library.settings, (r) => r.key) },
  };
}

/** Counts the groups must have, worked out from the rows alone. */
function expectedGroups(articles: V1Article[], kind: 'category' | 'tag'): Map<string, { count: number; newest: number }> {
  const groups = new Map<string, { count: number; newest: number }>();
  for (const row of articles) {
    for (const key of kind === 'category' ? [categoryOf(row)] : new Set(row.tags)) {
      const group = groups.get(key) ?? { count: 0, newest: -Infinity };
      groups.set(key, { count: group.count + 1, newest: Math.max(group.newest, row.sortTime) });
    }
  }
  return groups;
}

async function derivedSnapshot(db: LibraryDb) {
  return { groups: await db.groups.toArray(), members: await db.members.toCollection().primaryKeys(), index: await indexContents(db) };
}

describe('the seeder', SLOW, () => {
  it.each(SCHEMA_VERSIONS)('writes exactly the shape Dexie gives version %i', async (version) => {
    const reference = freshName();
    const dexie = new Dexie(reference);
    DEXIE_STORES[version].forEach((stores, i) => dexie.version(i + 1).stores(stores));
    await dexie.open();
    dexie.close();
    const made = (await readRawLibrary({ name: reference, stores: [] })).shape;

    const seeded = freshName();
    await writeRawLibrary({ name: seeded, library: { shape: SHAPES[version], tables: {} } });
    expect((await readRawLibrary({ name: seeded, stores: [] })).shape).toEqual(made);
    expect(sorted(SHAPES[version])).toEqual(made);
  });

  it('knows every version, the newest being the one LibraryDb declares now', async () => {
    const db = new LibraryDb(freshName());
    await db.open();
    db.close();
    // A new schema version fails here until tests/old-library/shapes.ts has it (and its test here).
    expect(db.verno).toBe(LATEST);
    expect(SCHEMA_VERSIONS).toEqual(Array.from({ length: LATEST }, (_, i) => i + 1));
    expect((await readRawLibrary({ name: db.name, stores: [] })).shape).toEqual(sorted(SHAPES[LATEST]));
  });

  it('writes every row as given, binary values included, and the library has what it promises', async () => {
    const name = freshName();
    await writeRawLibrary({ name, library: rawLibrary(LIBRARY, 1) });
    const stored = await readRawLibrary({ name });
    expect(stored.shape).toEqual(sorted(SHAPES[1]));
    expect(stored.tables).toEqual(expectedBase(LIBRARY));

    expect(LIBRARY.articles).toHaveLength(COUNT);
    expect(LIBRARY.articles.filter((a) => a.read).length).toBeGreaterThan(300);
    expect(LIBRARY.articles.filter((a) => !a.source && !('source' in a)).length).toBe(COUNT / 10);
    expect(LIBRARY.images.length).toBe(150);
    for (const tag of USER_TAGS) expect(LIBRARY.articles.some((a) => a.tags.includes(tag)), tag).toBe(true);
  });
});

describe('a version 1 library of 1,000 articles, opened by the current version', SLOW, () => {
  const name = freshName();
  let db: LibraryDb;
  beforeAll(async () => {
    await writeRawLibrary({ name, library: rawLibrary(LIBRARY, 1) });
    db = new LibraryDb(name);
    await db.open();
  }, SLOW.timeout);
  afterAll(() => db.close());

  it('is upgraded to the current shape with every article, body, image and setting as it was, field for field', async () => {
    expect(db.verno).toBe(LATEST);
    db.close();
    const stored = await readRawLibrary({ name, stores: BASE });
    await db.open();
    expect(stored.shape).toEqual(sorted(SHAPES[LATEST]));
    expect(stored.tables).toEqual(expectedBase(LIBRARY));
  });

  it('counts and groups by source and by tag as the rows say, newest first', async () => {
    for (const kind of ['category', 'tag'] as const) {
      const expected = expectedGroups(LIBRARY.articles, kind);
      const groups = await listGroups(db, kind);
      expect(new Map(groups.map((g) => [g.key, { count: g.count, newest: g.newest }]))).toEqual(expected);
      expect(groups.map((g) => g.newest)).toEqual([...groups.map((g) => g.newest)].sort((a, b) => b - a));
    }
    const unread = LIBRARY.articles.filter((a) => !a.read).length;
    expect(await libraryStats(db, async () => undefined)).toEqual({ articles: COUNT, unread });

    // A group lists exactly its articles, newest first, page after page.
    const tag = USER_TAGS[1]!;
    const members = LIBRARY.articles.filter((a) => a.tags.includes(tag));
    const listed = [...(await listGroupArticles(db, 'tag', tag, 0, 20)), ...(await listGroupArticles(db, 'tag', tag, 20, 1000))];
    expect(listed.map((r) => r.id)).toEqual(byKey(members, (a) => [a.sortTime, a.id]).reverse().map((a) => a.id));
    expect(listed.map((r) => r.read)).toEqual(listed.map((r) => LIBRARY.articles.find((a) => a.id === r.id)!.read));
  });

  it('finds articles by a word of their body and of their title', async () => {
    for (const i of [0, 9, 57, 503, 999]) {
      const id = LIBRARY.articles[i]!.id;
      expect((await searchArticles(db, codeOf(i))).map((r) => r.id), `article ${i}`).toEqual([id]);
      expect((await searchArticles(db, `第${i}篇`)).map((r) => r.id), `title of ${i}`).toContain(id);
    }
  });

  it('reads the settings as the reader set them, and the images of each article', async () => {
    expect(await getSettings(db)).toEqual({
      bodyFormat: 'html',
      blogBase: '//blog.example.org',
      shareBase: 'https://finews.zning.xyz',
      backLinks: false,
      slugOverrides: { 定西日报: 'dingxi', 重庆商报: 'chongqingshangbao' },
    });
    const i = LIBRARY.articles.findIndex((_, k) => hasImages(k) && k % 20 === 3);
    const article = LIBRARY.articles[i]!;
    const images = await storedImages(db, article.id);
    expect(images.map((image) => image.url)).toEqual(article.images);
    const expected = LIBRARY.images.filter((image) => image.articleId === article.id);
    for (const [k, image] of images.entries()) {
      expect(image.blob.type).toBe('image/png');
      expect(Buffer.from(await image.blob.arrayBuffer()).toString('base64')).toBe(expected[k]!.blob.$blob);
    }
  });

  it('built the derived tables as saving builds them: a rebuild changes nothing', async () => {
    const built = await derivedSnapshot(db);
    await db.transaction('rw', [db.articles, db.bodies, ...derivedTables(db)], async () => {
      await rebuildDerived(db);
    });
    expect(await derivedSnapshot(db)).toEqual(built);
  });

  it('keeps working: read state, tags and a new save update counts and search', async () => {
    const first = LIBRARY.articles.find((a) => !a.read && a.source === '定西日报')!;
    const before = await libraryStats(db, async () => undefined);
    await setRead(db, first.id, true);
    await addTag(db, first.id, '升级后');
    const saved = await saveArticle(db, testArticle('NW209901010000000001', { html: '<p>升级以后保存的文章</p>' }), Date.now());
    expect(saved.ok).toBe(true);
    expect(await libraryStats(db, async () => undefined)).toEqual({ articles: before.articles + 1, unread: before.unread });
    expect((await listGroupArticles(db, 'tag', '升级后', 0, 5)).map((r) => r.id)).toEqual([first.id]);
    expect((await searchArticles(db, '升级以后')).map((r) => r.id)).toEqual(['NW209901010000000001']);
  });
});

/**
 * The library as version 2 stored it, derived tables included. Versions 3
 * and 4 only added `syncState` and `syncChanges`, so version 2's derived tables are still what
 * rebuildDerived builds now: built with the current code, then written back
 * in version 2's shape. When a later version changes them, freeze this
 * library's tables in a fixture made with the version 2 code instead.
 */
async function version2Library(library: OldLibrary): Promise<RawLibrary> {
  expect(LATEST, 'version2Library builds version 2 derived tables with the current code').toBe(4);
  const name = freshName();
  await writeRawLibrary({ name, library: rawLibrary(library, 2) });
  const db = new LibraryDb(name);
  await db.transaction('rw', db.tables, async () => {
    await rebuildDerived(db);
  });
  db.close();
  const { tables } = await readRawLibrary({ name });
  const { syncState: _added, syncChanges: _log, ...v2Tables } = tables;
  return { shape: SHAPES[2], tables: v2Tables };
}

describe('a version 2 library of 1,000 articles', SLOW, () => {
  it('opens in the current version exactly as it was stored, every table', async () => {
    const stored = await version2Library(LIBRARY);
    expect(stored.tables.groups!.rows.length).toBeGreaterThan(10);
    expect(stored.tables.members!.keys!.length).toBeGreaterThan(COUNT * 2);
    const name = freshName();
    await writeRawLibrary({ name, library: stored });

    const db = new LibraryDb(name);
    await db.open();
    expect(db.verno).toBe(LATEST);
    expect(await libraryStats(db, async () => undefined)).toEqual({ articles: COUNT, unread: LIBRARY.articles.filter((a) => !a.read).length });
    expect((await searchArticles(db, codeOf(321))).map((r) => r.id)).toEqual([LIBRARY.articles[321]!.id]);
    db.close();
    // Every table as it was; the upgrades to versions 3 and 4 only add sync's empty state and change log.
    const after = await readRawLibrary({ name });
    const { syncState, syncChanges, ...kept } = after.tables;
    expect(kept).toEqual(stored.tables);
    expect(syncState?.rows ?? []).toEqual([]);
    expect(syncChanges?.rows ?? []).toEqual([]);
    expect(after.shape).toEqual(sorted(SHAPES[LATEST]));
  });
});

describe('an upgrade that fails', SLOW, () => {
  /** Opens `name` with the current code; returns the error it fails with. */
  async function failedOpen(name: string): Promise<unknown> {
    const db = new LibraryDb(name);
    const error = await db.articles.count().then(
      () => undefined,
      (e: unknown) => e,
    );
    db.close();
    expect(error, 'the upgrade should have failed').toBeDefined();
    return error;
  }

  it('at a row it cannot read: version 1 stays, every row as it was, and the error names the row', async () => {
    const library = oldLibrary(COUNT);
    const bad = library.articles[700]!;
    (bad as unknown as { tags: string }).tags = '坏的标签';
    const name = freshName();
    await writeRawLibrary({ name, library: rawLibrary(library, 1) });

    const error = await failedOpen(name);
    expect(openFailureReason(error)).toBe(`Article "${bad.id}" has an unreadable "tags"; the library was not changed.`);
    expect(storageFailure(error)).toEqual({
      ok: false,
      reason: 'upgrade',
      message: `The library could not be opened or upgraded; nothing was changed: Article "${bad.id}" has an unreadable "tags"; the library was not changed.`,
    });
    const stored = await readRawLibrary({ name });
    expect(stored.shape).toEqual(sorted(SHAPES[1]));
    expect(stored.tables).toEqual(expectedBase(library));
  });

  it('because the browser refuses a write (storage full) after the upgrade wrote much: all of it is undone', async () => {
    const name = freshName();
    await writeRawLibrary({ name, library: rawLibrary(LIBRARY, 1) });
    // IndexedDB refuses the upgrade's writes once it has made a good number of them.
    const put = IDBObjectStore.prototype.put;
    let writes = 0;
    IDBObjectStore.prototype.put = function (this: IDBObjectStore, ...args: Parameters<typeof put>) {
      if (++writes > 500) throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
      return put.apply(this, args);
    };
    let error: unknown;
    try {
      error = await failedOpen(name);
    } finally {
      IDBObjectStore.prototype.put = put;
    }
    expect(writes).toBeGreaterThan(500);
    expect(storageFailure(error).reason).toBe('upgrade');
    expect(openFailureReason(error)).toContain('quota');
    const stored = await readRawLibrary({ name });
    expect(stored.shape).toEqual(sorted(SHAPES[1]));
    expect(stored.tables).toEqual(expectedBase(LIBRARY));
  });

  it('a save into such a library is refused with the reason, and writes nothing', async () => {
    const library = oldLibrary(50);
    (library.articles[20] as unknown as { sortTime: string }).sortTime = 'gestern';
    const name = freshName();
    await writeRawLibrary({ name, library: rawLibrary(library, 1) });
    const db = new LibraryDb(name);
    const outcome = await saveArticle(db, testArticle('NW209901010000000002'), Date.now());
    db.close();
    expect(outcome).toMatchObject({ ok: false, reason: 'upgrade' });
    expect(!outcome.ok && outcome.message).toContain(`Article "${library.articles[20]!.id}" has an unreadable "sortTime"`);
    expect((await readRawLibrary({ name })).tables).toEqual(expectedBase(library));
  });
});

import 'fake-indexeddb/auto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Dexie } from 'dexie';
import { afterEach, describe, expect, it } from 'vitest';
import { derivedTables, LibraryDb, libraryTables, rebuildDerived } from '../../lib/library/db';
import { listGroupArticles, listGroups } from '../../lib/library/groups';
import { libraryStats } from '../../lib/library/manage';
import type { ArticleRecord, BodyRecord, ImageRecord, SettingRecord } from '../../lib/library/records';
import { searchArticles } from '../../lib/library/search/index';
import { indexContents } from './reference';

/** Version 1 of the schema, copied as it shipped: the upgrade must read what this wrote. */
const V1 = {
  articles: 'id, [sortTime+id], canonicalUrl, source, *tags',
  bodies: 'id',
  images: '[articleId+url], articleId',
  settings: 'key',
};

const SEED = JSON.parse(readFileSync(join(__dirname, '..', 'fixtures', 'posts', 'seed', 'article.json'), 'utf8')) as ArticleRecord & {
  html: string;
};

/** Rows as version 1 stored them, optional fields absent (not undefined). */
function v1Rows() {
  const { html: seedHtml, ...seed } = SEED;
  const articles: ArticleRecord[] = [
    { ...seed, tags: ['定西日报新闻', '营商'], read: true },
    {
      id: 'NW202204011234567890',
      infoCode: 'NW202204011234567890',
      url: 'http://finews.zning.xyz/html_News/NewsShare.html?infoCode=NW202204011234567890',
      canonicalUrl: 'http://finews.zning.xyz/html_News/NewsShare.html?infoCode=NW202204011234567890',
      title: '央行：保持流动性合理充裕',
      publishedAt: '2022-04-01T09:30:00+08:00',
      source: '证券时报',
      site: 'finews.zning.xyz',
      images: ['https://np-newspic.dfcfw.com/a.png'],
      savedAt: 1714561200000,
      updatedAt: 1714561200000,
      sortTime: Date.parse('2022-04-01T09:30:00+08:00'),
      tags: ['证券时报新闻'],
      read: false,
    },
    {
      id: 'https://example.com/notes/rates',
      url: 'https://example.com/notes/rates',
      canonicalUrl: 'https://example.com/notes/rates',
      title: 'Rates note HFO-1234yf',
      site: 'example.com',
      images: [],
      savedAt: 1714561300000,
      updatedAt: 1714561300000,
      sortTime: 1714561300000,
      tags: [],
      read: false,
    },
  ];
  const bodies: BodyRecord[] = [
    { id: SEED.id, html: seedHtml },
    { id: 'NW202204011234567890', html: '<p>流动性合理充裕，代码000338</p>' },
    { id: 'https://example.com/notes/rates', html: '<p>Notes on rates.</p>' },
  ];
  const images: ImageRecord[] = [
    { articleId: 'NW202204011234567890', url: 'https://np-newspic.dfcfw.com/a.png', type: 'image/png', blob: new Blob([new Uint8Array([0x89, 0x50, 0x4e, 0x47])], { type: 'image/png' }) },
  ];
  const settings: SettingRecord[] = [
    { key: 'bodyFormat', value: 'html' },
    { key: 'slugOverrides', value: { 定西日报: 'dingxi' } },
  ];
  return { articles, bodies, images, settings };
}

let n = 0;
const names: string[] = [];
function freshName(): string {
  const name = `migration-test-${n++}`;
  names.push(name);
  return name;
}
afterEach(async () => {
  for (const name of names.splice(0)) await Dexie.delete(name);
});

/** Writes a version 1 library through a plain Dexie that knows only the version 1 schema. */
async function writeV1(name: string, rows: ReturnType<typeof v1Rows>): Promise<void> {
  const v1 = new Dexie(name);
  v1.version(1).stores(V1);
  await v1.open();
  await v1.table('articles').bulkPut(rows.articles);
  await v1.table('bodies').bulkPut(rows.bodies);
  await v1.table('images').bulkPut(rows.images);
  await v1.table('settings').bulkPut(rows.settings);
  v1.close();
}

async function readAll(db: Dexie) {
  const images = await Promise.all(
    (await db.table('images').toArray()).map(async ({ blob, ...rest }: ImageRecord) => ({
      ...rest,
      blobType: blob.type,
      bytes: [...new Uint8Array(await blob.arrayBuffer())],
    })),
  );
  return {
    articles: await db.table('articles').toArray(),
    bodies: await db.table('bodies').toArray(),
    images,
    settings: await db.table('settings').toArray(),
  };
}

describe('version 1 to 2', () => {
  it('keeps every row and field, and builds groups, counts and the search index', async () => {
    const name = freshName();
    const rows = v1Rows();
    await writeV1(name, rows);
    const v1 = new Dexie(name);
    v1.version(1).stores(V1);
    const before = await readAll(v1);
    v1.close();

    const db = new LibraryDb(name);
    await db.open();
    expect(db.verno).toBe(4);
    expect(await readAll(db)).toEqual(before);
    // Optional fields stay absent.
    expect(await db.articles.get('https://example.com/notes/rates')).not.toHaveProperty('source');

    expect((await listGroups(db, 'category')).map((g) => `${g.key}:${g.count}`)).toEqual(['example.com:1', '证券时报:1', '定西日报:1']);
    expect((await listGroups(db, 'tag')).map((g) => `${g.key}:${g.count}`)).toEqual(['证券时报新闻:1', '定西日报新闻:1', '营商:1']);
    expect((await listGroupArticles(db, 'tag', '营商', 0, 10)).map((r) => r.id)).toEqual([SEED.id]);
    expect(await libraryStats(db, async () => undefined)).toEqual({ articles: 3, unread: 2 });
    expect((await searchArticles(db, '营商环境')).map((r) => r.id)).toEqual([SEED.id]);
    expect((await searchArticles(db, '000338')).map((r) => r.id)).toEqual(['NW202204011234567890']);
    expect((await searchArticles(db, 'hfo-1234YF')).map((r) => r.id)).toEqual(['https://example.com/notes/rates']);

    // What the upgrade built is what saving builds: a rebuild changes nothing.
    const built = { groups: await db.groups.toArray(), members: await db.members.toCollection().primaryKeys(), index: await indexContents(db) };
    await db.transaction('rw', [db.articles, db.bodies, ...derivedTables(db)], async () => { await rebuildDerived(db); });
    expect({ groups: await db.groups.toArray(), members: await db.members.toCollection().primaryKeys(), index: await indexContents(db) }).toEqual(built);
    db.close();
  });

  it('stops at a row it cannot read, says which, and leaves version 1 as it was', async () => {
    const name = freshName();
    const rows = v1Rows();
    rows.articles[1] = { ...rows.articles[1]!, tags: '证券时报新闻' as unknown as string[] };
    await writeV1(name, rows);

    const db = new LibraryDb(name);
    const error = await db.open().then(
      () => undefined,
      (e: unknown) => e as Error & { inner?: Error },
    );
    db.close();
    expect(error).toBeDefined();
    expect(`${error!.message} ${error!.inner?.message ?? ''}`).toContain('Article "NW202204011234567890" has an unreadable "tags"');

    const v1 = new Dexie(name);
    v1.version(1).stores(V1);
    await v1.open();
    expect(v1.verno).toBe(1);
    expect(v1.tables.map((t) => t.name).sort()).toEqual(['articles', 'bodies', 'images', 'settings']);
    const kept = await readAll(v1);
    expect(kept.articles).toEqual([...rows.articles].sort((a, b) => (a.id < b.id ? -1 : 1)));
    expect(kept.bodies).toHaveLength(3);
    expect(kept.images[0]!.bytes).toEqual([0x89, 0x50, 0x4e, 0x47]);
    expect(kept.settings).toEqual(rows.settings);
    v1.close();
  });

  it('opens a new library at version 4 with empty derived tables, no sync state and an empty change log', async () => {
    const db = new LibraryDb(freshName());
    await db.open();
    expect(db.verno).toBe(4);
    expect(await listGroups(db, 'category')).toEqual([]);
    expect(await searchArticles(db, '营商')).toEqual([]);
    expect(await libraryStats(db, async () => undefined)).toEqual({ articles: 0, unread: 0 });
    expect(await db.syncState.count()).toBe(0);
    expect(await db.syncChanges.count()).toBe(0);
    db.close();
  });
});

describe('version 2 to 3', () => {
  it('keeps every row of a version 2 library and adds an empty sync state', async () => {
    const name = freshName();
    await writeV1(name, v1Rows());
    const v2 = libraryDbV2(name);
    await v2.open();
    const before = await readAll(v2);
    const groups = await v2.table('groups').toArray();
    v2.close();

    const db = new LibraryDb(name);
    await db.open();
    expect(db.verno).toBe(4);
    expect(await readAll(db)).toEqual(before);
    expect(await db.groups.toArray()).toEqual(groups);
    expect(await db.syncState.count()).toBe(0);
    await db.syncState.put({ key: 'meta', value: { folder: 'x' } });
    expect((await db.syncState.get('meta'))?.value).toEqual({ folder: 'x' });
    db.close();
  });
});

describe('version 3 to 4', () => {
  it('keeps every row of a version 3 library, its sync state included, and adds an empty change log that writes fill from then on', async () => {
    const name = freshName();
    await writeV1(name, v1Rows());
    const v3 = libraryDbV2(name);
    v3.version(3).stores({ syncState: 'key' });
    await v3.open();
    const state = [
      { key: 'meta', value: { folder: 'https://dav.example/finews/', initialized: true, postsScanned: true } },
      { key: 'shard:3f', value: { etag: '"e1"', hashes: { [SEED.id]: 'abc' }, deleted: {} } },
    ];
    await v3.table('syncState').bulkPut(state);
    const before = await readAll(v3);
    v3.close();

    const db = new LibraryDb(name);
    await db.open();
    expect(db.verno).toBe(4);
    expect(await readAll(db)).toEqual(before);
    expect(await db.syncState.toArray()).toEqual(state);
    // Nothing logged by the upgrade: the sync state has no `changeLog` mark, so the next sync reads the whole library.
    expect(await db.syncChanges.count()).toBe(0);
    await db.articles.update(SEED.id, { read: false });
    expect(await db.syncChanges.toArray()).toEqual([{ id: SEED.id }]);
    db.close();
  });
});

/** The schema as version 2 shipped it (with its upgrade), to make a version 2 library to upgrade from. */
function libraryDbV2(name: string): Dexie {
  const db = new Dexie(name);
  db.version(1).stores(V1);
  db.version(2)
    .stores({ groups: '[kind+key]', members: '', searchDocs: 'doc, &id, [sortTime+id]', searchTimes: 'chunk', postings: '[bucket+chunk]' })
    .upgrade(async (tx) => {
      await rebuildDerived(libraryTables(tx as unknown as { table(name: string): never }));
    });
  return db;
}

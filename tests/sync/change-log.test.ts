// A sync reads the articles the change log names, not the library; it falls back to reading all of it when the log cannot be trusted.
import 'fake-indexeddb/auto';
import type { DBCore } from 'dexie';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_EXPORT_SETTINGS } from '../../lib/export/post/post';
import { saveArticle } from '../../lib/library/articles';
import { LibraryDb } from '../../lib/library/db';
import { addTag, editArticle } from '../../lib/library/manage';
import { shortHash } from '../../lib/export/post/file-name';
import { postFor } from '../../lib/export/post/post';
import { applyRemote } from '../../lib/sync/apply';
import { syncLibrary } from '../../lib/sync/engine';
import { syncStatus } from '../../lib/sync/run';
import { shardOf, SHARDS_DIR } from '../../lib/sync/shard';
import type { KnownShard, SyncMeta } from '../../lib/sync/state';
import type { SyncStore } from '../../lib/sync/store';
import { folderUrl } from '../../lib/sync/url';
import { testArticle } from '../unit/helpers';
import { FAST_RETRIES, folderDir, libraryContents, newFolder, postsOnDisk, storeFor, sync } from './helpers';
import { startRclone, type DavServer } from './servers';

let rclone: DavServer;
beforeAll(async () => {
  rclone = await startRclone();
});
afterAll(async () => {
  await rclone?.stop();
});

const COUNT = 40;
const id = (i: number) => `NW20220101${String(i).padStart(10, '0')}`;
let n = 0;
const opened: LibraryDb[] = [];
afterAll(async () => {
  for (const db of opened) await db.delete();
});

/** A library (a browser) that counts how it reads `articles`: whole-table reads, and rows fetched by key. */
async function browser(count = 0) {
  const db = new LibraryDb(`change-log-sync-${process.pid}-${n++}`);
  const reads = { scans: 0, rows: 0 };
  db.use({
    stack: 'dbcore',
    name: 'count-article-reads',
    create: (down: DBCore): DBCore => ({
      ...down,
      table(name) {
        const table = down.table(name);
        if (name !== 'articles') return table;
        return {
          ...table,
          query: (request) => ((reads.scans += 1), table.query(request)),
          openCursor: (request) => ((reads.scans += 1), table.openCursor(request)),
          getMany: (request) => ((reads.rows += request.keys.length), table.getMany(request)),
          get: (request) => ((reads.rows += 1), table.get(request)),
        };
      },
    }),
  });
  opened.push(db);
  await db.open();
  for (let i = 0; i < count; i++) await saveArticle(db, testArticle(id(i), { html: `<p>正文${i}</p>` }), 1000 + i);
  const counted = async <T>(run: () => Promise<T>) => {
    reads.scans = reads.rows = 0;
    const result = await run();
    return { result, ...reads };
  };
  return { db, counted };
}

const meta = async (db: LibraryDb) => (await db.syncState.get('meta'))!.value as SyncMeta;

describe('the change log in a sync', () => {
  it('a sync after one change reads that change and its shard, not the library; what a sync pulls is no change of its own', async () => {
    const url = await newFolder(rclone);
    const a = await browser(COUNT);
    const b = await browser();
    const first = await a.counted(() => sync(a.db, rclone, url));
    expect(first.result.pushed).toBe(COUNT);
    expect(first.scans, 'the first sync reads the whole library').toBeGreaterThan(0);
    expect((await meta(a.db)).changeLog).toBe(true);
    expect(await a.db.syncChanges.count()).toBe(0);

    expect((await sync(b.db, rclone, url)).pulled).toBe(COUNT);
    expect(await b.db.syncChanges.count(), 'pulls are not logged').toBe(0);
    expect((await syncStatus(b.db)).pending).toBe(0);

    await addTag(a.db, id(7), '一处改动');
    expect((await syncStatus(a.db)).pending).toBe(1);
    const one = await a.counted(() => sync(a.db, rclone, url));
    expect(one.result).toMatchObject({ state: 'ok', pushed: 1, pulled: 0 });
    expect(one.scans, 'no read of the whole table').toBe(0);
    expect(one.rows, 'the changed row, its shard’s rows, and the check before its log entry is cleared').toBeLessThan(10);
    expect(await a.db.syncChanges.count()).toBe(0);
    expect((await syncStatus(a.db)).pending).toBe(0);

    const pulled = await b.counted(() => sync(b.db, rclone, url));
    expect(pulled.result).toMatchObject({ state: 'ok', pulled: 1, pushed: 0 });
    expect(pulled.scans).toBe(0);
    expect(await b.db.syncChanges.count()).toBe(0);
    // Nothing to push back: the next sync only lists the folder.
    expect((await sync(b.db, rclone, url)).requests).toBe(1);
    expect(await libraryContents(b.db)).toEqual(await libraryContents(a.db));
  });

  it('a change in a crowded shard reads that one row, not the shard’s; a shard that lost an unchanged article gets it again', async () => {
    const url = await newFolder(rclone);
    // Thirty articles of one shard, as a shard of a 7,000-article library holds.
    const crowd = Array.from({ length: 20_000 }, (_, i) => id(1000 + i)).filter((x) => shardOf(x) === shardOf(id(0))).slice(0, 30);
    const a = await browser();
    const b = await browser();
    for (const [i, x] of crowd.entries()) await saveArticle(a.db, testArticle(x, { html: `<p>同片${i}</p>` }), 1000 + i);
    await sync(a.db, rclone, url);
    await sync(b.db, rclone, url);

    await addTag(a.db, crowd[4]!, '一处改动');
    const one = await a.counted(() => sync(a.db, rclone, url));
    expect(one.result).toMatchObject({ state: 'ok', pushed: 1, pulled: 0 });
    expect(one.scans).toBe(0);
    expect(one.rows, 'the changed row when the log is read, when its shard is merged, and before its log entry is cleared').toBe(3);
    expect((await sync(b.db, rclone, url)).pulled).toBe(1);
    expect(await libraryContents(b.db)).toEqual(await libraryContents(a.db));

    // The shard goes missing on the server (deleted by hand, a restored server backup): the next sync with a change there writes it whole again.
    await storeFor(rclone, url).delete(`${SHARDS_DIR}/${shardOf(id(0))}.jsonl`);
    await addTag(a.db, crowd[9]!, '又一处');
    const again = await a.counted(() => sync(a.db, rclone, url));
    expect(again.result).toMatchObject({ state: 'ok', pushed: crowd.length });
    expect(again.scans).toBe(0);
    const c = await browser();
    expect((await sync(c.db, rclone, url)).pulled).toBe(crowd.length);
    expect(await libraryContents(c.db)).toEqual(await libraryContents(a.db));
  });

  it('a change made while a sync runs stays logged, and the next sync pushes it', async () => {
    const url = await newFolder(rclone);
    const a = await browser(COUNT);
    const b = await browser();
    await sync(a.db, rclone, url);
    await sync(b.db, rclone, url);
    await addTag(a.db, id(3), '先改');
    // The user tags the article again just as its shard is being written.
    const store = storeFor(rclone, url, { conditional: (await meta(a.db)).conditional });
    let tagged = false;
    const meddling: SyncStore = {
      list: (dir) => store.list(dir),
      get: (path, max) => store.get(path, max),
      getBytes: (path, max) => store.getBytes(path, max),
      delete: (path) => store.delete(path),
      mkcol: (path) => store.mkcol(path),
      get requests() {
        return store.requests;
      },
      put: async (path, text, condition) => {
        if (path.startsWith(SHARDS_DIR) && !tagged) {
          tagged = true;
          await addTag(a.db, id(3), '同步时改');
        }
        return store.put(path, text, condition);
      },
    };
    const during = await syncLibrary(a.db, meddling, folderUrl(url).href, { settings: DEFAULT_EXPORT_SETTINGS, retryDelays: FAST_RETRIES });
    expect(during).toMatchObject({ state: 'ok', pushed: 1 });
    expect(tagged).toBe(true);
    expect((await a.db.syncChanges.toArray()).map((r) => r.id)).toEqual([id(3)]);
    expect((await syncStatus(a.db)).pending).toBe(1);
    expect((await sync(a.db, rclone, url)).pushed).toBe(1);
    await sync(b.db, rclone, url);
    expect((await b.db.articles.get(id(3)))!.tags).toEqual(expect.arrayContaining(['先改', '同步时改']));
    expect(await libraryContents(b.db)).toEqual(await libraryContents(a.db));
  });

  it('reads the whole library where the log cannot be trusted: state from before the log, and a write it could not name', async () => {
    const url = await newFolder(rclone);
    const a = await browser(COUNT);
    const b = await browser();
    await sync(a.db, rclone, url);
    await sync(b.db, rclone, url);

    // A change the log never saw (as one made before the upgrade that brought it) ...
    const row = (await a.db.articles.get(id(5)))!;
    await applyRemote(a.db, [{ record: { ...row, read: true }, html: '<p>正文5</p>', expected: undefined }], [], { ownPull: true });
    expect(await a.db.syncChanges.count()).toBe(0);
    // ... in a library whose sync state predates the log: no `changeLog` mark, shards without post names.
    const state = await a.db.syncState.toArray();
    await a.db.syncState.clear();
    await a.db.syncState.bulkPut(
      state.flatMap(({ key, value }): { key: string; value: unknown }[] => {
        if (key === 'meta') {
          const { changeLog: _mark, ...rest } = value as SyncMeta;
          return [{ key, value: rest }];
        }
        if (!key.startsWith('shard:')) return [];
        const { names: _names, ...rest } = value as KnownShard;
        return [{ key, value: rest }];
      }),
    );
    expect((await syncStatus(a.db)).pending).toBe(1);
    const upgraded = await a.counted(() => sync(a.db, rclone, url));
    expect(upgraded.result).toMatchObject({ state: 'ok', pushed: 1 });
    expect(upgraded.scans).toBeGreaterThan(0);
    // It recorded what the next sync needs to read only the log: every shard's post names, indexed by shard and by day, and the mark.
    expect((await meta(a.db)).changeLog).toBe(true);
    const rows = await a.db.syncState.toArray();
    const shards = rows.filter((r) => r.key.startsWith('shard:'));
    expect(shards.length).toBeGreaterThan(10);
    expect(shards.every((r) => (r.value as KnownShard).names !== undefined)).toBe(true);
    const names = Object.assign({}, ...shards.map((r) => (r.value as KnownShard).names));
    expect(Object.keys(names).sort()).toEqual(Array.from({ length: COUNT }, (_, i) => id(i)));
    const days = Object.assign({}, ...rows.filter((r) => r.key.startsWith('names:')).map((r) => r.value));
    expect(days).toEqual(names);
    expect(Object.keys(rows.find((r) => r.key === 'shards')!.value as object).sort()).toEqual(shards.map((r) => r.key.slice(6)).sort());
    expect((await a.counted(() => sync(a.db, rclone, url))).scans).toBe(0);

    // A write the log cannot name row by row: all of it goes, and the next sync reads the library to find out what.
    await a.db.articles.clear();
    await a.db.bodies.clear();
    expect((await syncStatus(a.db)).pending).toBe(COUNT);
    const cleared = await a.counted(() => sync(a.db, rclone, url));
    expect(cleared.result).toMatchObject({ state: 'ok', tombstoned: COUNT });
    expect(cleared.scans).toBeGreaterThan(0);
    expect(await a.db.syncChanges.count()).toBe(0);
    expect((await a.counted(() => sync(a.db, rclone, url))).scans).toBe(0);
    expect((await sync(b.db, rclone, url)).removed).toBe(COUNT);
    expect(await b.db.articles.count()).toBe(0);
  });
});

describe('post names in a sync that reads only the changes', () => {
  it('an edit that moves an article onto another article’s name settles the clash with an article the sync did not read', async () => {
    const url = await newFolder(rclone);
    const a = await browser(COUNT);
    const b = await browser();
    const web = (path: string, publishedAt: string) => {
      const link = `https://example.com/${path}`;
      return testArticle(link, { infoCode: undefined, url: link, canonicalUrl: link, title: 'Market update', source: undefined, site: 'example.com', publishedAt, html: `<p>${path}</p>` });
    };
    const x = web('x', '2022-02-10T08:00:00+08:00');
    const y = web('a', '2022-03-15T08:00:00+08:00');
    await saveArticle(a.db, x, 5000);
    await saveArticle(a.db, y, 5001);
    await sync(a.db, rclone, url);
    await sync(b.db, rclone, url);
    const dir = folderDir(rclone, url);
    expect(Object.keys(postsOnDisk(dir))).toEqual(expect.arrayContaining(['2022-02-10-market-update.md', '2022-03-15-market-update.md']));

    // y's id sorts first: moved onto x's day, it takes the plain name and x's post gets the clash name.
    await editArticle(a.db, y.id, { publishedAt: '2022-02-10 09:00:00' }, 6000);
    const moved = await a.counted(() => sync(a.db, rclone, url));
    expect(moved.result).toMatchObject({ state: 'ok', pushed: 1 });
    expect(moved.scans).toBe(0);
    const posts = postsOnDisk(dir);
    const exported = async (id: string) => {
      const record = (await a.db.articles.get(id))!;
      return postFor({ ...record, html: (await a.db.bodies.get(id))!.html }, DEFAULT_EXPORT_SETTINGS).content;
    };
    expect(posts['2022-02-10-market-update.md']).toBe(await exported(y.id));
    expect(posts[`2022-02-10-market-update-${shortHash(x.id)}.md`]).toBe(await exported(x.id));
    expect(posts['2022-03-15-market-update.md']).toBeUndefined();
    expect(Object.keys(posts)).toHaveLength(COUNT + 2);

    const pulled = await b.counted(() => sync(b.db, rclone, url));
    expect(pulled.scans).toBe(0);
    expect(await libraryContents(b.db)).toEqual(await libraryContents(a.db));
    expect((await sync(b.db, rclone, url)).requests).toBe(1);
    expect(postsOnDisk(dir)).toEqual(posts);

    // Each browser's index of names by day moved y with it, and agrees with its shard rows.
    for (const db of [a.db, b.db]) {
      const rows = await db.syncState.toArray();
      const byShard = Object.assign({}, ...rows.filter((r) => r.key.startsWith('shard:')).map((r) => (r.value as KnownShard).names));
      const byDay = Object.assign({}, ...rows.filter((r) => r.key.startsWith('names:')).map((r) => r.value));
      expect(byDay).toEqual(byShard);
      expect(byDay[y.id]).toBe('2022-02-10-market-update.md');
      expect(rows.find((r) => r.key === 'names:2022-03-15')?.value ?? {}).not.toHaveProperty(y.id);
    }
  });
});

import 'fake-indexeddb/auto';
import { beforeEach, describe, expect, it } from 'vitest';
import type { Article } from '../../lib/article';
import { restoreBackup } from '../../lib/backup/restore';
import { writeBackup } from '../../lib/backup/write';
import { derivedTables, LibraryDb, rebuildDerived } from '../../lib/library/db';
import { listGroupArticles, listGroups } from '../../lib/library/groups';
import { saveArticle } from '../../lib/library/articles';
import { saveArticles } from '../save-articles';
import { addTag, deleteArticles, removeTag, setRead, undoDelete } from '../../lib/library/manage';
import { ensureRecent, listRecent } from '../../lib/library/recent';
import { listRefParam, neighbours, parseListRef, type ListRef } from '../../lib/library/neighbours';
import { indexContents, listArticles } from './reference';
import { testArticle, useFreshDbs } from './helpers';

const article = (id: string, overrides: Partial<Article> = {}) =>
  testArticle(id, { publishedAt: '2022-02-10T08:00:00+08:00', ...overrides });

const at = (iso: string) => Date.parse(iso);

const freshDb = useFreshDbs('groups-test');
let db: LibraryDb;
beforeEach(async () => {
  db = await freshDb();
});

/** The derived tables equal what a rebuild from the articles and bodies gives. */
async function expectDerivedExact(target: LibraryDb = db) {
  const snapshot = async () => ({
    groups: await target.groups.toArray(),
    members: await target.members.toCollection().primaryKeys(),
    index: await indexContents(target),
  });
  // Search results are served from copies of the rows: they must be the rows.
  const copies = new Map((await target.searchDocs.toArray()).map((d) => [d.id, d.article]));
  expect(copies).toEqual(new Map((await target.articles.toArray()).map((a) => [a.id, a])));
  const kept = await snapshot();
  await target.transaction('rw', [target.articles, target.bodies, ...derivedTables(target)], async () => {
    await rebuildDerived(target);
  });
  expect(kept).toEqual(await snapshot());
}

const summary = async (kind: 'category' | 'tag', target = db) =>
  (await listGroups(target, kind)).map((g) => `${g.key}:${g.count}@${new Date(g.newest).toISOString()}`);

describe('listing groups', () => {
  it('gives one group per source (or site) and per tag, with counts, the newest group first', async () => {
    await saveArticle(db, article('a', { publishedAt: '2022-02-10T00:00:00Z' }), 1);
    await saveArticle(db, article('b', { publishedAt: '2022-02-11T00:00:00Z' }), 2);
    await saveArticle(db, article('c', { publishedAt: '2022-03-01T00:00:00Z', source: '证券时报' }), 3);
    const note = { infoCode: undefined, source: undefined, publishedAt: undefined, site: 'example.com', canonicalUrl: 'https://example.com/n' };
    await saveArticle(db, article('https://example.com/n', note), at('2023-01-01T00:00:00Z'));
    await addTag(db, 'b', '营商');

    expect(await summary('category')).toEqual([
      'example.com:1@2023-01-01T00:00:00.000Z',
      '证券时报:1@2022-03-01T00:00:00.000Z',
      '定西日报:2@2022-02-11T00:00:00.000Z',
    ]);
    // Equal newest: by key.
    expect(await summary('tag')).toEqual([
      '证券时报新闻:1@2022-03-01T00:00:00.000Z',
      '定西日报新闻:2@2022-02-11T00:00:00.000Z',
      '营商:1@2022-02-11T00:00:00.000Z',
    ]);
    expect(await listGroups(db, 'category')).toContainEqual({ kind: 'category', key: '定西日报', count: 2, newest: at('2022-02-11T00:00:00Z') });
    await expectDerivedExact();
  });

  it('pages through a group newest first, in the order of the whole list', async () => {
    const all = Array.from({ length: 120 }, (_, i) =>
      article(`id${String(i).padStart(3, '0')}`, {
        publishedAt: new Date(Date.UTC(2022, 0, 1) + Math.floor(i / 3) * 60_000).toISOString(), // equal times in threes
        source: i % 4 === 0 ? '证券时报' : '定西日报',
      }),
    );
    await saveArticles(db, all, 1);
    const order = (await listArticles(db, 0, 200)).filter((r) => r.source === '定西日报').map((r) => r.id);
    const pages: string[] = [];
    for (let offset = 0; offset < 100; offset += 25) {
      pages.push(...(await listGroupArticles(db, 'category', '定西日报', offset, 25)).map((r) => r.id));
    }
    expect(pages).toEqual(order);
    expect((await listGroupArticles(db, 'tag', '定西日报新闻', 10, 5)).map((r) => r.id)).toEqual(order.slice(10, 15));
    expect(await listGroupArticles(db, 'category', '定西日报', 90, 25)).toHaveLength(0);
    expect(await listGroupArticles(db, 'tag', 'none', 0, 25)).toEqual([]);
    await expectDerivedExact();
  });
});

describe('keeping groups exact', () => {
  it('moves an article when a re-save changes its source or its time', async () => {
    await saveArticle(db, article('a', { publishedAt: '2022-02-10T00:00:00Z' }), 1);
    await saveArticle(db, article('b', { publishedAt: '2022-02-12T00:00:00Z' }), 1);
    await saveArticle(db, article('a', { publishedAt: '2022-02-10T00:00:00Z', source: '证券时报' }), 2);
    expect(await summary('category')).toEqual(['定西日报:1@2022-02-12T00:00:00.000Z', '证券时报:1@2022-02-10T00:00:00.000Z']);
    // A re-save keeps the tags it had and adds the new source's.
    expect(await summary('tag')).toEqual(['定西日报新闻:2@2022-02-12T00:00:00.000Z', '证券时报新闻:1@2022-02-10T00:00:00.000Z']);
    await saveArticle(db, article('a', { publishedAt: '2022-03-01T00:00:00Z', source: '证券时报' }), 3);
    expect(await summary('category')).toEqual(['证券时报:1@2022-03-01T00:00:00.000Z', '定西日报:1@2022-02-12T00:00:00.000Z']);
    expect((await listGroupArticles(db, 'tag', '定西日报新闻', 0, 10)).map((r) => r.id)).toEqual(['a', 'b']);
    await expectDerivedExact();
  });

  it('finds the next newest when the newest article leaves, and drops empty groups', async () => {
    await saveArticle(db, article('a', { publishedAt: '2022-02-10T00:00:00Z' }), 1);
    await saveArticle(db, article('b', { publishedAt: '2022-02-12T00:00:00Z' }), 1);
    await addTag(db, 'b', '营商');
    await addTag(db, 'a', '营商');
    await removeTag(db, 'b', '营商');
    expect(await summary('tag')).toEqual(['定西日报新闻:2@2022-02-12T00:00:00.000Z', '营商:1@2022-02-10T00:00:00.000Z']);
    const deleted = await deleteArticles(db, ['b']);
    expect(await summary('category')).toEqual(['定西日报:1@2022-02-10T00:00:00.000Z']);
    await deleteArticles(db, ['a']);
    expect(await listGroups(db, 'category')).toEqual([]);
    expect(await listGroups(db, 'tag')).toEqual([]);
    expect(await db.groups.count()).toBe(0);
    await undoDelete(db, deleted);
    expect(await summary('category')).toEqual(['定西日报:1@2022-02-12T00:00:00.000Z']);
    await expectDerivedExact();
  });

  it('counts read state apart from the groups', async () => {
    await saveArticle(db, article('a'), 1);
    await setRead(db, 'a', true);
    expect(await summary('category')).toEqual(['定西日报:1@2022-02-10T00:00:00.000Z']);
    await expectDerivedExact();
  });

  it('stays exact through restores, new and merging', async () => {
    await saveArticle(db, article('a', { publishedAt: '2022-02-10T00:00:00Z' }), 1);
    await saveArticle(db, article('b', { publishedAt: '2022-02-11T00:00:00Z', source: '证券时报' }), 1);
    await addTag(db, 'a', '营商');
    let text = '';
    await writeBackup(db, (line) => void (text += `${line}\n`));
    const lines = () => (async function* () { yield* text.split('\n'); })();

    const target = await freshDb();
    await saveArticle(target, article('a', { publishedAt: '2022-02-10T00:00:00Z', source: '别的来源' }), 0); // older: the backup's fields win
    await saveArticle(target, article('c', { publishedAt: '2022-01-01T00:00:00Z' }), 5);
    await restoreBackup(target, lines);
    expect(await summary('category', target)).toEqual(['证券时报:1@2022-02-11T00:00:00.000Z', '定西日报:2@2022-02-10T00:00:00.000Z']);
    expect(await summary('tag', target)).toEqual([
      '证券时报新闻:1@2022-02-11T00:00:00.000Z',
      '别的来源新闻:1@2022-02-10T00:00:00.000Z',
      '定西日报新闻:2@2022-02-10T00:00:00.000Z',
      '营商:1@2022-02-10T00:00:00.000Z',
    ]);
    await restoreBackup(target, lines); // unchanged the second time
    await expectDerivedExact(target);
  });

  it('leaves groups as they were when the browser refuses a save', async () => {
    await saveArticle(db, article('a'), 1);
    const before = await summary('tag');
    const original = db.bodies.put.bind(db.bodies);
    db.bodies.put = () => Promise.reject(new DOMException('full', 'QuotaExceededError')) as never;
    const outcome = await saveArticle(db, article('b', { source: '证券时报', publishedAt: '2023-01-01T00:00:00Z' }), 2);
    db.bodies.put = original;
    expect(outcome).toMatchObject({ ok: false, reason: 'quota' });
    expect(await summary('tag')).toEqual(before);
    expect(await db.members.count()).toBe(4); // a's category, tag, unread and recently saved
    await expectDerivedExact();
  });
});

describe('recently saved', () => {
  const ids = async (offset = 0, limit = 10) => (await listRecent(db, offset, limit)).map((a) => a.id);

  it('lists every article by its latest save, newest first, paged; a re-save moves it to the top, a delete takes it out', async () => {
    await saveArticle(db, article('old', { publishedAt: '2030-01-01T00:00:00+08:00' }), 1);
    await saveArticle(db, article('mid', { publishedAt: '2001-01-01T00:00:00+08:00' }), 2);
    await saveArticle(db, article('new'), 3);
    expect(await ids()).toEqual(['new', 'mid', 'old']);
    expect(await ids(1, 1)).toEqual(['mid']);
    await saveArticle(db, article('old', { publishedAt: '2030-01-01T00:00:00+08:00' }), 4);
    await setRead(db, 'mid', true); // reading or tagging is not a save
    await addTag(db, 'new', '读后');
    expect(await ids()).toEqual(['old', 'new', 'mid']);
    await deleteArticles(db, ['new']);
    expect(await ids()).toEqual(['old', 'mid']);
    await expectDerivedExact();
  });

  it('is built once for a library saved before it existed, and left alone after', async () => {
    for (const [i, id] of ['a', 'b', 'c'].entries()) await saveArticle(db, article(id), i + 1);
    await db.transaction('rw', db.members, db.groups, async () => {
      await db.members.where(':id').between(['saved', ''], ['saved', '\uffff']).delete();
      await db.groups.delete(['saved', '']);
    });
    expect(await ids()).toEqual([]);
    expect(await ensureRecent(db)).toBe(true);
    expect(await ids()).toEqual(['c', 'b', 'a']);
    expect(await ensureRecent(db)).toBe(false);
    await expectDerivedExact();
  });
});

describe('previous and next in a list', () => {
  it('walk recently saved and a group in the order the popup draws them', async () => {
    await saveArticle(db, article('a', { publishedAt: '2022-01-03T00:00:00+08:00' }), 1);
    await saveArticle(db, article('b', { publishedAt: '2022-01-01T00:00:00+08:00' }), 2);
    await saveArticle(db, article('c', { publishedAt: '2022-01-02T00:00:00+08:00' }), 3);
    const around = async (ref: ListRef, id: string) => {
      const { previous, next } = await neighbours(db, ref, (await db.articles.get(id))!);
      return [previous?.id, next?.id];
    };
    const recent = parseListRef('saved:')!;
    expect(await around(recent, 'c')).toEqual([undefined, 'b']);
    expect(await around(recent, 'b')).toEqual(['c', 'a']);
    expect(await around(recent, 'a')).toEqual(['b', undefined]);
    const source = (await db.articles.get('a'))!.source!;
    const group = parseListRef(listRefParam({ kind: 'category', key: source }))!;
    expect(await around(group, 'c')).toEqual(['a', 'b']);
    expect(parseListRef('nonsense')).toBeUndefined();
  });
});

import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import type { Article } from '../../lib/article';
import { derivedTables, rebuildDerived } from '../../lib/library/db';
import { listGroups } from '../../lib/library/groups';
import { saveArticle } from '../../lib/library/articles';
import { addTag, deleteArticles, libraryStats, removeTag, setRead, undoDelete } from '../../lib/library/manage';
import { searchArticles } from '../../lib/library/search/index';
import { indexContents } from './reference';
import { testArticle, useTestDb } from './helpers';

const article = (id: string, overrides: Partial<Article> = {}) =>
  testArticle(id, { publishedAt: '2022-02-10T08:00:00+08:00', html: `<p>正文${id}，营商环境</p>`, ...overrides });

const png = (seed: number) => new Blob([new Uint8Array([0x89, 0x50, 0x4e, 0x47, seed])], { type: 'image/png' });

const db = useTestDb('manage-test');

/** Three articles, one read and tagged, two with images. */
async function sample() {
  await saveArticle(db(), article('a', { publishedAt: '2022-02-10T00:00:00Z' }), 1);
  await saveArticle(db(), article('b', { publishedAt: '2022-02-11T00:00:00Z', source: '证券时报' }), 2);
  await saveArticle(db(), article('c', { publishedAt: '2022-02-12T00:00:00Z' }), 3);
  await addTag(db(), 'a', '营商');
  await setRead(db(), 'a', true);
  await db().images.bulkPut([
    { articleId: 'a', url: 'https://img.example/1.png', type: 'image/png', blob: png(1) },
    { articleId: 'a', url: 'https://img.example/2.png', type: 'image/png', blob: png(2) },
    { articleId: 'b', url: 'https://img.example/1.png', type: 'image/png', blob: png(3) },
  ]);
}

/** Everything a user could see: rows, bodies, images with bytes, groups, search. */
async function state() {
  const images = await Promise.all(
    (await db().images.toArray()).map(async ({ blob, ...rest }) => ({ ...rest, bytes: [...new Uint8Array(await blob.arrayBuffer())] })),
  );
  return {
    articles: await db().articles.toArray(),
    bodies: await db().bodies.toArray(),
    images,
    categories: await listGroups(db(), 'category'),
    tags: await listGroups(db(), 'tag'),
    stats: await libraryStats(db(), async () => undefined),
    found: (await searchArticles(db(), '营商环境')).map((r) => r.id),
  };
}

/** The derived tables equal what a rebuild from the articles and bodies gives. */
async function expectDerivedExact() {
  const snapshot = async () => ({
    groups: await db().groups.toArray(),
    members: await db().members.toCollection().primaryKeys(),
    index: await indexContents(db()),
  });
  // Search results are served from copies of the rows: they must be the rows.
  const copies = new Map((await db().searchDocs.toArray()).map((d) => [d.id, d.article]));
  expect(copies).toEqual(new Map((await db().articles.toArray()).map((a) => [a.id, a])));
  const kept = await snapshot();
  await db().transaction('rw', [db().articles, db().bodies, ...derivedTables(db())], async () => { await rebuildDerived(db()); });
  expect(kept).toEqual(await snapshot());
}

describe('deleting with undo', () => {
  it('deletes rows, bodies and images, and undo puts back everything, tags and read state included', async () => {
    await sample();
    const before = await state();
    const deleted = await deleteArticles(db(), ['a', 'b', 'unknown', 'a']);
    expect(deleted.articles.map((d) => d.record.id)).toEqual(['a', 'b']);
    expect(deleted.articles[0]).toMatchObject({ html: '<p>正文a，营商环境</p>', record: { read: true, tags: ['定西日报新闻', '营商'] } });
    expect(deleted.articles[0]!.images).toHaveLength(2);
    const after = await state();
    expect(after.articles.map((r) => r.id)).toEqual(['c']);
    expect(after.bodies.map((b) => b.id)).toEqual(['c']);
    expect(after.images).toEqual([]);
    expect(after.found).toEqual(['c']);
    expect(after.stats).toEqual({ articles: 1, unread: 1 });
    expect(after.tags.map((g) => `${g.key}:${g.count}`)).toEqual(['定西日报新闻:1']);
    await expectDerivedExact();

    await undoDelete(db(), deleted);
    expect(await state()).toEqual(before);
    await expectDerivedExact();
  });

  it('leaves an article saved again since the delete as it now is', async () => {
    await sample();
    const deleted = await deleteArticles(db(), ['a', 'b']);
    await saveArticle(db(), article('a', { title: '又保存了' }), 9);
    await undoDelete(db(), deleted);
    expect(await db().articles.get('a')).toMatchObject({ title: '又保存了', read: false, tags: ['定西日报新闻'] });
    expect(await db().images.where('articleId').equals('a').count()).toBe(0);
    expect(await db().articles.get('b')).toBeDefined();
    await expectDerivedExact();
  });

  it('changes nothing when the browser refuses the delete', async () => {
    await sample();
    const before = await state();
    const original = db().bodies.bulkDelete.bind(db().bodies);
    db().bodies.bulkDelete = () => Promise.reject(new DOMException('full', 'QuotaExceededError')) as never;
    await expect(deleteArticles(db(), ['a', 'c'])).rejects.toThrow();
    db().bodies.bulkDelete = original;
    expect(await state()).toEqual(before);
    await expectDerivedExact();
  });
});

describe('tags and read state', () => {
  it('adds trimmed tags once, removes them, and refuses an empty one', async () => {
    await sample();
    await addTag(db(), 'c', '  宏观 ');
    await addTag(db(), 'c', '宏观');
    expect((await db().articles.get('c'))?.tags).toEqual(['定西日报新闻', '宏观']);
    await expect(addTag(db(), 'c', '   ')).rejects.toThrow('A tag must not be empty.');
    await removeTag(db(), 'c', '宏观');
    await removeTag(db(), 'c', '没有的');
    expect((await db().articles.get('c'))?.tags).toEqual(['定西日报新闻']);
    expect((await listGroups(db(), 'tag')).map((g) => g.key)).not.toContain('宏观');
    await expect(addTag(db(), 'nope', 'x')).rejects.toThrow('The library has no article "nope".');
    await expectDerivedExact();
  });

  it('marks read and unread, and counts both without reading the articles', async () => {
    await sample();
    expect(await libraryStats(db(), async () => ({ usage: 12_345 }))).toEqual({ articles: 3, unread: 2, bytes: 12_345 });
    await setRead(db(), 'b', true);
    await setRead(db(), 'b', true);
    await setRead(db(), 'a', false);
    expect(await libraryStats(db(), async () => undefined)).toEqual({ articles: 3, unread: 2 });
    expect((await db().articles.get('b'))?.read).toBe(true);
    // Node has no storage estimate: no bytes rather than a wrong figure.
    expect(await libraryStats(db())).toEqual({ articles: 3, unread: 2 });
    await expectDerivedExact();
  });
});

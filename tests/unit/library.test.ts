import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import type { Article } from '../../lib/article';
import { countArticles, findSaved, getBody, saveArticle, storageFailure } from '../../lib/library/articles';
import { listArticles } from './reference';
import { testArticle, useTestDb } from './helpers';

const article = (overrides: Partial<Article> = {}) =>
  testArticle('NW202202102271830933', { title: '定西:以高质量监督助力优化营商环境', ...overrides });

const db = useTestDb('library-test');

describe('saving into the library', () => {
  it('stores the record and its body, tagged with the source', async () => {
    const outcome = await saveArticle(db(), article(), 1_000);
    expect(outcome.ok && outcome.created).toBe(true);
    const record = await db().articles.get('NW202202102271830933');
    expect(record).toMatchObject({ title: '定西:以高质量监督助力优化营商环境', source: '定西日报', tags: ['定西日报新闻'], read: false, savedAt: 1_000 });
    expect(record).not.toHaveProperty('html');
    expect(record?.sortTime).toBe(Date.parse('2022-02-10T00:10:19Z'));
    expect(await getBody(db(), 'NW202202102271830933')).toBe('<p>本报讯</p>');
  });

  it('updates on a second save, keeping first-save time, tags and read state', async () => {
    await saveArticle(db(), article(), 1_000);
    await db().articles.update('NW202202102271830933', { read: true, tags: ['定西日报新闻', '营商'] });
    const outcome = await saveArticle(db(), article({ url: 'https://choicewzp1.eastmoney.com/html_News/NewsShare.html?infoCode=NW202202102271830933', html: '<p>新</p>' }), 2_000);
    expect(outcome.ok && outcome.created).toBe(false);
    expect(await countArticles(db())).toBe(1);
    const record = await db().articles.get('NW202202102271830933');
    expect(record).toMatchObject({ savedAt: 1_000, updatedAt: 2_000, read: true, tags: ['定西日报新闻', '营商'] });
    expect(await getBody(db(), 'NW202202102271830933')).toBe('<p>新</p>');
  });

  it('lists newest first by publication time, stable for equal times', async () => {
    await saveArticle(db(), article({ id: 'a', publishedAt: '2022-02-10T08:00:00+08:00' }), 1);
    await saveArticle(db(), article({ id: 'b', publishedAt: '2022-02-11T08:00:00+08:00' }), 2);
    await saveArticle(db(), article({ id: 'c', publishedAt: '2022-02-11T08:00:00+08:00' }), 3);
    // Not from a finews page and showing no time: sorted by its first save.
    await saveArticle(db(), article({ id: 'd', publishedAt: undefined, infoCode: undefined }), Date.parse('2023-01-01T00:00:00Z'));
    // A share page showing no time: sorted at the start of its infoCode's day, never at the save time.
    await saveArticle(db(), article({ id: 'e', publishedAt: undefined, infoCode: 'NW202202110000000001' }), Date.parse('2023-01-02T00:00:00Z'));
    expect((await listArticles(db())).map((r) => r.id)).toEqual(['d', 'c', 'b', 'e', 'a']);
    expect((await listArticles(db(), 1, 2)).map((r) => r.id)).toEqual(['c', 'b']);
  });

  it('finds a saved page by id or by canonical address', async () => {
    await saveArticle(db(), article({ id: 'https://example.com/a', infoCode: undefined, canonicalUrl: 'https://example.com/a' }), 1);
    expect(await findSaved(db(), 'https://example.com/a')).toBeDefined();
    expect(await findSaved(db(), 'other', 'https://example.com/a')).toBeDefined();
    expect(await findSaved(db(), 'other', 'https://example.com/b')).toBeUndefined();
  });

  it('reports a full disk clearly and leaves earlier articles as they were', async () => {
    await saveArticle(db(), article({ id: 'kept' }), 1);
    const quota = new DOMException('quota', 'QuotaExceededError');
    const original = db().bodies.put.bind(db().bodies);
    db().bodies.put = () => Promise.reject(quota) as never;
    const outcome = await saveArticle(db(), article({ id: 'new' }), 2);
    db().bodies.put = original;
    expect(outcome).toMatchObject({ ok: false, reason: 'quota' });
    expect(await db().articles.get('new')).toBeUndefined(); // the row went back with the body
    expect(await db().articles.get('kept')).toBeDefined();
    expect(storageFailure(new Error('x')).reason).toBe('storage');
  });
});

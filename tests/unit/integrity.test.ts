// The library's integrity check, and restores that must leave the library
// whole: no image row outside its article's list, whatever the merge keeps.
import { describe, expect, it } from 'vitest';
import 'fake-indexeddb/auto';
import { restoreBackup } from '../../lib/backup/restore';
import { saveArticle } from '../../lib/library/articles';
import { checkIntegrity } from '../../lib/library/integrity';
import { saveArticleWithImages } from '../../lib/library/save';
import type { ArticleRecord } from '../../lib/library/records';
import { testArticle, useFreshDbs } from './helpers';

const freshDb = useFreshDbs('integrity');
const png = () => new Blob([new Uint8Array([0x89, 0x50, 0x4e, 0x47])], { type: 'image/png' });
const image = (url: string) => ({ url, type: 'image/png', blob: png() });

function backup(record: ArticleRecord, html: string, images: string[]): () => AsyncIterable<string> {
  const lines = [
    '{"format":"finews-reader-backup","version":1,"createdAt":"2024-05-01T10:00:00.000Z"}',
    JSON.stringify({ kind: 'article', record, html }),
    ...images.map((url) => JSON.stringify({ kind: 'image', articleId: record.id, url, type: 'image/png', data: 'iVBORw==' })),
  ];
  return async function* () {
    yield* lines;
  };
}

describe('checkIntegrity', () => {
  it('finds nothing wrong in a library written by the library\'s own functions', async () => {
    const db = await freshDb();
    await saveArticleWithImages(db, testArticle('NW1', { images: ['https://img.example/1.png'] }), [image('https://img.example/1.png')], 1_000);
    await saveArticle(db, testArticle('NW2', { source: undefined }), 2_000);
    expect(await checkIntegrity(db)).toEqual([]);
  });

  it('names orphan images and bodies, a missing body, and groups and index that disagree with the articles', async () => {
    const db = await freshDb();
    await saveArticle(db, testArticle('NW1', { images: ['https://img.example/1.png'] }), 1_000);
    await saveArticle(db, testArticle('NW2'), 1_000);
    await db.images.bulkPut([
      { articleId: 'NW1', url: 'https://img.example/other.png', type: 'image/png', blob: png() },
      { articleId: 'gone', url: 'https://img.example/1.png', type: 'image/png', blob: png() },
    ]);
    await db.bodies.put({ id: 'gone', html: '' });
    await db.bodies.delete('NW2');
    await db.groups.put({ kind: 'tag', key: '旧', count: 2, newest: 0 });
    expect(await checkIntegrity(db)).toEqual([
      'body "gone" belongs to no article',
      'article "NW2" has no body',
      'image "https://img.example/other.png" is not in article "NW1"',
      'image "https://img.example/1.png" belongs to no article ("gone")',
      'group tag 旧 has no article',
    ]);
  });
});

describe('no orphan image rows after a restore', () => {
  it('leaves out the backup\'s images that the library\'s newer copy no longer lists', async () => {
    const db = await freshDb();
    // The library's copy is newer (saved at 5,000) and lists only b.png.
    await saveArticleWithImages(db, testArticle('NW1', { images: ['https://img.example/b.png'] }), [image('https://img.example/b.png')], 5_000);
    const older = { ...(await db.articles.get('NW1'))!, images: ['https://img.example/a.png'], updatedAt: 1_000, savedAt: 1_000 };
    const report = await restoreBackup(db, backup(older, '<p>旧</p>', ['https://img.example/a.png']));
    expect(report.images).toBe(0);
    expect(await db.images.toCollection().primaryKeys()).toEqual([['NW1', 'https://img.example/b.png']]);
    expect(await checkIntegrity(db)).toEqual([]);
  });

  it('deletes the stored images a newer backup copy no longer lists, and takes its own', async () => {
    const db = await freshDb();
    await saveArticleWithImages(db, testArticle('NW1', { images: ['https://img.example/a.png'] }), [image('https://img.example/a.png')], 1_000);
    const newer = { ...(await db.articles.get('NW1'))!, images: ['https://img.example/b.png'], updatedAt: 9_000 };
    const report = await restoreBackup(db, backup(newer, '<p>新</p>', ['https://img.example/b.png']));
    expect(report).toMatchObject({ updated: 1, images: 1 });
    expect(await db.images.toCollection().primaryKeys()).toEqual([['NW1', 'https://img.example/b.png']]);
    expect(await checkIntegrity(db)).toEqual([]);
  });

  it('takes an image an unchanged article lists, and none it does not', async () => {
    const db = await freshDb();
    await saveArticle(db, testArticle('NW1', { images: ['https://img.example/a.png'] }), 1_000);
    const same = (await db.articles.get('NW1'))!;
    const report = await restoreBackup(db, backup(same, '<p>本报讯</p>', ['https://img.example/a.png', 'https://img.example/stray.png']));
    expect(report).toMatchObject({ unchanged: 1, images: 1 });
    expect(await checkIntegrity(db)).toEqual([]);
  });
});

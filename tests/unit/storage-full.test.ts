// When IndexedDB refuses writes (storage full, or a library that could not be
// upgraded), every way of changing the library says so and changes nothing.
// The refusal is made at IndexedDB's own put/add, under Dexie and the
// extension's code; tests/e2e/storage.test.ts does the same in Chromium.
import 'fake-indexeddb/auto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { restoreBackup, RestoreWriteError } from '../../lib/backup/restore';
import { LibraryDb } from '../../lib/library/db';
import { saveArticleWithImages } from '../../lib/library/save';
import { failureOf, saveArticle } from '../../lib/library/articles';
import { saveArticles } from '../save-articles';
import { addTag, deleteArticles, setRead } from '../../lib/library/manage';
import { getSettings, saveSettings } from '../../lib/library/settings';
import { oldLibrary, rawLibrary } from '../old-library/rows';
import { readRawLibrary, writeRawLibrary } from '../old-library/write-raw';
import { testArticle, useFreshDbs } from './helpers';

const BACKUP = readFileSync(join(__dirname, '..', 'fixtures', 'backups', 'v1-sample.jsonl'), 'utf8');
const lines = () =>
  async function* () {
    yield* BACKUP.split('\n');
  };

const freshDb = useFreshDbs('storage-full');

const put = IDBObjectStore.prototype.put;
const add = IDBObjectStore.prototype.add;
/** From now on IndexedDB refuses every write as a full disk does. */
function fillStorage(): void {
  const refuse = () => {
    throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
  };
  IDBObjectStore.prototype.put = refuse;
  IDBObjectStore.prototype.add = refuse;
}
afterEach(() => {
  IDBObjectStore.prototype.put = put;
  IDBObjectStore.prototype.add = add;
});

async function library(): Promise<LibraryDb> {
  const db = await freshDb();
  await saveArticle(db, testArticle('NW1', { html: '<p>营商环境</p>' }), 1_000);
  await saveArticleWithImages(db, testArticle('NW2', { images: ['https://img.example/2.png'] }), [
    { url: 'https://img.example/2.png', type: 'image/png', blob: new Blob([new Uint8Array([0x89, 0x50])], { type: 'image/png' }) },
  ], 2_000);
  await setRead(db, 'NW1', true);
  return db;
}

describe('a full storage', () => {
  it('refuses saves, changes and a restore with a clear reason, and changes nothing', async () => {
    const db = await library();
    const before = await readRawLibrary({ name: db.name });
    fillStorage();

    const quota = { ok: false, reason: 'quota', message: expect.stringContaining('storage is full') };
    expect(await saveArticle(db, testArticle('NW3'), 3_000)).toEqual(quota);
    expect(await saveArticle(db, testArticle('NW1', { title: '改过的标题' }), 3_000)).toEqual(quota);
    expect(await saveArticles(db, [testArticle('NW4'), testArticle('NW5')], 3_000)).toEqual(quota);
    const image = { url: 'https://img.example/6.png', type: 'image/png', blob: new Blob([new Uint8Array([1])]) };
    expect(await saveArticleWithImages(db, testArticle('NW6', { images: [image.url] }), [image], 3_000)).toEqual(quota);
    await expect(setRead(db, 'NW2', true)).rejects.toMatchObject({ name: 'QuotaExceededError' });
    await expect(addTag(db, 'NW2', '新标签')).rejects.toMatchObject({ name: 'QuotaExceededError' });
    await expect(deleteArticles(db, ['NW1'])).rejects.toMatchObject({ name: 'QuotaExceededError' });
    await expect(saveSettings(db, { backLinks: false })).rejects.toMatchObject({ name: 'QuotaExceededError' });
    // …and is named storage-full wherever it is shown, settings included (not "invalid").
    expect(failureOf(await saveSettings(db, { backLinks: false }).catch((e: unknown) => e))).toMatchObject({ reason: 'quota' });
    expect(failureOf(await saveSettings(db, { backLinks: 'no' } as never).catch((e: unknown) => e))).toMatchObject({ reason: 'invalid-input' });
    expect(failureOf(await addTag(db, 'NW2', ' ').catch((e: unknown) => e))).toMatchObject({ reason: 'invalid-input' });

    const restore = await restoreBackup(db, lines()).catch((e: unknown) => e);
    expect(restore).toBeInstanceOf(RestoreWriteError);
    expect(restore).toMatchObject({ reason: 'quota', nothingWritten: true });
    expect((restore as Error).message).toBe('The browser refused to store more data (storage is full); nothing was restored and the library was not changed.');

    IDBObjectStore.prototype.put = put;
    IDBObjectStore.prototype.add = add;
    expect(await readRawLibrary({ name: db.name })).toEqual(before);
  });

  it('a settings save on a full disk is named storage-full (not an invalid setting), with every field valid, and the settings stay', async () => {
    const db = await library();
    await saveSettings(db, { bodyFormat: 'html', slugOverrides: { 定西日报: 'dxrb' } });
    fillStorage();
    const valid = { bodyFormat: 'markdown', blogBase: 'https://blog.example.com', shareBase: 'https://mirror.example.org', backLinks: false, slugOverrides: { 甘肃日报: 'gsrb' } } as const;
    const refused = await saveSettings(db, valid).catch((e: unknown) => e);
    expect(refused).toMatchObject({ name: 'QuotaExceededError' });
    expect(failureOf(refused)).toEqual({ ok: false, reason: 'quota', message: expect.stringContaining('storage is full') });
    IDBObjectStore.prototype.put = put;
    IDBObjectStore.prototype.add = add;
    expect(await getSettings(db)).toMatchObject({ bodyFormat: 'html', backLinks: true, slugOverrides: { 定西日报: 'dxrb' } });
  });

  it('a restore refused after its first batch says how much it kept', async () => {
    const db = await freshDb();
    // The first batch (200 articles) goes in; the second is refused.
    const text = [
      '{"format":"finews-reader-backup","version":1,"createdAt":"2024-05-01T10:00:00.000Z"}',
      ...Array.from({ length: 300 }, (_, i) => {
        const id = `NW${String(i).padStart(18, '0')}`;
        const record = { ...testArticle(id), savedAt: 1, updatedAt: 1, sortTime: 1, tags: [], read: false };
        delete (record as { html?: string }).html;
        return JSON.stringify({ kind: 'article', record, html: '<p>x</p>' });
      }),
    ].join('\n');
    let writes = 0;
    IDBObjectStore.prototype.put = function (this: IDBObjectStore, ...args: Parameters<typeof put>) {
      if (this.name === 'articles' && (writes += 1) > 200) throw new DOMException('full', 'QuotaExceededError');
      return put.apply(this, args);
    };
    const error = await restoreBackup(db, async function* () {
      yield* text.split('\n');
    }).catch((e: unknown) => e);
    expect(error).toMatchObject({ reason: 'quota', nothingWritten: false, restored: { added: 200 } });
    expect((error as Error).message).toMatch(/after 200 articles were restored/);
  });
});

describe('a library whose upgrade failed', () => {
  it('refuses a restore, saying the library could not be upgraded, and stays as it was', async () => {
    const old = oldLibrary(30);
    (old.articles[3] as unknown as { read: string }).read = 'ja';
    const name = 'storage-full-unupgradable';
    await writeRawLibrary({ name, library: rawLibrary(old, 1) });
    const before = await readRawLibrary({ name });
    const db = new LibraryDb(name);
    const error = await restoreBackup(db, lines()).catch((e: unknown) => e);
    db.close();
    expect(error).toMatchObject({ reason: 'upgrade', nothingWritten: true });
    expect((error as Error).message).toBe('The library could not be opened or upgraded; nothing was restored and the library was not changed.');
    expect(await readRawLibrary({ name })).toEqual(before);
    await new LibraryDb(name).delete();
  });
});

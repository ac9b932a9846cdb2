import 'fake-indexeddb/auto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Article } from '../../lib/article';
import { restoreBackup, RestoreWriteError } from '../../lib/backup/restore';
import { writeBackup } from '../../lib/backup/write';
import { BackupError } from '../../lib/backup/format';
import { LibraryDb } from '../../lib/library/db';
import { DEFAULT_EXPORT_SETTINGS } from '../../lib/export/settings';
import { saveArticle } from '../../lib/library/articles';
import type { ArticleRecord } from '../../lib/library/records';
import { getSettings, saveSettings } from '../../lib/library/settings';
import { testArticle, useFreshDbs } from './helpers';

const FIXTURE = join(__dirname, '..', 'fixtures', 'backups', 'v1-sample.jsonl');

const freshDb = useFreshDbs('backup-test');

const article = (id: string, overrides: Partial<Article> = {}) =>
  testArticle(id, { title: `标题 ${id}`, html: `<p>正文 ${id}\n第二行\u2028</p>`, ...overrides });

function png(seed: number, type = 'image/png'): Blob {
  return new Blob([new Uint8Array([0x89, 0x50, 0x4e, 0x47, seed, 0, 255])], { type });
}

/** A library with tags, read state, images and settings. */
async function sampleLibrary(): Promise<LibraryDb> {
  const db = await freshDb();
  await saveArticle(db, article('NW1', { images: ['https://img.example/1.png', 'https://img.example/2.png'] }), 1_000);
  await saveArticle(db, article('NW2', { publishedAt: undefined, source: undefined, infoCode: undefined }), 2_000);
  await saveArticle(db, article('NW3'), 3_000);
  await db.articles.update('NW1', { read: true, tags: ['定西日报新闻', '营商'] });
  await db.images.bulkPut([
    { articleId: 'NW1', url: 'https://img.example/1.png', type: 'image/png', blob: png(1) },
    { articleId: 'NW1', url: 'https://img.example/2.png', type: 'image/png', blob: png(2) },
    { articleId: 'NW3', url: 'https://img.example/1.png', type: 'image/jpeg', blob: png(3, 'image/jpeg') },
  ]);
  await saveSettings(db, { bodyFormat: 'html', slugOverrides: { 定西日报: 'dingxi' } });
  await db.settings.put({ key: 'theme', value: { dark: true } }); // another feature's setting
  return db;
}

async function backupText(db: LibraryDb): Promise<string> {
  let text = '';
  await writeBackup(db, (line) => {
    text += `${line}\n`;
  }, new Date('2024-05-01T10:00:00Z'));
  return text;
}

/** The factory restoreBackup wants: fresh lines on each call. */
function linesOf(text: string): () => AsyncIterable<string> {
  return async function* () {
    yield* text.split('\n');
  };
}

/** Every table, images with their bytes: equal dumps mean equal libraries. */
async function dump(db: LibraryDb) {
  const images = await Promise.all(
    (await db.images.toArray()).map(async ({ blob, ...rest }) => ({
      ...rest,
      blobType: blob.type,
      bytes: [...new Uint8Array(await blob.arrayBuffer())],
    })),
  );
  return { articles: await db.articles.toArray(), bodies: await db.bodies.toArray(), images, settings: await db.settings.toArray() };
}

describe('writeBackup', () => {
  it('writes the header, the settings, then each article followed by its images, one line each', async () => {
    const db = await sampleLibrary();
    const lines: string[] = [];
    const counts = await writeBackup(db, (line) => void lines.push(line), new Date('2024-05-01T10:00:00Z'));
    expect(counts).toEqual({ articles: 3, images: 3 });
    expect(lines.every((l) => !l.includes('\n') && !l.includes('\r'))).toBe(true);
    expect(lines[0]).toBe('{"format":"finews-reader-backup","version":1,"createdAt":"2024-05-01T10:00:00.000Z"}');
    const kinds = lines.slice(1).map((l) => {
      const item = JSON.parse(l);
      return item.kind === 'settings' ? 'settings' : `${item.kind}:${item.record?.id ?? item.articleId}`;
    });
    expect(kinds).toEqual(['settings', 'article:NW1', 'image:NW1', 'image:NW1', 'article:NW2', 'article:NW3', 'image:NW3']);
  });

  it('pages through a library larger than one page', async () => {
    const db = await freshDb();
    await db.articles.bulkPut(
      Array.from({ length: 450 }, (_, i) => ({ ...record(`id${String(i).padStart(3, '0')}`), sortTime: i % 7 })),
    );
    const ids: string[] = [];
    const counts = await writeBackup(db, (line) => {
      const item = JSON.parse(line);
      if (item.kind === 'article') ids.push(item.record.id);
    });
    expect(counts.articles).toBe(450);
    expect(new Set(ids).size).toBe(450);
  });
});

describe('restoreBackup', () => {
  it('round-trips every field, body, image and setting into an empty library', async () => {
    const source = await sampleLibrary();
    const text = await backupText(source);
    const before = await dump(source);
    const target = await freshDb();
    const report = await restoreBackup(target, linesOf(text));
    expect(report).toEqual({ added: 3, updated: 0, unchanged: 0, images: 3, settings: true });
    expect(await dump(target)).toEqual(before);
    expect(before.images[0]!.bytes).toEqual([0x89, 0x50, 0x4e, 0x47, 1, 0, 255]);
    const restored = await target.images.get(['NW1', 'https://img.example/1.png']);
    expect(restored?.blob).toBeInstanceOf(Blob);
    expect(await getSettings(target)).toEqual({ ...DEFAULT_EXPORT_SETTINGS, bodyFormat: 'html', slugOverrides: { 定西日报: 'dingxi' } });
  });

  it('survives deleting the database and reopening it under the same name', async () => {
    const db = await sampleLibrary();
    const before = await dump(db);
    const text = await backupText(db);
    await db.delete();
    await db.open();
    await restoreBackup(db, linesOf(text));
    expect(await dump(db)).toEqual(before);
  });

  it('gives no duplicates when restored twice, and reports the second time as unchanged', async () => {
    const text = await backupText(await sampleLibrary());
    const target = await freshDb();
    await restoreBackup(target, linesOf(text));
    const once = await dump(target);
    const report = await restoreBackup(target, linesOf(text));
    expect(report).toEqual({ added: 0, updated: 0, unchanged: 3, images: 3, settings: true });
    expect(await dump(target)).toEqual(once);
  });

  it('reads lines that still carry their \\n or \\r\\n', async () => {
    const text = await backupText(await sampleLibrary());
    const target = await freshDb();
    const withEnds = async function* () {
      for (const line of text.split('\n')) yield `${line}\r\n`;
    };
    expect((await restoreBackup(target, withEnds)).added).toBe(3);
  });

  it('restores the hand-written version 1 sample of an earlier version', async () => {
    const db = await freshDb();
    const report = await restoreBackup(db, linesOf(readFileSync(FIXTURE, 'utf8')));
    expect(report).toEqual({ added: 3, updated: 0, unchanged: 0, images: 1, settings: true });
    expect(await db.articles.get('NW202204011234567890')).toMatchObject({ read: true, tags: ['证券时报新闻', '宏观'], savedAt: 1714561200000 });
    const note = await db.articles.get('https://example.com/notes/rates');
    expect(note).not.toHaveProperty('publishedAt');
    expect(note).not.toHaveProperty('infoCode');
    expect((await db.bodies.get('NW202202102271830933'))?.html).toContain('定西市纪委监委');
    const image = await db.images.get(['NW202202102271830933', 'https://np-newspic.dfcfw.com/a.png']);
    expect(image?.blob.type).toBe('image/png');
    expect([...new Uint8Array(await image!.blob.arrayBuffer()).subarray(0, 4)]).toEqual([0x89, 0x50, 0x4e, 0x47]);
    expect(await getSettings(db)).toMatchObject({ bodyFormat: 'html', slugOverrides: { 定西日报: 'dingxi' } });
  });
});

function record(id: string, overrides: Partial<ArticleRecord> = {}): ArticleRecord {
  const { html: _html, ...meta } = article(id);
  return { ...meta, savedAt: 100, updatedAt: 100, sortTime: 1644451819000, tags: ['定西日报新闻'], read: false, ...overrides };
}

function backupOf(items: object[]): string {
  return ['{"format":"finews-reader-backup","version":1,"createdAt":"2024-05-01T10:00:00.000Z"}', ...items.map((i) => JSON.stringify(i)), ''].join('\n');
}

describe('merging into a library that has the article', () => {
  it('takes fields and body from a newer backup copy, unites tags, keeps read and the first save', async () => {
    const db = await freshDb();
    await db.articles.put(record('A', { title: '旧', tags: ['x', '定西日报新闻'], read: true, savedAt: 50, updatedAt: 100 }));
    await db.bodies.put({ id: 'A', html: '<p>旧</p>' });
    const backup = backupOf([{ kind: 'article', record: record('A', { title: '新', tags: ['y'], read: false, savedAt: 70, updatedAt: 200 }), html: '<p>新</p>' }]);
    expect(await restoreBackup(db, linesOf(backup))).toEqual({ added: 0, updated: 1, unchanged: 0, images: 0, settings: false });
    expect(await db.articles.get('A')).toEqual(record('A', { title: '新', tags: ['y', 'x', '定西日报新闻'], read: true, savedAt: 50, updatedAt: 200 }));
    expect((await db.bodies.get('A'))?.html).toBe('<p>新</p>');
  });

  it('keeps fields and body of a newer library copy, still taking tags, read and the earlier save', async () => {
    const db = await freshDb();
    await db.articles.put(record('A', { title: '本地', tags: ['x'], savedAt: 80, updatedAt: 300 }));
    await db.bodies.put({ id: 'A', html: '<p>本地</p>' });
    const backup = backupOf([{ kind: 'article', record: record('A', { title: '备份', tags: ['y', 'x'], read: true, savedAt: 60, updatedAt: 200 }), html: '<p>备份</p>' }]);
    expect((await restoreBackup(db, linesOf(backup))).updated).toBe(1);
    expect(await db.articles.get('A')).toEqual(record('A', { title: '本地', tags: ['x', 'y'], read: true, savedAt: 60, updatedAt: 300 }));
    expect((await db.bodies.get('A'))?.html).toBe('<p>本地</p>');
  });

  it('sorts an article without publication time by its earlier save', async () => {
    const db = await freshDb();
    await db.articles.put(record('A', { publishedAt: undefined, savedAt: 80, sortTime: 80, updatedAt: 300 }));
    const backup = backupOf([{ kind: 'article', record: record('A', { publishedAt: undefined, savedAt: 60, sortTime: 60, updatedAt: 200 }), html: '' }]);
    await restoreBackup(db, linesOf(backup));
    expect(await db.articles.get('A')).toMatchObject({ savedAt: 60, sortTime: 60, updatedAt: 300 });
  });

  it('applies backup settings over the current ones, uniting slug overrides', async () => {
    const db = await freshDb();
    await saveSettings(db, { blogBase: 'https://blog.example.com', slugOverrides: { a: 'x', b: 'old' } });
    const backup = backupOf([{ kind: 'settings', settings: { bodyFormat: 'html', slugOverrides: { b: 'new', c: 'z' }, shareBase: 'https://m.example.org/' } }]);
    expect((await restoreBackup(db, linesOf(backup))).settings).toBe(true);
    expect(await getSettings(db)).toEqual({
      ...DEFAULT_EXPORT_SETTINGS,
      bodyFormat: 'html',
      blogBase: 'https://blog.example.com',
      shareBase: 'https://m.example.org',
      slugOverrides: { a: 'x', b: 'new', c: 'z' },
    });
  });
});

describe('a corrupt or foreign backup', () => {
  const cases: [string, (lines: string[]) => string[], RegExp][] = [
    ['bad JSON on line 5', (l) => l.map((x, i) => (i === 4 ? x.slice(0, -3) : x)), /^line 5: not valid JSON$/],
    ['a mistyped field', (l) => l.map((x, i) => (i === 2 ? x.replace('"read":true', '"read":"yes"') : x)), /^line 3: record "read" must be true or false$/],
    ['a foreign header', (l) => ['{"format":"something-else","version":1}', ...l.slice(1)], /^line 1: not a Finews Reader backup/],
    ['a newer version', (l) => [l[0]!.replace('"version":1', '"version":2'), ...l.slice(1)], /^line 1: this backup is format version 2/],
    ['a truncated file', (l) => { const t = l.filter(Boolean).join('\n'); return t.slice(0, t.length - 40).split('\n'); }, /^line 8: not valid JSON$/],
    ['an empty file', () => [''], /^line 1: not a Finews Reader backup/],
    ['an article twice', (l) => [...l.filter(Boolean), l[2]!], /^line 9: article "NW1" appears twice \(also on line 3\)$/],
    ['an image without its article', (l) => l.filter((_, i) => i !== 6), /^line 7: image of article "NW3", which the backup does not contain$/],
    ['an invalid setting', (l) => l.map((x, i) => (i === 1 ? x.replace('"dingxi"', '"ding xi"') : x)), /^line 2: settings: The slug for "定西日报" must not contain spaces$/],
  ];

  for (const [what, corrupt, message] of cases) {
    it(`refuses ${what} with a line-numbered message and changes nothing`, async () => {
      const lines = (await backupText(await sampleLibrary())).split('\n');
      // Line 5 must be an image line and line 8 the last article's image for these cases to mean what they say.
      expect(JSON.parse(lines[4]!).kind).toBe('image');
      expect(JSON.parse(lines[7]!)).toMatchObject({ kind: 'image', articleId: 'NW3' });
      const target = await freshDb();
      await saveArticle(target, article('NW1', { title: '本地' }), 5);
      await saveSettings(target, { backLinks: false });
      const before = await dump(target);
      const error = await restoreBackup(target, linesOf(corrupt(lines).join('\n'))).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(BackupError);
      expect((error as BackupError).message).toMatch(message);
      expect(await dump(target)).toEqual(before);
    });
  }
});

it('refuses a stream of no lines at all', async () => {
  const target = await freshDb();
  const none = async function* () {};
  await expect(restoreBackup(target, none)).rejects.toThrow(/^line 1: empty file/);
});

describe('writing in batches', () => {
  async function bigBackup(count: number) {
    const db = await freshDb();
    await db.articles.bulkPut(Array.from({ length: count }, (_, i) => record(`id${String(i).padStart(3, '0')}`)));
    await db.bodies.bulkPut(Array.from({ length: count }, (_, i) => ({ id: `id${String(i).padStart(3, '0')}`, html: `<p>${i}</p>` })));
    await db.images.bulkPut(Array.from({ length: count }, (_, i) => ({ articleId: `id${String(i).padStart(3, '0')}`, url: 'u', type: 'image/png', blob: png(i % 256) })));
    return backupText(db);
  }

  it('restores a backup of several batches, also when images come before their articles', async () => {
    const text = await bigBackup(450);
    const lines = text.split('\n').filter(Boolean);
    const reordered = [lines[0]!, ...lines.filter((l) => l.includes('"kind":"image"')), ...lines.filter((l) => l.includes('"kind":"article"'))];
    for (const body of [text, reordered.join('\n')]) {
      const db = await freshDb();
      expect(await restoreBackup(db, linesOf(body))).toEqual({ added: 450, updated: 0, unchanged: 0, images: 450, settings: false });
      expect(await db.bodies.count()).toBe(450);
    }
  });

  it('keeps whole articles of earlier batches when the browser refuses a later one', async () => {
    const text = await bigBackup(450);
    const db = await freshDb();
    const original = db.bodies.bulkPut.bind(db.bodies);
    let calls = 0;
    db.bodies.bulkPut = ((...args: Parameters<typeof original>) =>
      ++calls === 2 ? Promise.reject(new DOMException('full', 'QuotaExceededError')) : original(...args)) as typeof original;
    const error = await restoreBackup(db, linesOf(text)).catch((e: unknown) => e);
    db.bodies.bulkPut = original;
    expect(error).toBeInstanceOf(RestoreWriteError);
    expect(error).toMatchObject({ reason: 'quota', restored: { added: 200 } });
    expect((error as Error).message).toMatch(/storage is full.*after 200 articles/);
    // The first batch is there, each article whole; nothing of the refused one.
    expect(await db.articles.count()).toBe(200);
    expect(await db.bodies.count()).toBe(200);
    expect(await db.images.count()).toBe(200);
    expect(await db.articles.get('id200')).toBeUndefined();
  });
});

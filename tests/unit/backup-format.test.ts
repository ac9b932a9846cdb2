import { describe, expect, it } from 'vitest';
import {
  BackupError,
  backupHeader,
  base64ToBytes,
  bytesToBase64,
  encodeBackupLine,
  parseBackupHeader,
  parseBackupLine,
  readBackup,
  type BackupItem,
} from '../../lib/backup/format';
import type { ArticleRecord } from '../../lib/library/records';

const record: ArticleRecord = {
  id: 'NW202202102271830933',
  infoCode: 'NW202202102271830933',
  url: 'http://finews.zning.xyz/html_News/NewsShare.html?infoCode=NW202202102271830933',
  canonicalUrl: 'http://finews.zning.xyz/html_News/NewsShare.html?infoCode=NW202202102271830933',
  title: '定西:以高质量监督助力优化营商环境',
  publishedAt: '2022-02-10T08:10:19+08:00',
  source: '定西日报',
  site: 'finews.zning.xyz',
  images: ['https://np-newspic.dfcfw.com/a.jpg'],
  savedAt: 1714557600000,
  updatedAt: 1714557600000,
  sortTime: 1644451819000,
  tags: ['定西日报新闻'],
  read: false,
};

const items: BackupItem[] = [
  { kind: 'article', record, html: '<p>本报讯\u2028 “十四五”\n</p>' },
  { kind: 'image', articleId: record.id, url: 'https://np-newspic.dfcfw.com/a.jpg', type: 'image/jpeg', data: bytesToBase64(new Uint8Array([0, 255, 1])) },
  { kind: 'settings', settings: { export: { bodyFormat: 'html' } } },
];

async function readAll(text: string): Promise<BackupItem[]> {
  const out: BackupItem[] = [];
  for await (const item of readBackup(text.split('\n'))) out.push(item);
  return out;
}

function errorOf(fn: () => unknown): BackupError {
  try {
    fn();
  } catch (error) {
    if (error instanceof BackupError) return error;
    throw error;
  }
  throw new Error('no error');
}

describe('backup format', () => {
  it('round-trips: header, one line per item, line breaks inside values escaped', async () => {
    const text = [backupHeader(new Date('2024-05-01T10:00:00Z')), ...items.map(encodeBackupLine)].join('\n') + '\n';
    expect(text.split('\n')).toHaveLength(5);
    expect(text.startsWith('{"format":"finews-reader-backup","version":1,"createdAt":"2024-05-01T10:00:00.000Z"}\n')).toBe(true);
    expect(await readAll(text)).toEqual(items);
    expect(await readAll(text.replace(/\n/g, '\r\n'))).toEqual(items);
  });

  it('returns the header when the items are done', async () => {
    const gen = readBackup([backupHeader(new Date(0))]);
    expect(await gen.next()).toEqual({ done: true, value: { format: 'finews-reader-backup', version: 1, createdAt: '1970-01-01T00:00:00.000Z' } });
  });

  it('refuses foreign files and newer versions with a clear message', () => {
    expect(errorOf(() => parseBackupHeader('hello')).message).toBe('line 1: not a Finews Reader backup (line 1 is not JSON)');
    expect(errorOf(() => parseBackupHeader('{"format":"other","version":1}')).message).toMatch(/^line 1: not a Finews Reader backup/);
    expect(errorOf(() => parseBackupHeader('[1]')).message).toMatch(/^line 1: not a Finews Reader backup/);
    expect(errorOf(() => parseBackupHeader('{"format":"finews-reader-backup","version":2,"createdAt":"2024-05-01T10:00:00Z"}')).message).toBe(
      'line 1: this backup is format version 2, made by a newer Finews Reader; this version reads version 1',
    );
    expect(errorOf(() => parseBackupHeader('{"format":"finews-reader-backup","version":"1","createdAt":"x"}')).message).toMatch(/invalid backup version/);
    expect(errorOf(() => parseBackupHeader('{"format":"finews-reader-backup","version":1}')).message).toMatch(/createdAt/);
    expect(parseBackupHeader('\uFEFF' + backupHeader(new Date(0))).version).toBe(1);
  });

  it('refuses an empty file', async () => {
    await expect(readAll('')).rejects.toThrow('line 1: not a Finews Reader backup');
    await expect(readBackup([]).next()).rejects.toThrow('line 1: empty file');
  });

  const article = (patch: Record<string, unknown>, outer: Record<string, unknown> = {}) =>
    JSON.stringify({ kind: 'article', record: { ...record, ...patch }, html: '<p>x</p>', ...outer });

  it.each([
    ['{"kind":', 'not valid JSON'],
    ['[]', 'an item must be a JSON object'],
    ['{"record":{}}', 'an item needs a "kind" string'],
    ['{"kind":"bookmark"}', 'unknown item kind "bookmark"'],
    [article({ id: 42 }), 'record "id" must be a string'],
    [article({ id: '' }), 'record "id" must not be empty'],
    [article({ title: null }), 'record "title" must be a string'],
    [article({ infoCode: null }), 'record "infoCode" must be a string when present'],
    [article({ publishedAt: 'yesterday' }), 'record "publishedAt" must be an ISO date'],
    [article({ savedAt: '1714557600000' }), 'record "savedAt" must be a number'],
    [article({ tags: ['a', 1] }), 'record "tags" must be a list of strings'],
    [article({ images: 'a.jpg' }), 'record "images" must be a list of strings'],
    [article({ read: 'no' }), 'record "read" must be true or false'],
    [article({ extra: 1 }), 'article record has unknown field "extra"'],
    [article({}, { html: 3 }), 'article "html" must be a string'],
    [article({}, { more: 1 }), 'article item has unknown field "more"'],
    [JSON.stringify({ kind: 'article', html: '' }), 'article item lacks "record"'],
    [JSON.stringify({ kind: 'image', articleId: 'a', url: 'u', type: 't', data: 'not base64!' }), 'image "data" is not base64'],
    [JSON.stringify({ kind: 'image', articleId: 'a', url: 'u', type: 't' }), 'image item lacks "data"'],
    [JSON.stringify({ kind: 'settings', settings: [] }), '"settings" must be an object'],
  ])('line 12: %s → %s', (line, message) => {
    expect(errorOf(() => parseBackupLine(line, 12)).message).toBe(`line 12: ${message}`);
  });

  it('names the line of the corruption when reading a file', async () => {
    const lines = [backupHeader(), encodeBackupLine(items[0]!), '', encodeBackupLine(items[1]!), '{"kind":"article","record":{}'];
    const error = await readAll(lines.join('\n')).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BackupError);
    expect((error as BackupError).line).toBe(5);
    expect((error as BackupError).message).toBe('line 5: not valid JSON');
  });
});

describe('base64', () => {
  it('round-trips any bytes, large ones too', () => {
    const bytes = new Uint8Array(300_000).map((_, i) => (i * 7919) % 256);
    const text = bytesToBase64(bytes);
    expect(text).toBe(Buffer.from(bytes).toString('base64'));
    expect(base64ToBytes(text)).toEqual(bytes);
    expect(bytesToBase64(new Uint8Array())).toBe('');
  });

  it('refuses what is not standard base64', () => {
    expect(() => base64ToBytes('abc')).toThrow('not base64');
    expect(() => base64ToBytes('ab-_')).toThrow('not base64');
  });
});

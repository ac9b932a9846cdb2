// Photos through the sync folder (an option), on both real servers: what one library pushes another pulls
// byte for byte; hostile photo files are refused as restore refuses them, and never fail their article.
import 'fake-indexeddb/auto';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BackupError, encodeBackupLine, parseBackupLine } from '../../lib/backup/format';
import type { LibraryDb } from '../../lib/library/db';
import type { ArticleRecord } from '../../lib/library/records';
import { saveArticleWithImages } from '../../lib/library/save';
import { DEFAULT_EXPORT_SETTINGS } from '../../lib/export/post/post';
import { syncLibrary } from '../../lib/sync/engine';
import { PHOTO_MAX_BYTES } from '../../lib/sync/photos';
import { SyncError, type SyncStore } from '../../lib/sync/store';
import { folderUrl } from '../../lib/sync/url';
import { encodeShard, recordHash, shardOf, shardPath } from '../../lib/sync/shard';
import { testArticle } from '../unit/helpers';
import { FAST_RETRIES, folderDir, libraryContents, newFolder, storeFor, sync, useLibraries } from './helpers';
import { startServer, type DavServer, type ServerKind } from './servers';

const PNG = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
const JPEG = [0xff, 0xd8, 0xff, 0xe0];
/** Bytes that start as a raster image of the kind, then `size` bytes of noise (every byte value). */
function photo(magic: number[], seed: number, size = 3000): Uint8Array<ArrayBuffer> {
  const bytes = new Uint8Array(magic.length + size);
  bytes.set(magic);
  for (let i = 0; i < size; i++) bytes[magic.length + i] = (i * 31 + seed * 7) & 0xff;
  return bytes;
}
const sha = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');
const img = (n: number) => `https://dfscdn.dfcfw.com/download/D${n}.jpg`;

/** Each stored image row of the library with its bytes, by "article url". */
async function photosOf(db: LibraryDb): Promise<Record<string, { type: string; bytes: number[] }>> {
  const rows = await db.images.toArray();
  const out: Record<string, { type: string; bytes: number[] }> = {};
  for (const row of rows) out[`${row.articleId} ${row.url}`] = { type: row.type, bytes: [...new Uint8Array(await row.blob.arrayBuffer())] };
  return out;
}

describe.each<ServerKind>(['rclone', 'apache'])('photos through %s', (kind) => {
  let server: DavServer;
  beforeAll(async () => {
    server = await startServer(kind);
  });
  afterAll(async () => {
    await server?.stop();
  });
  const library = useLibraries(`photos-${kind}`);

  it('photos pushed from one library are pulled into another byte for byte, each file once; off by default', async () => {
    const url = await newFolder(server);
    const chromium = await library();
    const firefox = await library();
    const png = photo(PNG, 1);
    const jpeg = photo(JPEG, 2);
    const a = testArticle('NW202201010000000001', { images: [img(1), img(2)], html: `<p>甲</p><img src="${img(1)}"><img src="${img(2)}">` });
    // Another article shows the same photo as a's first: one file serves both.
    const b = testArticle('NW202201020000000002', { images: [img(3)], html: `<img src="${img(3)}">` });
    await saveArticleWithImages(chromium, a, [{ url: img(1), type: 'image/png', blob: new Blob([png]) }, { url: img(2), type: 'image/jpeg', blob: new Blob([jpeg]) }], 1000);
    await saveArticleWithImages(chromium, b, [{ url: img(3), type: 'image/png', blob: new Blob([png]) }], 1000);

    // Off (the default): articles move, photos stay.
    const off = await sync(chromium, server, url);
    expect(off.error).toBeUndefined();
    expect(off.photos).toBeUndefined();
    expect((await sync(firefox, server, url)).error).toBeUndefined();
    expect(await firefox.images.count()).toBe(0);
    const dir = folderDir(server, url);
    expect(existsSync(join(dir, '.finews/photos'))).toBe(false);

    // Turned on: the articles synced before send their photos too.
    const on = await sync(chromium, server, url, { photos: true });
    expect(on.error).toBeUndefined();
    expect(on.photos).toEqual({ pushed: 2, pulled: 0, failed: 0, problems: [] });
    const files = readdirSync(join(dir, '.finews/photos')).sort();
    expect(files).toEqual([`${sha(png)}.png`, `${sha(jpeg)}.jpeg`].sort());
    expect(new Uint8Array(readFileSync(join(dir, '.finews/photos', `${sha(jpeg)}.jpeg`)))).toEqual(jpeg);

    const pulled = await sync(firefox, server, url, { photos: true });
    expect(pulled.error).toBeUndefined();
    expect(pulled.photos).toMatchObject({ pulled: 3, failed: 0 });
    expect(await photosOf(firefox)).toEqual(await photosOf(chromium));
    expect(Object.keys(await photosOf(firefox))).toHaveLength(3);
    expect(await libraryContents(firefox)).toEqual(await libraryContents(chromium));

    // A new save with a new photo on the other side: pushed once, pulled back; an unchanged sync moves nothing.
    const gif = photo([...new TextEncoder().encode('GIF89a')], 3);
    const c = testArticle('NW202201030000000003', { images: [img(4)], html: `<img src="${img(4)}">` });
    await saveArticleWithImages(firefox, c, [{ url: img(4), type: 'image/gif', blob: new Blob([gif]) }], 2000);
    expect((await sync(firefox, server, url, { photos: true })).photos).toMatchObject({ pushed: 1, failed: 0 });
    expect((await sync(chromium, server, url, { photos: true })).photos).toMatchObject({ pulled: 1, pushed: 0, failed: 0 });
    expect(await photosOf(chromium)).toEqual(await photosOf(firefox));
    const idle = await sync(chromium, server, url, { photos: true });
    expect(idle.photos).toEqual({ pushed: 0, pulled: 0, failed: 0, problems: [] });
    expect(idle.pushed + idle.pulled).toBe(0);
  });

  it('a photo the server fails to send arrives at the next sync; its article arrives at once', async () => {
    const url = await newFolder(server);
    const chromium = await library();
    const firefox = await library();
    const png = photo(PNG, 7);
    const a = testArticle('NW202201040000000004', { images: [img(5)], html: `<img src="${img(5)}">` });
    await saveArticleWithImages(chromium, a, [{ url: img(5), type: 'image/png', blob: new Blob([png]) }], 1000);
    expect((await sync(chromium, server, url, { photos: true })).photos).toMatchObject({ pushed: 1 });

    const inner = storeFor(server, url);
    const failing: SyncStore = {
      list: (d) => inner.list(d),
      get: (p, m) => inner.get(p, m),
      getBytes: async (p) => {
        throw new SyncError('unreachable', `The connection broke while reading ${p}; it was not applied.`);
      },
      put: (p, body, condition) => inner.put(p, body, condition),
      delete: (p) => inner.delete(p),
      mkcol: (p) => inner.mkcol(p),
      get requests() {
        return inner.requests;
      },
    };
    const broken = await syncLibrary(firefox, failing, folderUrl(url).href, { settings: DEFAULT_EXPORT_SETTINGS, retryDelays: FAST_RETRIES, photos: true });
    expect(broken).toMatchObject({ state: 'ok', pulled: 1, photos: { pulled: 0, failed: 1 } });
    expect(await firefox.articles.get(a.id)).toBeDefined();
    expect(await firefox.images.count()).toBe(0);

    const healed = await sync(firefox, server, url, { photos: true });
    expect(healed.photos).toMatchObject({ pulled: 1, failed: 0 });
    expect(await photosOf(firefox)).toEqual(await photosOf(chromium));
    // Once there, the next sync reads nothing again.
    expect((await sync(firefox, server, url, { photos: true })).photos).toEqual({ pushed: 0, pulled: 0, failed: 0, problems: [] });
  });

  it('hostile photo files (SVG, oversized, wrong bytes, odd names, missing, damaged) are refused; their articles arrive', async () => {
    const url = await newFolder(server);
    const writer = storeFor(server, url);
    for (const dir of ['.finews', '.finews/shards', '.finews/photos', '_posts']) await writer.mkcol(dir);
    const good = photo(PNG, 9);
    const svg = new TextEncoder().encode('<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><script>alert(2)</script></svg>') as Uint8Array<ArrayBuffer>;
    const html = new TextEncoder().encode('<html><script>alert(3)</script></html>') as Uint8Array<ArrayBuffer>;
    const huge = photo(PNG, 4, PHOTO_MAX_BYTES + 10);
    const damaged = photo(JPEG, 5);
    const files: Record<string, Uint8Array<ArrayBuffer>> = {
      [`${sha(good)}.png`]: good,
      [`${sha(svg)}.svg+xml`]: svg,
      [`${sha(html)}.png`]: html, // markup under a raster name
      [`${sha(huge)}.png`]: huge,
      [`${sha(photo(JPEG, 6))}.jpeg`]: damaged, // bytes that are not the name's
    };
    for (const [name, bytes] of Object.entries(files)) await writer.put(`.finews/photos/${name}`, bytes);
    const refs: Record<string, string> = {
      [img(10)]: `${sha(good)}.png`,
      [img(11)]: `${sha(svg)}.svg+xml`,
      [img(12)]: `${sha(html)}.png`,
      [img(13)]: `${sha(huge)}.png`,
      [img(14)]: `${sha(photo(JPEG, 6))}.jpeg`,
      [img(15)]: '../../../../etc/passwd',
      [img(16)]: `${'0'.repeat(64)}.png`, // missing: 404
      [img(17)]: `${sha(good)}.png`, // a url the row does not list: not stored
      'javascript:alert(1)': `${sha(good)}.png`,
    };
    const listed = [10, 11, 12, 13, 14, 15, 16].map(img);
    const T = Date.parse('2026-12-01T00:00:00Z');
    const record: ArticleRecord = {
      ...testArticle('NW202201090000000009', { images: [...listed, 'javascript:alert(1)'] }),
      savedAt: T,
      updatedAt: T,
      sortTime: T,
      tags: [],
      read: false,
    };
    delete (record as { html?: string }).html;
    const shard = shardOf(record.id);
    const content = { articles: new Map([[record.id, { record, html: '<p>正文</p>', hash: recordHash(record) }]]), deleted: new Map(), photos: new Map([[record.id, refs]]) };
    await writer.put(shardPath(shard), encodeShard(shard, content));

    const db = await library();
    const report = await sync(db, server, url, { photos: true });
    expect(report.state).toBe('ok');
    expect(report.pulled).toBe(1);
    expect(await db.articles.get(record.id)).toEqual(record);
    // Only the good photo is stored; the six listed ones that fail are counted and named.
    expect(Object.keys(await photosOf(db))).toEqual([`${record.id} ${img(10)}`]);
    expect(report.photos).toMatchObject({ pulled: 1, failed: 7 });
    const why = report.photos!.problems.join('\n');
    expect(why).toMatch(/not a photo file name/); // svg+xml and the path
    expect(why).toMatch(/not a image\/png image/);
    expect(why).toMatch(/larger than/);
    expect(why).toMatch(/damaged/);
    expect(why).toMatch(/missing/);
    expect(why).toMatch(/javascript:alert\(1\): image "url" must be an http\(s\) address/);
    expect((await db.syncState.get('meta'))?.value).toMatchObject({ last: { state: 'ok', photosFailed: 7 } });

    // Restore refuses the same: an SVG image line, a non-http(s) url.
    const line = (type: string, u: string) => encodeBackupLine({ kind: 'image', articleId: record.id, url: u, type, data: 'AAAA' });
    expect(() => parseBackupLine(line('image/svg+xml', img(11)), 2)).toThrow(BackupError);
    expect(() => parseBackupLine(line('image/png', 'javascript:alert(1)'), 2)).toThrow(BackupError);
    // Nothing outside the folder was touched, and nothing was written under photos by the reader.
    expect(readdirSync(join(folderDir(server, url), '.finews/photos')).sort()).toEqual(Object.keys(files).sort());
  });
});

// A hostile server: hostile HTML in every field, oversized files, odd names. What arrives is
// exactly what restore would store from the same lines; nothing is read or written outside the folder.
import 'fake-indexeddb/auto';
import { readdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backupHeader, encodeBackupLine } from '../../lib/backup/format';
import { restoreBackup } from '../../lib/backup/restore';
import type { ArticleRecord } from '../../lib/library/records';
import { saveArticle } from '../../lib/library/articles';
import { testArticle } from '../unit/helpers';
import { encodeShard, recordHash, SHARD_MAX_BYTES, shardOf, shardPath, type Shard } from '../../lib/sync/shard';
import { VECTORS } from '../fixtures/hostile/vectors';
import { startFaultProxy, type Fault, type FaultProxy } from './fault-proxy';
import { libraryContents, newFolder, storeFor, sync, useLibraries } from './helpers';
import { startRclone, type DavServer } from './servers';

let rclone: DavServer;
let proxy: FaultProxy;
beforeAll(async () => {
  rclone = await startRclone();
  proxy = await startFaultProxy(rclone.root);
});
afterAll(async () => {
  await proxy?.stop();
  await rclone?.stop();
});
const library = useLibraries('hostile');

/** One article per vector, the vector in its title, source, body and image list. */
function hostileRecords(): { record: ArticleRecord; html: string }[] {
  return VECTORS.map((vector, i) => {
    const infoCode = `NW2022031000${String(i).padStart(8, '0')}`;
    const markup = vector.markup(vector.name);
    const url = `http://finews.zning.xyz/html_News/NewsShare.html?infoCode=${infoCode}`;
    const record: ArticleRecord = {
      id: infoCode,
      infoCode,
      url,
      canonicalUrl: url,
      title: `标题 ${markup}`,
      publishedAt: '2022-03-10T08:00:00+08:00',
      source: markup.slice(0, 80),
      site: 'finews.zning.xyz',
      images: vector.url ? [vector.url(vector.name)] : [],
      savedAt: 1_646_270_285_000,
      updatedAt: 1_646_270_285_000,
      sortTime: 1_646_270_285_000,
      tags: [markup.slice(0, 40)],
      read: false,
    };
    return { record, html: `<p>正文</p>${markup}` };
  });
}

describe('a hostile server', () => {
  it('hostile HTML in every field arrives exactly as restore stores the same lines', async () => {
    const url = await newFolder(rclone);
    const items = hostileRecords();
    const shards = new Map<string, Shard>();
    for (const { record, html } of items) {
      const shard = shardOf(record.id);
      if (!shards.has(shard)) shards.set(shard, { articles: new Map(), deleted: new Map() });
      shards.get(shard)!.articles.set(record.id, { record, html, hash: recordHash(record) });
    }
    const writer = storeFor(rclone, url);
    for (const dir of ['.finews', '.finews/shards', '_posts']) await writer.mkcol(dir);
    for (const [shard, content] of shards) await writer.put(shardPath(shard), encodeShard(shard, content));

    const synced = await library();
    const report = await sync(synced, rclone, url);
    expect(report.error).toBeUndefined();
    expect(report.pulled).toBe(items.length);

    const restored = await library();
    const lines = [backupHeader(), ...items.map(({ record, html }) => encodeBackupLine({ kind: 'article', record, html }))];
    await restoreBackup(restored, async function* () {
      yield* lines;
    });
    expect(await libraryContents(synced)).toEqual(await libraryContents(restored));
  });

  it('a record restore would refuse makes its shard corrupt: reported, nothing of it applied', async () => {
    const url = await newFolder(rclone);
    const { record, html } = hostileRecords()[0]!;
    const writer = storeFor(rclone, url);
    for (const dir of ['.finews', '.finews/shards', '_posts']) await writer.mkcol(dir);
    const shard = shardOf(record.id);
    const good = encodeShard(shard, { articles: new Map([[record.id, { record: record, html: html, hash: '' }]]), deleted: new Map() });
    await writer.put(shardPath(shard), good.replace('"read":false', '"read":"yes","onload":"x"'));
    const db = await library();
    const report = await sync(db, rclone, url);
    expect(report).toMatchObject({ state: 'error', error: { kind: 'corrupt' } });
    expect(await db.articles.count()).toBe(0);
  });

  it('a shard of a newer format version stops the sync and is left as it is, never rewritten over', async () => {
    const url = await newFolder(rclone);
    const db = await library();
    await saveArticle(db, testArticle('NW202202100000000001', { html: '<p>本地</p>' }), 1000);
    const shard = shardOf('NW202202100000000001');
    const writer = storeFor(rclone, url);
    for (const dir of ['.finews', '.finews/shards', '_posts']) await writer.mkcol(dir);
    const newer = `{"format":"finews-sync-shard","version":2,"shard":"${shard}"}\n{"kind":"something-new"}\n`;
    await writer.put(shardPath(shard), newer);
    const report = await sync(db, rclone, url);
    expect(report).toMatchObject({ state: 'error', error: { kind: 'corrupt' } });
    expect(report.error!.message).toContain('version 2');
    expect((await writer.get(shardPath(shard), SHARD_MAX_BYTES))!.text).toBe(newer);
    expect(await db.articles.count()).toBe(1);
  });

  it('oversized files are refused unread; the library is left as it was', async () => {
    const url = await newFolder(rclone);
    const db = await library();
    expect((await sync(db, rclone, url)).state).toBe('ok');
    const huge = 'x'.repeat(SHARD_MAX_BYTES + 1);
    const path = new URL(url).pathname;
    proxy.rule = (method, p): Fault | undefined => {
      if (method === 'PROPFIND' && p === `${path}.finews/shards/`) return { status: 207, body: listing(path + '.finews/shards/', ['00.jsonl']), headers: { 'Content-Type': 'application/xml' } };
      if (method === 'GET' && p === `${path}.finews/shards/00.jsonl`) return { body: huge, headers: { ETag: '"big"' } };
      return undefined;
    };
    try {
      const report = await sync(db, rclone, url.replace(rclone.root, proxy.root));
      expect(report).toMatchObject({ state: 'error', error: { kind: 'too-large' } });
      expect(await db.articles.count()).toBe(0);
    } finally {
      proxy.rule = () => undefined;
    }
  });

  it('odd names in listings (../x.md, encoded slashes, other folders) are never requested nor imported', async () => {
    const url = await newFolder(rclone);
    const path = new URL(url).pathname;
    const odd = ['../x.md', '%2e%2e%2f2022-01-01-NW202201010000000001.md', '..%2F2022-01-01-NW202201010000000002.md', 'sub/2022-01-01-NW202201010000000003.md', '2022-01-01-NW20220101000000000:4.md', '..'];
    proxy.rule = (method, p) => {
      if (method === 'PROPFIND' && p === `${path}_posts/`) return { status: 207, body: listing(`${path}_posts/`, odd, true), headers: { 'Content-Type': 'application/xml' } };
      if (method === 'PROPFIND' && p === `${path}.finews/shards/`) return { status: 207, body: listing(`${path}.finews/shards/`, ['../../00.jsonl', '%2e%2e/01.jsonl']), headers: { 'Content-Type': 'application/xml' } };
      return undefined;
    };
    const before = readdirSync(dirname(rclone.dir)).sort();
    try {
      proxy.seen.length = 0;
      const db = await library();
      const report = await sync(db, rclone, url.replace(rclone.root, proxy.root));
      expect(report.error).toBeUndefined();
      expect(report.imported).toBe(0);
      expect(await db.articles.count()).toBe(0);
      // The layout is made, the listings read, and nothing of the odd names fetched.
      expect(proxy.seen.filter((s) => !/^(PROPFIND|MKCOL) /.test(s) && !s.includes(`${path}.finews/`))).toEqual([]);
      expect(proxy.seen.every((s) => s.split(' ')[1]!.startsWith(path) && !s.includes('..'))).toBe(true);
    } finally {
      proxy.rule = () => undefined;
    }
    expect(readdirSync(dirname(rclone.dir)).sort()).toEqual(before);
  });
});

/** A PROPFIND answer listing `names` (raw, as a hostile server may send them) under `dir`. */
function listing(dir: string, names: string[], raw = false): string {
  const entry = (href: string, size: number) =>
    `<D:response><D:href>${href}</D:href><D:propstat><D:prop><D:resourcetype/><D:getetag>"e${size}"</D:getetag><D:getcontentlength>${size}</D:getcontentlength></D:prop><D:status>HTTP/1.1 200 OK</D:status></D:propstat></D:response>`;
  const self = `<D:response><D:href>${dir}</D:href><D:propstat><D:prop><D:resourcetype><D:collection/></D:resourcetype></D:prop><D:status>HTTP/1.1 200 OK</D:status></D:propstat></D:response>`;
  return `<?xml version="1.0"?><D:multistatus xmlns:D="DAV:">${self}${names.map((n, i) => entry(raw ? dir + n : dir + encodeURIComponent(n), 100 + i)).join('')}</D:multistatus>`;
}

// Faults end with a clear status, lose nothing on either side, and the next sync resumes.
import 'fake-indexeddb/auto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_EXPORT_SETTINGS } from '../../lib/export/post/post';
import { saveArticle } from '../../lib/library/articles';
import type { LibraryDb } from '../../lib/library/db';
import { syncLibrary } from '../../lib/sync/engine';
import { syncNow, syncStatus, testConnection } from '../../lib/sync/run';
import { shardOf } from '../../lib/sync/shard';
import type { SyncStore } from '../../lib/sync/store';
import { folderUrl } from '../../lib/sync/url';
import { testArticle } from '../unit/helpers';
import { startFaultProxy, type FaultProxy } from './fault-proxy';
import { exportedPosts, FAST_RETRIES, folderDir, libraryContents, newFolder, postsOnDisk, stoppedAfter, storeFor, sync, useLibraries } from './helpers';
import { freePort, startApache, startRclone, type DavServer } from './servers';

let rclone: DavServer;
let apache: DavServer;
let proxy: FaultProxy;
beforeAll(async () => {
  [rclone, apache] = await Promise.all([startRclone(), startApache()]);
  proxy = await startFaultProxy(rclone.root);
});
afterAll(async () => {
  await proxy?.stop();
  await Promise.all([rclone?.stop(), apache?.stop()]);
});
const library = useLibraries('faults');

async function filled(count: number, prefix = '2022010100'): Promise<LibraryDb> {
  const db = await library();
  for (let i = 0; i < count; i++) await saveArticle(db, testArticle(`NW${prefix}${String(i).padStart(8, '0')}`, { html: `<p>正文${i}</p>` }), 1000 + i);
  return db;
}

/** The same folder, seen through the fault proxy. */
function viaProxy(url: string): string {
  return url.replace(rclone.root, proxy.root);
}

describe('faults', () => {
  it('server unreachable: "unreachable", nothing changed, the next sync resumes', async () => {
    const db = await filled(3);
    const before = await libraryContents(db);
    const report = await syncNow(db, { url: `http://127.0.0.1:${await freePort()}/lib/`, user: 'u', password: 'secret-pw' });
    expect(report).toMatchObject({ state: 'error', error: { kind: 'unreachable' } });
    expect(report.error!.message).not.toContain('secret-pw');
    expect(await libraryContents(db)).toEqual(before);
    const url = await newFolder(rclone);
    expect((await sync(db, rclone, url)).state).toBe('ok');
    expect(postsOnDisk(folderDir(rclone, url))).toEqual(await exportedPosts(db));
  });

  it('401 from rclone and from Apache: "auth", the password never in a message', async () => {
    const guarded = await startRclone({ auth: true });
    try {
      const db = await filled(1);
      const wrong = await syncNow(db, { url: guarded.root, user: guarded.user, password: 'not-the-password' });
      expect(wrong).toMatchObject({ state: 'error', error: { kind: 'auth' } });
      expect(JSON.stringify(wrong)).not.toContain('not-the-password');
      expect((await syncNow(db, { url: guarded.root, user: guarded.user, password: guarded.password })).state).toBe('ok');
    } finally {
      await guarded.stop();
    }
    const db = await filled(1);
    const url = `${apache.root}private/`;
    expect(await testConnection({ url, user: apache.user, password: 'nope' })).toMatchObject({ ok: false, kind: 'auth' });
    expect(await testConnection({ url, user: apache.user, password: apache.password })).toEqual({ ok: true });
    expect((await syncNow(db, { url, user: apache.user, password: apache.password })).state).toBe('ok');
  });

  it('403 (Apache) and a 404 folder: each its own status; once the folder exists, sync works', async () => {
    const db = await filled(2);
    const forbidden = await syncNow(db, { url: `${apache.root}forbidden/`, user: '', password: '' });
    expect(forbidden).toMatchObject({ state: 'error', error: { kind: 'forbidden' } });
    const url = `${rclone.root}not-made-yet-${Date.now()}/`;
    const missing = await sync(db, rclone, url);
    expect(missing).toMatchObject({ state: 'error', error: { kind: 'not-found' } });
    expect((await syncStatus(db)).last).toMatchObject({ state: 'error', kind: 'not-found' });
    await storeFor(rclone, rclone.root).mkcol(new URL(url).pathname.slice(1, -1));
    expect((await sync(db, rclone, url)).state).toBe('ok');
    expect(await syncStatus(db)).toMatchObject({ pending: 0, last: { state: 'ok' } });
  });

  it('507 while writing: "full", the changes stay pending, and are pushed once there is room', async () => {
    const url = await newFolder(rclone);
    const db = await filled(4);
    proxy.rule = (method, path) => (method === 'PUT' && path.includes('/.finews/shards/') ? { status: 507 } : undefined);
    const full = await sync(db, rclone, viaProxy(url));
    expect(full).toMatchObject({ state: 'error', error: { kind: 'full' } });
    expect((await syncStatus(db)).pending).toBe(4);
    proxy.rule = () => undefined;
    expect((await sync(db, rclone, viaProxy(url))).state).toBe('ok');
    expect((await syncStatus(db)).pending).toBe(0);
    const other = await library();
    await sync(other, rclone, url);
    expect(await libraryContents(other)).toEqual(await libraryContents(db));
  });

  it('a slow server: "timeout", then the next sync resumes', async () => {
    const url = await newFolder(rclone);
    const db = await filled(2);
    proxy.rule = (method) => (method === 'PROPFIND' ? { delayMs: 1500 } : undefined);
    const slow = await syncLibrary(db, storeFor(rclone, viaProxy(url), { timeoutMs: 300 }), folderUrl(viaProxy(url)).href, { settings: DEFAULT_EXPORT_SETTINGS });
    expect(slow).toMatchObject({ state: 'error', error: { kind: 'timeout' } });
    proxy.rule = () => undefined;
    expect((await sync(db, rclone, viaProxy(url))).state).toBe('ok');
  });

  it('412: another browser writes the same shard meanwhile; the sync re-reads, merges and both articles stay', async () => {
    const url = await newFolder(rclone);
    const chromium = await library();
    const firefox = await library();
    const a = 'NW202202020000000001';
    let b = 'NW202202020000000002';
    for (let n = 3; shardOf(b) !== shardOf(a); n++) b = `NW2022020200000000${String(n).padStart(2, '0')}`;
    await saveArticle(chromium, testArticle(a), 1000);
    await saveArticle(firefox, testArticle(b), 2000);
    await sync(chromium, rclone, url);
    await sync(firefox, rclone, url);
    await saveArticle(chromium, testArticle(a, { html: '<p>甲改</p>' }), 3000);
    await saveArticle(firefox, testArticle(b, { html: '<p>乙改</p>' }), 4000);
    // Firefox syncs between Chromium's read of the shard and its write.
    const inner = storeFor(rclone, url);
    let raced = false;
    const racing: SyncStore = {
      list: (d) => inner.list(d),
      get: (p, m) => inner.get(p, m),
      getBytes: (p, m) => inner.getBytes(p, m),
      delete: (p) => inner.delete(p),
      mkcol: (p) => inner.mkcol(p),
      get requests() {
        return inner.requests;
      },
      put: async (p, text, condition) => {
        if (!raced && p.startsWith('.finews/shards/')) {
          raced = true;
          expect((await sync(firefox, rclone, url)).state).toBe('ok');
        }
        return inner.put(p, text, condition);
      },
    };
    const report = await syncLibrary(chromium, racing, folderUrl(url).href, { settings: DEFAULT_EXPORT_SETTINGS, retryDelays: FAST_RETRIES });
    expect(report.state).toBe('ok');
    expect(report.retries).toBeGreaterThan(0);
    await sync(firefox, rclone, url);
    const both = await libraryContents(chromium);
    expect(await libraryContents(firefox)).toEqual(both);
    expect(both[a]).toMatchObject({ html: '<p>甲改</p>' });
    expect(both[b]).toMatchObject({ html: '<p>乙改</p>' });
  });

  it('a half-written shard is reported and not applied; the folder heals and nothing is lost', async () => {
    const url = await newFolder(rclone);
    const chromium = await filled(12);
    await sync(chromium, rclone, url);
    const shards = join(folderDir(rclone, url), '.finews', 'shards');
    const [victim] = readdirSync(shards).sort();
    const text = readFileSync(join(shards, victim!), 'utf8');
    // As a writer that died mid-upload leaves it, written through the server.
    await storeFor(rclone, url).put(`.finews/shards/${victim}`, text.slice(0, Math.floor(text.length / 2)));

    const firefox = await library();
    // (Without reading _posts/: those posts would bring the lost articles back on their own.)
    const broken = await sync(firefox, rclone, url, { importPosts: false });
    expect(broken).toMatchObject({ state: 'error', error: { kind: 'corrupt' } });
    expect(broken.error!.message).toContain(`.finews/shards/${victim}`);
    const got = Object.keys(await libraryContents(firefox));
    const lost = Object.keys(await libraryContents(chromium)).filter((id) => !got.includes(id));
    expect(lost.length).toBeGreaterThan(0);
    expect(lost.every((id) => `${shardOf(id)}.jsonl` === victim)).toBe(true);

    expect((await sync(chromium, rclone, url)).state).toBe('ok');
    expect((await sync(firefox, rclone, url)).state).toBe('ok');
    expect(await libraryContents(firefox)).toEqual(await libraryContents(chromium));
  });

  it('stopped while writing a shard under its lock (rclone): the next sync releases the lock, heals its own cut upload quietly, and ends ok', async () => {
    const url = await newFolder(rclone);
    const db = await filled(6);
    expect((await sync(db, rclone, url)).state).toBe('ok');
    await saveArticle(db, testArticle('NW202201020000000001', { html: '<p>待同步</p>' }), 5000);
    // The worker stops while the shard's upload is under way, after its LOCK: half the bytes reach the server, then nothing more (no UNLOCK).
    let stopped = false;
    let cut = '';
    const dying: typeof fetch = async (input, init) => {
      if (stopped) throw new TypeError('the service worker was stopped');
      const url = String(input);
      if (init?.method === 'PUT' && new Headers(init.headers).has('If') && url.includes('/.finews/shards/')) {
        stopped = true;
        cut = decodeURIComponent(new URL(url).pathname);
        const body = String(init.body);
        await fetch(input, { ...init, body: body.slice(0, body.length >> 1) });
        throw new TypeError('the service worker was stopped');
      }
      return fetch(input, init);
    };
    const store = storeFor(rclone, url, { conditional: 'lock', fetch: dying });
    expect((await syncLibrary(db, store, folderUrl(url).href, { settings: DEFAULT_EXPORT_SETTINGS, retryDelays: FAST_RETRIES })).state).toBe('error');
    // Left behind: the lock (another LOCK is refused) and a shard cut short.
    const shardUrl = new URL(cut, rclone.root);
    const lock = await fetch(shardUrl, { method: 'LOCK', headers: { Timeout: 'Second-5', 'Content-Type': 'application/xml' }, body: '<?xml version="1.0"?><D:lockinfo xmlns:D="DAV:"><D:lockscope><D:exclusive/></D:lockscope><D:locktype><D:write/></D:locktype></D:lockinfo>' });
    expect(lock.status).toBe(423);
    expect(readFileSync(join(rclone.dir, cut), 'utf8').endsWith('\n')).toBe(false);

    // The next sync releases it, rewrites that shard without calling it damaged, and pushes the change.
    const next = await sync(db, rclone, url);
    expect(next).toMatchObject({ state: 'ok', corrupt: [] });
    expect((await db.syncState.get('locks'))?.value).toBeUndefined();
    const other = await library();
    expect((await sync(other, rclone, url)).state).toBe('ok');
    expect(await libraryContents(other)).toEqual(await libraryContents(db));
    expect(postsOnDisk(folderDir(rclone, url))).toEqual(await exportedPosts(db));
  });

  it('the browser stopped mid-sync (the service worker killed): the next sync finishes, nothing half-done', async () => {
    const url = await newFolder(rclone);
    const db = await filled(40);
    const inner = storeFor(rclone, url);
    const dying = stoppedAfter(inner, 25);
    expect((await syncLibrary(db, dying, folderUrl(url).href, { settings: DEFAULT_EXPORT_SETTINGS })).state).toBe('error');
    expect((await sync(db, rclone, url)).state).toBe('ok');
    const other = await library();
    await sync(other, rclone, url);
    expect(await libraryContents(other)).toEqual(await libraryContents(db));
    expect(postsOnDisk(folderDir(rclone, url))).toEqual(await exportedPosts(db));
  });
});

// Shared by the sync tests: libraries as browsers, folders on a real server, what the folder holds.
import 'fake-indexeddb/auto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach } from 'vitest';
import { DEFAULT_EXPORT_SETTINGS, postFor } from '../../lib/export/post/post';
import { LibraryDb } from '../../lib/library/db';
import { syncLibrary } from '../../lib/sync/engine';
import type { SyncOptions, SyncReport } from '../../lib/sync/report';
import { folderUrl } from '../../lib/sync/url';
import { WebDavStore } from '../../lib/sync/webdav';
import type { DavServer } from './servers';

/** Fresh libraries (each one a browser profile), deleted after each test. */
export function useLibraries(prefix: string): () => Promise<LibraryDb> {
  let n = 0;
  const opened: LibraryDb[] = [];
  afterEach(async () => {
    for (const db of opened.splice(0)) await db.delete();
  });
  return async () => {
    const db = new LibraryDb(`${prefix}-${n++}-${Date.now()}`);
    opened.push(db);
    await db.open();
    return db;
  };
}

let folders = 0;

/** A new, empty sync folder on the server (made through WebDAV, so the server owns it). */
export async function newFolder(server: DavServer, under = ''): Promise<string> {
  const name = `library-${process.pid}-${folders++}`;
  const url = `${server.root}${under}${name}/`;
  const store = new WebDavStore({ url: `${server.root}${under}`, user: server.user, password: server.password });
  await store.mkcol(name);
  return url;
}

/** The folder on disk. */
export function folderDir(server: DavServer, url: string): string {
  return join(server.dir, decodeURIComponent(new URL(url).pathname));
}

export const FAST_RETRIES = [50, 200, 500, 1100, 1500, 2000];

export function storeFor(server: DavServer, url: string, options: ConstructorParameters<typeof WebDavStore>[1] = {}): WebDavStore {
  return new WebDavStore({ url, user: server.user, password: server.password }, { timeoutMs: 10_000, ...options });
}

/** One sync of `db` with the folder, as the extension runs it (a store per run, the stored probe result reused). */
export async function sync(db: LibraryDb, server: DavServer, url: string, options: Partial<SyncOptions> = {}): Promise<SyncReport> {
  const meta = (await db.syncState.get('meta'))?.value as { conditional?: 'native' | 'lock' } | undefined;
  const store = storeFor(server, url, meta?.conditional ? { conditional: meta.conditional } : {});
  return syncLibrary(db, store, folderUrl(url).href, { settings: DEFAULT_EXPORT_SETTINGS, retryDelays: FAST_RETRIES, ...options });
}

/** Every article with its body, by id: what two synced libraries must share. */
export async function libraryContents(db: LibraryDb): Promise<Record<string, unknown>> {
  const records = await db.articles.toArray();
  const bodies = await db.bodies.bulkGet(records.map((r) => r.id));
  return Object.fromEntries(records.map((r, i) => [r.id, { ...r, tags: [...r.tags].sort(), html: bodies[i]?.html }]));
}

/** `_posts/` of the folder as files on the server's disk. */
export function postsOnDisk(dir: string): Record<string, string> {
  const posts = join(dir, '_posts');
  if (!existsSync(posts)) return {};
  return Object.fromEntries(readdirSync(posts).sort().map((name) => [name, readFileSync(join(posts, name), 'utf8')]));
}

/** The posts the export writes for the library, by file name. */
export async function exportedPosts(db: LibraryDb): Promise<Record<string, string>> {
  const records = await db.articles.toArray();
  const bodies = await db.bodies.bulkGet(records.map((r) => r.id));
  const posts = records.map((r, i) => postFor({ ...r, html: bodies[i]?.html ?? '' }, DEFAULT_EXPORT_SETTINGS));
  return Object.fromEntries(posts.map((p) => [p.fileName, p.content]).sort(([a], [b]) => (a! < b! ? -1 : 1)));
}

/** The store as a browser sees it when its service worker is stopped after `calls` operations: every later one throws. */
export function stoppedAfter<T extends object>(store: T, calls: number): T {
  let left = calls;
  return new Proxy(store, {
    get(target, key, receiver) {
      const value = Reflect.get(target, key, receiver);
      if (typeof value !== 'function' || !['list', 'get', 'put', 'delete', 'mkcol'].includes(String(key))) return value;
      return (...args: unknown[]) => {
        if (--left < 0) throw new Error('the service worker was stopped');
        return value.apply(target, args);
      };
    },
  });
}

// The folder's _posts/ on real servers: clashing post names never overwrite each other, and browsers with
// different export settings never take turns rewriting the posts.
import 'fake-indexeddb/auto';
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { shortHash } from '../../lib/export/post/file-name';
import { DEFAULT_EXPORT_SETTINGS, postFor, type ExportSettings } from '../../lib/export/post/post';
import { saveArticle } from '../../lib/library/articles';
import type { LibraryDb } from '../../lib/library/db';
import { addTag, deleteArticles } from '../../lib/library/manage';
import { testArticle } from '../unit/helpers';
import { syncLibrary } from '../../lib/sync/engine';
import { parseSettingsFile } from '../../lib/sync/post-settings';
import { SyncError } from '../../lib/sync/store';
import { folderUrl } from '../../lib/sync/url';
import { FAST_RETRIES, folderDir, libraryContents, newFolder, postsOnDisk, stoppedAfter, storeFor, sync, useLibraries } from './helpers';
import { startServer, type DavServer, type ServerKind } from './servers';

const T = Date.parse('2026-12-01T00:00:00Z');
const HTML_SETTINGS: ExportSettings = { ...DEFAULT_EXPORT_SETTINGS, bodyFormat: 'html', backLinks: false };

/** A page of another site: its post is named after its title, so two of them can want one name. */
function webArticle(path: string, html: string) {
  const url = `https://example.com/${path}`;
  return testArticle(url, { infoCode: undefined, url, canonicalUrl: url, title: 'Market update', source: undefined, site: 'example.com', html });
}

/** The posts the export writes for the library with these settings, by article id. */
async function postsById(db: LibraryDb, settings: ExportSettings): Promise<Record<string, string>> {
  const records = await db.articles.toArray();
  const bodies = await db.bodies.bulkGet(records.map((r) => r.id));
  return Object.fromEntries(records.map((r, i) => [r.id, postFor({ ...r, html: bodies[i]?.html ?? '' }, settings).content]));
}

function onDiskOf(server: DavServer, url: string): string[] {
  return Object.values(postsOnDisk(folderDir(server, url))).sort();
}

describe.each<ServerKind>(['rclone', 'apache'])('the posts of %s', (kind) => {
  let server: DavServer;
  beforeAll(async () => {
    server = await startServer(kind);
  });
  afterAll(async () => {
    await server?.stop();
  });
  const library = useLibraries(`post-rules-${kind}`);
  /** A new folder and two libraries; `b` (the later id, so a write-order rule would give it the plain name) saved and synced first, by "firefox". */
  async function clashingPair() {
    const url = await newFolder(server);
    const chromium = await library();
    const firefox = await library();
    const a = webArticle('a', '<p>甲的市场</p>');
    const b = webArticle('b', '<p>乙的市场</p>');
    await saveArticle(firefox, b, T);
    expect((await sync(firefox, server, url)).error).toBeUndefined();
    return { url, chromium, firefox, a, b };
  }

  it('two articles that want one post name each keep their own post, whichever browser writes first', async () => {
    const { url, chromium, firefox, a, b } = await clashingPair();
    await saveArticle(chromium, a, T + 1);
    for (const db of [chromium, firefox]) expect((await sync(db, server, url)).error).toBeUndefined();

    const plain = '2022-02-10-market-update.md';
    const second = `2022-02-10-market-update-${shortHash(b.id)}.md`;
    const exported = await postsById(chromium, DEFAULT_EXPORT_SETTINGS);
    expect(postsOnDisk(folderDir(server, url))).toEqual({ [plain]: exported[a.id], [second]: exported[b.id] });
    expect(exported[a.id]).toContain('甲的市场');
    expect(await libraryContents(firefox)).toEqual(await libraryContents(chromium));

    // A change to the second one rewrites its own post, never the first one's.
    await addTag(firefox, b.id, '乙的标签');
    expect((await sync(firefox, server, url)).pushed).toBe(1);
    const tagged = await postsById(firefox, DEFAULT_EXPORT_SETTINGS);
    expect(postsOnDisk(folderDir(server, url))).toEqual({ [plain]: tagged[a.id], [second]: tagged[b.id] });

    // The first one deleted: the second one takes the plain name, its old name goes.
    await deleteArticles(chromium, [a.id]);
    expect((await sync(chromium, server, url)).error).toBeUndefined();
    expect((await sync(firefox, server, url)).error).toBeUndefined();
    const left = await postsById(firefox, DEFAULT_EXPORT_SETTINGS);
    expect(postsOnDisk(folderDir(server, url))).toEqual({ [plain]: left[b.id] });
  });

  it('a clash a failed sync left unsettled is settled by the next sync, which touches nothing of that day', async () => {
    const { url, chromium, a, b } = await clashingPair();
    // Chromium has synced before (b arrives), so its next sync reads only what changed.
    expect((await sync(chromium, server, url)).error).toBeUndefined();
    await saveArticle(chromium, a, T + 1);

    // a takes the plain name; b's post must move to its clash name, and that write fails (the server goes away).
    const plain = '2022-02-10-market-update.md';
    const second = `2022-02-10-market-update-${shortHash(b.id)}.md`;
    const inner = storeFor(server, url);
    // The pool of uploads ends only once the others under way have (folder-posts.ts), so none is left for the next sync to meet.
    const failing = new Proxy(inner, {
      get(target, key, receiver) {
        const value = Reflect.get(target, key, receiver);
        if (key !== 'put') return typeof value === 'function' ? value.bind(target) : value;
        return async (path: string, ...rest: unknown[]) => {
          if (path === `_posts/${second}`) throw new SyncError('unreachable', 'the server went away');
          return (value as (...args: unknown[]) => Promise<unknown>).apply(target, [path, ...rest]);
        };
      },
    });
    const failed = await syncLibrary(chromium, failing, folderUrl(url).href, { settings: DEFAULT_EXPORT_SETTINGS, retryDelays: FAST_RETRIES });
    expect(failed).toMatchObject({ state: 'error', pushed: 1, error: { kind: 'unreachable' } });
    expect(Object.keys(postsOnDisk(folderDir(server, url)))).toEqual([plain]);

    // Nothing changed since on either side: still the next sync settles that day.
    const next = await sync(chromium, server, url);
    expect(next, JSON.stringify(next.error)).toMatchObject({ state: 'ok', pushed: 0, pulled: 0 });
    const exported = await postsById(chromium, DEFAULT_EXPORT_SETTINGS);
    expect(postsOnDisk(folderDir(server, url))).toEqual({ [plain]: exported[a.id], [second]: exported[b.id] });
    expect(await chromium.syncState.get('unsettled')).toBeUndefined();
  });

  it("browsers with different export settings write the folder's; a change of settings rewrites every post once, and no browser rewrites it back", async () => {
    const url = await newFolder(server);
    const chromium = await library();
    const firefox = await library();
    const codes = ['NW202201010000000001', 'NW202201020000000002', 'NW202201030000000003'];
    await saveArticle(chromium, testArticle(codes[0]!, { html: '<p>甲一</p>' }), T);
    await saveArticle(chromium, testArticle(codes[1]!, { html: '<p>甲二</p>' }), T);
    // Chromium (Markdown, back-links) makes the folder: its settings become the folder's.
    expect((await sync(chromium, server, url)).error).toBeUndefined();
    // Firefox keeps HTML without back-links for its own exports; in the folder it writes the folder's kind of post.
    expect((await sync(firefox, server, url, { settings: HTML_SETTINGS })).error).toBeUndefined();
    await saveArticle(firefox, testArticle(codes[2]!, { html: '<p>乙一</p>' }), T + 10);
    expect((await sync(firefox, server, url, { settings: HTML_SETTINGS })).pushed).toBe(1);
    expect((await sync(chromium, server, url)).pulled).toBe(1);
    const markdown = await postsById(chromium, DEFAULT_EXPORT_SETTINGS);
    const onDisk = () => Object.values(postsOnDisk(folderDir(server, url))).sort();
    expect(onDisk()).toEqual(Object.values(markdown).sort());

    // Nothing changed: neither browser writes anything, however often each syncs (a shard written without an
    // ETag in answer, as Apache's PUT gives none, is read once more; that is all).
    const written = () => Object.keys(postsOnDisk(folderDir(server, url))).map((name) => statSync(join(folderDir(server, url), '_posts', name)).mtimeMs);
    const before = written();
    for (const [db, settings] of [[firefox, HTML_SETTINGS], [chromium, DEFAULT_EXPORT_SETTINGS], [firefox, HTML_SETTINGS], [chromium, DEFAULT_EXPORT_SETTINGS]] as const) {
      const idle = await sync(db, server, url, { settings });
      expect(idle).toMatchObject({ state: 'ok', pushed: 0, pulled: 0 });
      expect(idle.requests).toBeLessThanOrEqual(2);
    }
    expect((await sync(firefox, server, url, { settings: HTML_SETTINGS })).requests).toBe(1);
    expect(written()).toEqual(before);
    expect(onDisk()).toEqual(Object.values(markdown).sort());

    // Firefox's user changes its settings: the folder takes them and every post is rewritten with them, once.
    const changed: ExportSettings = { ...HTML_SETTINGS, backLinks: true };
    expect((await sync(firefox, server, url, { settings: changed })).error).toBeUndefined();
    const html = await postsById(firefox, changed);
    expect(onDisk()).toEqual(Object.values(html).sort());
    expect(onDisk().every((post) => post.includes('<p>'))).toBe(true);
    // Chromium did not change its settings: it follows the folder's, and its next push is an HTML post too.
    await addTag(chromium, codes[0]!, '甲的标签');
    const after = await sync(chromium, server, url);
    expect(after).toMatchObject({ state: 'ok', pushed: 1 });
    expect(onDisk()).toEqual(Object.values(await postsById(chromium, changed)).sort());
    for (const [db, settings] of [[firefox, changed], [chromium, DEFAULT_EXPORT_SETTINGS]] as const) {
      expect(await sync(db, server, url, { settings })).toMatchObject({ state: 'ok', pushed: 0 });
    }
    const settled = written();
    expect((await sync(firefox, server, url, { settings: changed })).requests).toBe(1);
    expect((await sync(chromium, server, url)).requests).toBe(1);
    expect(written()).toEqual(settled);
    expect(await libraryContents(firefox)).toEqual(await libraryContents(chromium));
  });

  it('a settings rewrite stopped half-way resumes at the next sync; a damaged posts.json heals, a newer one is refused', async () => {
    const url = await newFolder(server);
    const db = await library();
    for (let i = 0; i < 30; i++) await saveArticle(db, testArticle(`NW2022010${String(i).padStart(2, '0')}00000000${String(i).padStart(2, '0')}`), T + i);
    expect((await sync(db, server, url)).error).toBeUndefined();

    // The settings change; the browser stops after a few writes of the rewrite.
    const inner = storeFor(server, url);
    const dying = stoppedAfter(inner, 12);
    const stopped = await syncLibrary(db, dying, folderUrl(url).href, { settings: HTML_SETTINGS, retryDelays: FAST_RETRIES });
    expect(stopped.state).toBe('error');
    const half = onDiskOf(server, url);
    expect(half.some((post) => post.includes('<p>'))).toBe(true);
    expect(half.some((post) => !post.includes('<p>'))).toBe(true);
    // The next sync (the user's settings as they now are) finishes the rewrite.
    expect((await sync(db, server, url, { settings: HTML_SETTINGS })).error).toBeUndefined();
    expect(onDiskOf(server, url)).toEqual(Object.values(await postsById(db, HTML_SETTINGS)).sort());

    // A damaged settings file: replaced by this browser's settings, the posts rewritten with them.
    const file = join(folderDir(server, url), '.finews', 'shards', 'posts.json');
    // Written through the server, as another program would (rclone does not see files changed behind it at once).
    await storeFor(server, url).put('.finews/shards/posts.json', '{"format":"finews-sync-posts","version":1,"settings":{"bodyFormat":"pdf"}}\n');
    expect((await sync(db, server, url, { settings: HTML_SETTINGS })).error).toBeUndefined();
    expect(parseSettingsFile(readFileSync(file, 'utf8'))).toEqual(HTML_SETTINGS);
    // A newer Finews Reader's: refused with a message, nothing written.
    await storeFor(server, url).put('.finews/shards/posts.json', '{"format":"finews-sync-posts","version":2,"settings":{}}\n');
    const refused = await sync(db, server, url, { settings: HTML_SETTINGS });
    expect(refused.error).toMatchObject({ kind: 'corrupt' });
    expect(refused.error?.message).toContain('newer Finews Reader');
    expect(readFileSync(file, 'utf8')).toContain('"version":2');
  });
});

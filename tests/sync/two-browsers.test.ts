// Two browser profiles (a Chromium and a Firefox library) sync through one folder on a real WebDAV server.
import 'fake-indexeddb/auto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { saveArticle } from '../../lib/library/articles';
import { addTag, deleteArticles, editArticle, setRead } from '../../lib/library/manage';
import { testArticle } from '../unit/helpers';
import { exportedPosts, folderDir, libraryContents, newFolder, postsOnDisk, sync, useLibraries } from './helpers';
import { startServer, type DavServer, type ServerKind } from './servers';

describe.each<ServerKind>(['rclone', 'apache'])('two browsers through %s', (kind) => {
  let server: DavServer;
  beforeAll(async () => {
    server = await startServer(kind);
  });
  afterAll(async () => {
    await server?.stop();
  });
  const library = useLibraries(`two-${kind}`);

  it('saves, tag edits, read state, a deletion and a user edit on each side all meet in the middle; posts equal the export', async () => {
    const url = await newFolder(server);
    const chromium = await library();
    const firefox = await library();
    const T = Date.parse('2026-12-01T00:00:00Z');
    await saveArticle(chromium, testArticle('NW202201010000000001', { html: '<p>甲一</p>' }), T);
    await saveArticle(chromium, testArticle('NW202201020000000002', { html: '<p>甲二</p>' }), T);
    await saveArticle(chromium, testArticle('NW202201030000000003', { html: '<p>共同·旧</p>' }), T);
    await saveArticle(chromium, testArticle('NW202201040000000004', { html: '<p>将被删</p>' }), T);
    await saveArticle(firefox, testArticle('NW202201050000000005', { html: '<p>乙一</p>' }), T + 10);
    // The same article saved in both; Firefox's copy is newer.
    await saveArticle(firefox, testArticle('NW202201030000000003', { html: '<p>共同·新</p>' }), T + 20);

    for (const db of [chromium, firefox, chromium]) expect((await sync(db, server, url)).error).toBeUndefined();
    const met = await libraryContents(chromium);
    expect(await libraryContents(firefox)).toEqual(met);
    expect(Object.keys(met).sort()).toEqual(['NW202201010000000001', 'NW202201020000000002', 'NW202201030000000003', 'NW202201040000000004', 'NW202201050000000005']);
    expect((met.NW202201030000000003 as { html: string }).html).toBe('<p>共同·新</p>');

    // Each side changes things, some of them the same articles.
    await addTag(chromium, 'NW202201010000000001', '甲的标签');
    await deleteArticles(chromium, ['NW202201050000000005']);
    await editArticle(chromium, 'NW202201030000000003', { title: '甲改的标题' }, T + 1000);
    await setRead(chromium, 'NW202201020000000002', true);
    await addTag(firefox, 'NW202201010000000001', '乙的标签');
    await setRead(firefox, 'NW202201010000000001', true);
    await deleteArticles(firefox, ['NW202201040000000004']);
    await editArticle(firefox, 'NW202201020000000002', { source: '证券时报' }, T + 1100);

    const first = await sync(chromium, server, url);
    const second = await sync(firefox, server, url);
    const third = await sync(chromium, server, url);
    for (const report of [first, second, third]) expect(report.error).toBeUndefined();
    expect(second.conflicts).toBeGreaterThan(0);

    const a = await libraryContents(chromium);
    expect(await libraryContents(firefox)).toEqual(a);
    expect(Object.keys(a).sort()).toEqual(['NW202201010000000001', 'NW202201020000000002', 'NW202201030000000003']);
    const one = a.NW202201010000000001 as { tags: string[]; read: boolean };
    expect(one.tags).toEqual(['乙的标签', '甲的标签', '定西日报新闻'].sort());
    expect(one.read).toBe(true);
    const two = a.NW202201020000000002 as { source: string; tags: string[]; read: boolean; edited?: object };
    expect(two.source).toBe('证券时报');
    expect(two.tags).toContain('证券时报新闻');
    expect(two.read).toBe(true);
    expect(two.edited).toBeDefined();
    expect((a.NW202201030000000003 as { title: string }).title).toBe('甲改的标题');

    // The folder's _posts/ is exactly the export of the library: no post of a deleted article is left.
    expect(postsOnDisk(folderDir(server, url))).toEqual(await exportedPosts(chromium));

    // Settled: a sync with nothing to do asks one listing.
    await sync(firefox, server, url);
    await sync(chromium, server, url);
    const idle = await sync(firefox, server, url);
    expect(idle).toMatchObject({ state: 'ok', pulled: 0, pushed: 0 });
    expect(idle.requests).toBe(1);
  });

  it('a user edit wins over a newer re-save of the page made in the other browser', async () => {
    const url = await newFolder(server);
    const chromium = await library();
    const firefox = await library();
    const id = 'NW202203010000000009';
    await saveArticle(chromium, testArticle(id), 1000);
    await sync(chromium, server, url);
    await sync(firefox, server, url);
    await editArticle(chromium, id, { title: '用户改的标题' }, 2000);
    await saveArticle(firefox, testArticle(id, { title: '页面的标题', html: '<p>新正文</p>' }), 3000);
    await sync(chromium, server, url);
    await sync(firefox, server, url);
    await sync(chromium, server, url);
    const a = await libraryContents(chromium);
    expect(await libraryContents(firefox)).toEqual(a);
    expect(a[id]).toMatchObject({ title: '用户改的标题', html: '<p>新正文</p>' });
  });
});

// The folder's own _posts/ (the blog's history) come into the library; the blog's files stay as they are.
import 'fake-indexeddb/auto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { folderDir, libraryContents, newFolder, postsOnDisk, storeFor, sync, useLibraries } from './helpers';
import { startServer, type DavServer, type ServerKind } from './servers';

const SEED = join(__dirname, '..', 'fixtures', 'posts', 'seed');
const NAME = '2022-02-10-NW202202102271830933.md';

describe.each<ServerKind>(['rclone', 'apache'])('the blog history in %s', (kind) => {
  let server: DavServer;
  beforeAll(async () => {
    server = await startServer(kind);
  });
  afterAll(async () => {
    await server?.stop();
  });
  const library = useLibraries(`posts-${kind}`);

  it('imports posts no article exports to, leaves their files byte for byte, and the other browser gets them through the shards', async () => {
    const url = await newFolder(server);
    const store = storeFor(server, url);
    await store.mkcol('_posts');
    const html = readFileSync(join(SEED, 'expected-html.md'), 'utf8');
    await store.put(`_posts/${NAME}`, html);
    await store.put('_posts/2022-03-01-about-this-blog.md', '---\nlayout: page\ntitle: About\n---\nHello\n');

    const chromium = await library();
    const first = await sync(chromium, server, url);
    expect(first.error).toBeUndefined();
    expect(first.imported).toBe(1);
    expect(await chromium.articles.get('NW202202102271830933')).toMatchObject({ title: '定西:以高质量监督助力优化营商环境', source: '定西日报' });
    const posts = postsOnDisk(folderDir(server, url));
    expect(posts[NAME]).toBe(html);
    expect(Object.keys(posts).sort()).toEqual(['2022-02-10-NW202202102271830933.md', '2022-03-01-about-this-blog.md']);

    const firefox = await library();
    const second = await sync(firefox, server, url);
    expect(second).toMatchObject({ state: 'ok', imported: 0 });
    expect(await libraryContents(firefox)).toEqual(await libraryContents(chromium));
  });
});

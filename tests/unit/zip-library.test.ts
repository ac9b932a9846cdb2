import 'fake-indexeddb/auto';
import { strFromU8, unzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { libraryPosts } from './reference';
import { DEFAULT_EXPORT_SETTINGS, type ExportSettings } from '../../lib/export/settings';
import { zipLibrary } from '../../lib/export/zip/zip-library';
import { markdownBodyWithoutDom } from '../../lib/export/post/markdown-without-dom';
import { postBody, type Post } from '../../lib/export/post/post';
import { useTestDb } from './helpers';

const db = useTestDb('zip-library-test');

async function fill(count: number): Promise<void> {
  const base = Date.parse('2022-02-10T00:10:19Z');
  await db().articles.bulkPut(
    Array.from({ length: count }, (_, i) => {
      const id = `NW2022021022${String(i).padStart(8, '0')}`;
      return {
        id, infoCode: id, url: `http://finews.zning.xyz/html_News/NewsShare.html?infoCode=${id}`,
        canonicalUrl: `http://finews.zning.xyz/html_News/NewsShare.html?infoCode=${id}`,
        title: `标题 ${i}`, publishedAt: new Date(base + i * 60_000).toISOString(), source: i % 2 ? '定西日报' : '重庆商报',
        site: 'finews.zning.xyz', images: [], savedAt: base, updatedAt: base, sortTime: base + i * 60_000,
        tags: [], read: false,
      };
    }),
  );
  await db().bodies.bulkPut(Array.from({ length: count }, (_, i) => ({ id: `NW2022021022${String(i).padStart(8, '0')}`, html: `<p>正文 <b>${i}</b> {{ x }}</p><p>第二段</p>` })));
}

/**
 * The export page's zip. `convert` stands for the page (Turndown runs in
 * Node too) and answers after a timer, as a page would; with `here`, the
 * worker's own converter takes batches while the page has enough in hand.
 */
async function exported(settings: ExportSettings, here = false): Promise<{ files: Record<string, Uint8Array>; calls: number[]; hereCalls: number }> {
  const parts: Uint8Array[] = [];
  const calls: number[] = [];
  let hereCalls = 0;
  let last = { count: -1, done: false };
  const convert = async (htmls: string[]) => {
    calls.push(htmls.length);
    await new Promise((resolve) => setTimeout(resolve, 20));
    return htmls.map((html) => postBody(html, 'markdown'));
  };
  const convertHere = here ? (htmls: string[]) => (hereCalls++, htmls.map(markdownBodyWithoutDom)) : undefined;
  await zipLibrary(
    db(),
    undefined,
    settings,
    convert,
    (chunks, count, done) => {
      parts.push(...chunks);
      last = { count, done };
    },
    convertHere,
  );
  expect(last.done).toBe(true);
  expect(last.count).toBe(Object.keys(unzipSync(new Uint8Array(Buffer.concat(parts)))).length);
  return { files: unzipSync(new Uint8Array(Buffer.concat(parts))), calls, hereCalls };
}

async function expectedPosts(settings: ExportSettings): Promise<Post[]> {
  const posts: Post[] = [];
  for await (const post of libraryPosts(db(), settings)) posts.push(post);
  return posts;
}

describe('zipLibrary (the export worker\'s zip)', () => {
  it('holds exactly the posts libraryPosts writes, converting Markdown in batches', async () => {
    await fill(1_234);
    const { files, calls } = await exported(DEFAULT_EXPORT_SETTINGS);
    const posts = await expectedPosts(DEFAULT_EXPORT_SETTINGS);
    expect(Object.keys(files).sort()).toEqual(posts.map((p) => `_posts/${p.fileName}`).sort());
    for (const post of posts) expect(strFromU8(files[`_posts/${post.fileName}`]!)).toBe(post.content);
    expect(Math.max(...calls)).toBeLessThanOrEqual(50);
    expect(calls.reduce((a, b) => a + b, 0)).toBe(1_234);
  });

  it('shares the conversion with its own converter and still writes exactly those posts', async () => {
    await fill(1_234);
    const { files, calls, hereCalls } = await exported(DEFAULT_EXPORT_SETTINGS, true);
    const posts = await expectedPosts(DEFAULT_EXPORT_SETTINGS);
    expect(Object.keys(files).sort()).toEqual(posts.map((p) => `_posts/${p.fileName}`).sort());
    for (const post of posts) expect(strFromU8(files[`_posts/${post.fileName}`]!)).toBe(post.content);
    // Both threads converted, and between them every post once.
    expect(calls.length).toBeGreaterThan(0);
    expect(hereCalls).toBeGreaterThan(0);
    expect(calls.length + hereCalls).toBe(Math.ceil(1_234 / 50));
  });

  it('fails with the conversion\'s error, and ends', async () => {
    await fill(600);
    let calls = 0;
    const convert = async (htmls: string[]) => {
      if (++calls === 3) throw new Error('the page went away');
      return htmls.map((html) => postBody(html, 'markdown'));
    };
    await expect(zipLibrary(db(), undefined, DEFAULT_EXPORT_SETTINGS, convert, () => undefined)).rejects.toThrow('the page went away');
  });

  it('writes HTML bodies itself, asking for no conversion', async () => {
    await fill(30);
    const settings = { ...DEFAULT_EXPORT_SETTINGS, bodyFormat: 'html' as const };
    const { files, calls } = await exported(settings);
    const posts = await expectedPosts(settings);
    for (const post of posts) expect(strFromU8(files[`_posts/${post.fileName}`]!)).toBe(post.content);
    expect(calls).toEqual([]);
  });
});

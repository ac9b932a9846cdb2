import 'fake-indexeddb/auto';
import { strFromU8, unzipSync } from 'fflate';
import { describe, expect, it, vi } from 'vitest';
import { postForId } from '../../lib/export/read-library';
import type { ExportScope } from '../../lib/export/scope';
import { libraryPosts } from './reference';
import { postFor, type Post } from '../../lib/export/post/post';
import { DEFAULT_EXPORT_SETTINGS, type ExportSettings } from '../../lib/export/settings';
import { StoredZip } from '../../lib/export/zip/stored-zip';
import type { ArticleRecord } from '../../lib/library/records';
import { useTestDb } from './helpers';

const db = useTestDb('export-library-test');

function record(id: string, sortTime: number, overrides: Partial<ArticleRecord> = {}): ArticleRecord {
  return {
    id,
    infoCode: id,
    url: `http://finews.zning.xyz/html_News/NewsShare.html?infoCode=${id}`,
    canonicalUrl: `http://finews.zning.xyz/html_News/NewsShare.html?infoCode=${id}`,
    title: `标题 ${id}`,
    publishedAt: new Date(sortTime).toISOString(),
    source: '定西日报',
    site: 'finews.zning.xyz',
    images: [],
    savedAt: sortTime,
    updatedAt: sortTime,
    sortTime,
    tags: ['定西日报新闻'],
    read: false,
    ...overrides,
  };
}

async function store(records: ArticleRecord[]): Promise<void> {
  await db().articles.bulkPut(records);
  await db().bodies.bulkPut(records.map((r) => ({ id: r.id, html: `<p>正文 <b>${r.id}</b></p><p>第二段</p>` })));
}

async function collect(posts: AsyncIterable<Post>): Promise<Post[]> {
  const out: Post[] = [];
  for await (const post of posts) out.push(post);
  return out;
}

const settings: ExportSettings = { ...DEFAULT_EXPORT_SETTINGS };

describe('libraryPosts', () => {
  it('zips three articles into _posts/ files equal to postFor of each', async () => {
    const records = [
      record('NW202202102271830933', Date.parse('2022-02-10T00:10:19Z')),
      record('NW202204011234567890', Date.parse('2022-04-01T01:30:00Z')),
      record('https://example.com/a', Date.parse('2023-01-01T00:00:00Z'), { infoCode: undefined, source: undefined, site: 'example.com', title: 'Plain page' }),
    ];
    await store(records);
    const chunks: Uint8Array[] = [];
    const writer = new StoredZip();
    for await (const post of libraryPosts(db(), settings)) {
      writer.add(post);
      chunks.push(writer.take());
    }
    writer.end();
    chunks.push(writer.take());
    expect(writer.count).toBe(3);
    const zip = unzipSync(new Uint8Array(Buffer.concat(chunks)));
    const expected = await Promise.all(
      records.map(async (r) => postFor({ ...r, html: (await db().bodies.get(r.id))!.html }, settings)),
    );
    expect(Object.keys(zip).sort()).toEqual(expected.map((p) => `_posts/${p.fileName}`).sort());
    for (const post of expected) {
      expect(post.fileName).toMatch(/^\d{4}-\d{2}-\d{2}-.+\.md$/);
      expect(strFromU8(zip[`_posts/${post.fileName}`]!)).toBe(post.content);
    }
  });

  it('gives posts newest first across pages, each article once, ties broken by id', async () => {
    // 450 rows over 3 pages; many share a sortTime, so paging must go by [sortTime+id].
    const records = Array.from({ length: 450 }, (_, i) => record(`NW${String(i).padStart(12, '0')}`, 1_600_000_000_000 + (i % 5) * 86_400_000));
    await store(records);
    const posts = await collect(libraryPosts(db(), settings));
    const expected = [...records].sort((a, b) => b.sortTime - a.sortTime || (a.id < b.id ? 1 : -1));
    expect(posts.map((p) => p.fileName)).toEqual(expected.map((r) => postFor({ ...r, html: '' }, settings).fileName));
  });

  it('exports only the chosen ids, newest first, skipping unknown and repeated ones', async () => {
    await store([record('NW1', 1_000), record('NW2', 3_000), record('NW3', 2_000)]);
    const posts = await collect(libraryPosts(db(), settings, ['NW1', 'missing', 'NW2', 'NW1']));
    expect(posts.map((p) => p.fileName)).toEqual([expect.stringContaining('NW2'), expect.stringContaining('NW1')]);
  });

  it('reads each page\'s bodies in one range when their ids sit together, else one by one, with the same posts', async () => {
    // Ids in date order, as finews infoCodes are: a page's bodies are one key range.
    const together = Array.from({ length: 600 }, (_, i) => record(`NW2022${String(i).padStart(8, '0')}`, 1_600_000_000_000 + i * 60_000));
    await store(together);
    const bulkGet = vi.spyOn(db().bodies, 'bulkGet');
    const all = await collect(libraryPosts(db(), settings));
    expect(bulkGet).not.toHaveBeenCalled();
    expect(all.map((p) => p.content)).toEqual(
      [...together].reverse().map((r) => postFor({ ...r, html: `<p>正文 <b>${r.id}</b></p><p>第二段</p>` }, settings).content),
    );

    // Two articles far apart: their range holds the whole library, so each body is read alone.
    const chosen = await collect(libraryPosts(db(), settings, [together[0]!.id, together[599]!.id]));
    expect(bulkGet).toHaveBeenCalledTimes(1);
    expect(chosen.map((p) => p.content)).toEqual([all[0]!.content, all[599]!.content]);
    bulkGet.mockRestore();
  });

  it('yields nothing for an empty library', async () => {
    expect(await collect(libraryPosts(db(), settings))).toEqual([]);
  });

  it('follows the settings (HTML body)', async () => {
    await store([record('NW1', 1_000)]);
    const [post] = await collect(libraryPosts(db(), { ...settings, bodyFormat: 'html' }));
    expect(post!.content).toContain('<b>NW1</b>');
  });
});

describe('postForId', () => {
  it('gives the post of one stored article, or undefined', async () => {
    const r = record('NW1', Date.parse('2022-02-10T00:10:19Z'));
    await store([r]);
    expect(await postForId(db(), 'NW1', settings)).toEqual(postFor({ ...r, html: '<p>正文 <b>NW1</b></p><p>第二段</p>' }, settings));
    expect(await postForId(db(), 'nope', settings)).toBeUndefined();
  });
});

describe('export scopes', () => {
  it('round-trips through the export page query', async () => {
    const { scopeFromQuery, scopeToQuery } = await import('../../lib/export/scope');
    const scopes: ExportScope[] = [
      { kind: 'all' },
      { kind: 'ids', ids: ['NW1', 'https://a.example/x?y=1&z'] },
      { kind: 'category', source: '定西日报' },
      { kind: 'tag', tag: '定西日报新闻' },
    ];
    for (const scope of scopes) {
      expect(scopeFromQuery(`?${scopeToQuery(scope)}`)).toEqual(scope);
    }
  });
});

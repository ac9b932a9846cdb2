// The sync engine's pure parts: the folder URL rule, PROPFIND answers of both servers, the shard format.
import { describe, expect, it } from 'vitest';
import type { ArticleRecord } from '../../lib/library/records';
import { parseMultistatus } from '../../lib/sync/propfind';
import { encodeShard, parseShard, recordHash, shardOf } from '../../lib/sync/shard';
import { checkRelativePath, SyncError } from '../../lib/sync/store';
import { folderUrl, originPattern } from '../../lib/sync/url';
import { WebDavStore } from '../../lib/sync/webdav';

describe('the folder address', () => {
  it('is https, or http only to this machine, and never carries credentials', () => {
    expect(folderUrl('https://cloud.example.com/remote.php/dav/files/me/blog').href).toBe('https://cloud.example.com/remote.php/dav/files/me/blog/');
    expect(folderUrl('http://127.0.0.1:8080/x/').href).toBe('http://127.0.0.1:8080/x/');
    expect(folderUrl('http://localhost/x').href).toBe('http://localhost/x/');
    for (const bad of ['http://cloud.example.com/x/', 'ftp://localhost/x', 'https://me:pw@cloud.example.com/', 'not a url', 'http://127.0.0.1.evil.com/']) {
      expect(() => folderUrl(bad), bad).toThrow(SyncError);
    }
    expect(originPattern('https://cloud.example.com:8443/dav/')).toBe('https://cloud.example.com/*');
  });

  it('refuses remote paths that could leave the folder', () => {
    for (const bad of ['../x.md', '_posts/../../x', '/etc/passwd', '_posts//x', 'a\\b', '.', '']) expect(() => checkRelativePath(bad), bad).toThrow(SyncError);
    expect(checkRelativePath('_posts/2022-01-01-NW1.md')).toBe('_posts/2022-01-01-NW1.md');
  });

  it('sends Basic auth in UTF-8 and never a request for a path outside the folder', async () => {
    const seen: { url: string; auth: string | null }[] = [];
    const store = new WebDavStore(
      { url: 'https://dav.example.com/me/blog/', user: '读者', password: '密码' },
      { fetch: async (input, init) => (seen.push({ url: String(input), auth: new Headers(init?.headers).get('Authorization') }), new Response('hi', { status: 200 })) },
    );
    expect(await store.get('_posts/a b.md', 100)).toEqual({ text: 'hi' });
    expect(seen[0]!.url).toBe('https://dav.example.com/me/blog/_posts/a%20b.md');
    expect(new TextDecoder().decode(Uint8Array.from(atob(seen[0]!.auth!.slice(6)), (c) => c.charCodeAt(0)))).toBe('读者:密码');
    await expect(store.get('../secret', 100)).rejects.toThrow(SyncError);
    expect(seen).toHaveLength(1);
  });
});

describe('PROPFIND answers', () => {
  it('reads Apache and rclone listings alike: direct members only, weak ETags as strong', () => {
    const apache = `<?xml version="1.0" encoding="utf-8"?><D:multistatus xmlns:D="DAV:" xmlns:ns0="DAV:"><D:response xmlns:lp1="DAV:"><D:href>/lib/.finews/shards/</D:href><D:propstat><D:prop><lp1:resourcetype><D:collection/></lp1:resourcetype></D:prop><D:status>HTTP/1.1 200 OK</D:status></D:propstat></D:response><D:response xmlns:lp1="DAV:"><D:href>/lib/.finews/shards/3f.jsonl</D:href><D:propstat><D:prop><lp1:resourcetype/><lp1:getetag>W/"5-661b7e8dbd90a"</lp1:getetag><lp1:getcontentlength>5</lp1:getcontentlength></D:prop><D:status>HTTP/1.1 200 OK</D:status></D:propstat></D:response></D:multistatus>`;
    expect(parseMultistatus(apache, '/lib/.finews/shards/')).toEqual([{ name: '3f.jsonl', collection: false, etag: '"5-661b7e8dbd90a"', size: 5 }]);
    const rclone = `<?xml version="1.0" encoding="UTF-8"?><D:multistatus xmlns:D="DAV:"><D:response><D:href>/lib/</D:href><D:propstat><D:prop><D:resourcetype><D:collection xmlns:D="DAV:"/></D:resourcetype></D:prop><D:status>HTTP/1.1 200 OK</D:status></D:propstat></D:response><D:response><D:href>/lib/_posts/</D:href><D:propstat><D:prop><D:resourcetype><D:collection xmlns:D="DAV:"/></D:resourcetype></D:prop><D:status>HTTP/1.1 200 OK</D:status></D:propstat></D:response><D:response><D:href>/lib/a%20b.md</D:href><D:propstat><D:prop><D:getetag>"18e"</D:getetag></D:prop><D:status>HTTP/1.1 200 OK</D:status></D:propstat></D:response><D:response><D:href>/lib/_posts/deeper.md</D:href></D:response><D:response><D:href>/elsewhere/x.md</D:href></D:response></D:multistatus>`;
    expect(parseMultistatus(rclone, '/lib/')).toEqual([
      { name: '_posts', collection: true },
      { name: 'a b.md', collection: false, etag: '"18e"' },
    ]);
  });
});

describe('a shard', () => {
  const record: ArticleRecord = {
    id: 'NW202202102271830933',
    infoCode: 'NW202202102271830933',
    url: 'http://finews.zning.xyz/html_News/NewsShare.html?infoCode=NW202202102271830933',
    canonicalUrl: 'http://finews.zning.xyz/html_News/NewsShare.html?infoCode=NW202202102271830933',
    title: '标题',
    site: 'finews.zning.xyz',
    images: [],
    savedAt: 1,
    updatedAt: 2,
    sortTime: 3,
    tags: ['a'],
    read: false,
  };
  const shard = shardOf(record.id);

  it('round-trips, and hashes a record the same whatever its key order', () => {
    const text = encodeShard(shard, { articles: new Map([[record.id, { record, html: '<p>x</p>', hash: recordHash(record) }]]), deleted: new Map([['gone', 5]].filter(([id]) => shardOf(id as string) === shard) as [string, number][]) });
    const back = parseShard(shard, text);
    expect(back.articles.get(record.id)).toMatchObject({ record, html: '<p>x</p>', hash: recordHash(record) });
    expect(encodeShard(shard, back)).toBe(text);
    const reordered = Object.fromEntries(Object.entries(record).reverse()) as unknown as ArticleRecord;
    expect(recordHash(reordered)).toBe(recordHash(record));
    expect(recordHash({ ...record, tags: ['a', 'b'] })).not.toBe(recordHash(record));
  });

  it('writes back a kept article’s line as read, and takes hashes recorded for the same file without hashing again, still checking every line', () => {
    const reordered = JSON.stringify({ html: '<p>y</p>', record: Object.fromEntries(Object.entries(record).reverse()), kind: 'article' });
    const text = `{"format":"finews-sync-shard","version":1,"shard":"${shard}"}\n${reordered}\n`;
    const back = parseShard(shard, text);
    expect(back.articles.get(record.id)!.hash).toBe(recordHash(record));
    expect(encodeShard(shard, back)).toBe(text);
    // A changed article is encoded afresh.
    back.articles.set(record.id, { record: { ...record, read: true }, html: '<p>y</p>', hash: '' });
    expect(encodeShard(shard, back)).toContain('{"kind":"article","record":{"id"');

    expect(parseShard(shard, text, { [record.id]: 'recorded' }).articles.get(record.id)!.hash).toBe('recorded');
    expect(() => parseShard(shard, text.replace('"read":false', '"read":"no"'), { [record.id]: 'recorded' })).toThrow(expect.objectContaining({ kind: 'corrupt' }));
  });

  it('is corrupt when cut short, foreign, of a newer version, or holding another shard’s article', () => {
    const text = encodeShard(shard, { articles: new Map([[record.id, { record, html: '<p>x</p>', hash: '' }]]), deleted: new Map() });
    const other = shard === '00' ? '01' : '00';
    for (const bad of [text.slice(0, -10), text.slice(0, text.length - 1), '{"format":"x"}\n', text.replace('"version":1', '"version":2')]) {
      expect(() => parseShard(shard, bad)).toThrow(expect.objectContaining({ kind: 'corrupt' }));
    }
    expect(() => parseShard(other, text.replace(`"shard":"${shard}"`, `"shard":"${other}"`))).toThrow(/another shard/);
    expect(parseShard(shard, '').articles.size).toBe(0);
  });
});

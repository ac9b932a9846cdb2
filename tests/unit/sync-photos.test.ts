// The photo files' names and the shard header's photo references: the folder format's photo part.
import { describe, expect, it } from 'vitest';
import { SyncConfigSchema } from '../../lib/protocol/sync-schemas';
import { check } from '../../lib/protocol/validate';
import { looksLikeRaster, parsePhotoFileName, photoFileName, photoPath, sha256Hex } from '../../lib/sync/photo-files';
import { encodeShard, parseShard, shardOf, type Shard } from '../../lib/sync/shard';

const SHA = 'ab'.repeat(32);

describe('photo file names', () => {
  it('are the bytes’ SHA-256 and the raster type’s subtype, read back as they were written', async () => {
    expect(await sha256Hex(new TextEncoder().encode('abc') as Uint8Array<ArrayBuffer>)).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    expect(photoFileName(SHA, 'image/jpeg')).toBe(`${SHA}.jpeg`);
    expect(photoFileName(SHA, 'IMAGE/PNG; charset=x')).toBe(`${SHA}.png`);
    expect(photoPath(`${SHA}.webp`)).toBe(`.finews/photos/${SHA}.webp`);
    for (const type of ['image/jpeg', 'image/png', 'image/gif', 'image/webp', 'image/avif', 'image/vnd.microsoft.icon']) {
      expect(parsePhotoFileName(photoFileName(SHA, type)!)).toEqual({ sha: SHA, type });
    }
  });

  it('refuse SVG, other types, odd hashes and anything that is not a plain name', () => {
    expect(photoFileName(SHA, 'image/svg+xml')).toBeUndefined();
    expect(photoFileName(SHA, 'text/html')).toBeUndefined();
    expect(photoFileName('AB'.repeat(32), 'image/png')).toBeUndefined();
    expect(photoFileName('ab'.repeat(31), 'image/png')).toBeUndefined();
    for (const name of [`${SHA}.svg+xml`, `${SHA}.SVG+XML`, `${SHA}`, `${SHA}.`, `../${SHA}.png`, `${SHA}.png/x`, `${SHA}.png\u0000`, `${'ab'.repeat(33)}.png`, 'x.png', '']) {
      expect(parsePhotoFileName(name)).toBeUndefined();
    }
  });

  it('take bytes as a photo only when they are a raster image, never markup', () => {
    const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2]);
    const jpeg = new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 1]);
    expect(looksLikeRaster('image/png', png)).toBe(true);
    // A server that calls WebP JPEG still serves a raster image.
    expect(looksLikeRaster('image/png', jpeg)).toBe(true);
    expect(looksLikeRaster('image/jpeg', new TextEncoder().encode('GIF89a....'))).toBe(true);
    expect(looksLikeRaster('image/png', new TextEncoder().encode('not an image at all'))).toBe(false);
    expect(looksLikeRaster('image/x-unknown', new TextEncoder().encode('\uFEFF  <svg onload="x()"/>'))).toBe(false);
    expect(looksLikeRaster('image/png', new TextEncoder().encode('<html><script></script>'))).toBe(false);
    expect(looksLikeRaster('image/x-unknown', new Uint8Array(0))).toBe(false);
  });
});

describe('a shard header’s photo references', () => {
  const id = 'NW202201010000000001';
  const shard = shardOf(id);
  const record = {
    id,
    infoCode: id,
    url: `http://finews.zning.xyz/html_News/NewsShare.html?infoCode=${id}`,
    canonicalUrl: `http://finews.zning.xyz/html_News/NewsShare.html?infoCode=${id}`,
    title: '标题',
    site: 'finews.zning.xyz',
    images: ['https://a.example/2.jpg', 'https://a.example/1.jpg'],
    savedAt: 1,
    updatedAt: 1,
    sortTime: 1,
    tags: [],
    read: false,
  };
  const content = (photos?: Shard['photos']): Shard => ({ articles: new Map([[id, { record, html: '<p>x</p>', hash: '' }]]), deleted: new Map(), ...(photos && { photos }) });

  it('round-trip, sorted, so equal shards are equal files', () => {
    const a = encodeShard(shard, content(new Map([[id, { 'https://a.example/2.jpg': `${SHA}.png`, 'https://a.example/1.jpg': `${SHA}.jpeg` }]])));
    const b = encodeShard(shard, content(new Map([[id, { 'https://a.example/1.jpg': `${SHA}.jpeg`, 'https://a.example/2.jpg': `${SHA}.png` }]])));
    expect(a).toBe(b);
    expect(a.split('\n')[0]).toBe(
      `{"format":"finews-sync-shard","version":1,"shard":"${shard}","photos":{"${id}":{"https://a.example/1.jpg":"${SHA}.jpeg","https://a.example/2.jpg":"${SHA}.png"}}}`,
    );
    expect(parseShard(shard, a).photos).toEqual(new Map([[id, { 'https://a.example/1.jpg': `${SHA}.jpeg`, 'https://a.example/2.jpg': `${SHA}.png` }]]));
  });

  it('are absent when none are listed, and a shard without them reads as before', () => {
    const plain = encodeShard(shard, content());
    expect(plain.split('\n')[0]).not.toContain('photos');
    expect(parseShard(shard, plain).photos).toBeUndefined();
    expect(encodeShard(shard, content(new Map()))).toBe(plain);
  });

  it('keep only text references; a malformed field leaves the shard readable', () => {
    const good = encodeShard(shard, content());
    const header = (photos: unknown) => good.replace(/^([^\n]*)\}\n/, (_, head: string) => `${head},"photos":${JSON.stringify(photos)}}\n`);
    expect(parseShard(shard, header([1, 2])).photos).toBeUndefined();
    expect(parseShard(shard, header('x')).articles.size).toBe(1);
    expect(parseShard(shard, header({ [id]: { u: 5, v: `${SHA}.png` }, other: 'x' })).photos).toEqual(new Map([[id, { v: `${SHA}.png` }]]));
  });
});

describe('the sync settings', () => {
  it('carry the photos option, off when absent', () => {
    expect(check(SyncConfigSchema, { url: 'https://x.example/', user: '', password: '' })).toMatchObject({ ok: true });
    expect(check(SyncConfigSchema, { url: 'https://x.example/', user: '', password: '', photos: true })).toMatchObject({ ok: true, value: { photos: true } });
    expect(check(SyncConfigSchema, { url: 'https://x.example/', user: '', password: '', photos: 'yes' })).toMatchObject({ ok: false });
  });
});

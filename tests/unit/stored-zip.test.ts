import { crc32 as zlibCrc32 } from 'node:zlib';
import { strFromU8, unzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { crc32, StoredZip } from '../../lib/export/zip/stored-zip';
import type { Post as FullPost } from '../../lib/export/post/post';

// The zip needs only a post's name and text.
type Post = Pick<FullPost, 'fileName' | 'content'>;

function zipOf(posts: Post[], mtime?: Date, takeEvery = 1): Uint8Array {
  const zip = new StoredZip(mtime);
  const parts: Uint8Array[] = [];
  posts.forEach((post, i) => {
    zip.add(post);
    if ((i + 1) % takeEvery === 0) parts.push(zip.take());
  });
  zip.end();
  parts.push(zip.take());
  return new Uint8Array(Buffer.concat(parts));
}

interface Entry {
  name: string;
  flags: number;
  method: number;
  time: number;
  date: number;
  crc: number;
  size: number;
  data: Uint8Array;
  offset: number;
}

/** Reads the archive the way the spec lays it out: local entries, then the central directory, then the end record. */
function read(bytes: Uint8Array): { entries: Entry[]; central: { name: string; offset: number; crc: number }[]; end: DataView } {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const entries: Entry[] = [];
  let at = 0;
  while (view.getUint32(at, true) === 0x04034b50) {
    const nameLength = view.getUint16(at + 26, true);
    const size = view.getUint32(at + 18, true);
    const dataAt = at + 30 + nameLength + view.getUint16(at + 28, true);
    entries.push({
      name: strFromU8(bytes.subarray(at + 30, at + 30 + nameLength)),
      flags: view.getUint16(at + 6, true),
      method: view.getUint16(at + 8, true),
      time: view.getUint16(at + 10, true),
      date: view.getUint16(at + 12, true),
      crc: view.getUint32(at + 14, true),
      size,
      data: bytes.subarray(dataAt, dataAt + size),
      offset: at,
    });
    at = dataAt + size;
  }
  const central: { name: string; offset: number; crc: number }[] = [];
  const directoryAt = at;
  while (view.getUint32(at, true) === 0x02014b50) {
    const nameLength = view.getUint16(at + 28, true);
    central.push({ name: strFromU8(bytes.subarray(at + 46, at + 46 + nameLength)), offset: view.getUint32(at + 42, true), crc: view.getUint32(at + 16, true) });
    at += 46 + nameLength;
  }
  const endAt = bytes.length - 22;
  const end = new DataView(bytes.buffer, bytes.byteOffset + endAt, 22);
  expect(end.getUint32(0, true)).toBe(0x06054b50);
  expect([end.getUint32(4, true), end.getUint16(20, true)]).toEqual([0, 0]); // one disk, no comment
  if (end.getUint16(10, true) !== 0xffff) {
    expect(end.getUint32(16, true)).toBe(directoryAt);
    expect(end.getUint32(12, true)).toBe(at - directoryAt);
  }
  return { entries, central, end };
}

const posts: Post[] = [
  { fileName: '2022-02-10-NW202202102271830933.md', content: '---\nlayout: post\ntitle: "央行开展逆回购"\n---\n正文 😀' },
  { fileName: '2023-01-01-plain.md', content: '' },
  { fileName: '2023-01-01-PLAIN.md', content: 'case-insensitive twin' },
  { fileName: '2023-01-01-plain.md', content: 'third' },
  { fileName: '2024-05-06-长文.md', content: '很长的正文。'.repeat(200_000) },
];

describe('StoredZip', () => {
  it('unzips to every post under _posts/, byte for byte, no name overwriting another', () => {
    const files = unzipSync(zipOf(posts));
    expect(Object.keys(files)).toEqual([
      '_posts/2022-02-10-NW202202102271830933.md',
      '_posts/2023-01-01-plain.md',
      '_posts/2023-01-01-PLAIN-2.md',
      '_posts/2023-01-01-plain-3.md',
      '_posts/2024-05-06-长文.md',
    ]);
    expect(Object.values(files).map((data) => strFromU8(data))).toEqual(posts.map((post) => post.content));
  });

  it('writes stored entries with UTF-8 names, CRC-32 and sizes of their data, and a directory pointing at them', () => {
    const mtime = new Date(2024, 0, 2, 3, 4, 6);
    const { entries, central, end } = read(zipOf(posts, mtime));
    expect(entries).toHaveLength(posts.length);
    for (const [i, entry] of entries.entries()) {
      expect(entry.method).toBe(0);
      expect(entry.flags).toBe(0x0800);
      expect(entry.crc).toBe(zlibCrc32(entry.data));
      expect(entry.size).toBe(Buffer.byteLength(posts[i]!.content));
      expect(entry.time).toBe((3 << 11) | (4 << 5) | 3);
      expect(entry.date).toBe(((2024 - 1980) << 9) | (1 << 5) | 2);
      expect(central[i]).toEqual({ name: entry.name, offset: entry.offset, crc: entry.crc });
    }
    expect(end.getUint16(8, true)).toBe(posts.length);
  });

  it('gives the same archive however often its bytes are taken', () => {
    const mtime = new Date(2024, 0, 2);
    expect(Buffer.compare(zipOf(posts, mtime, 2), zipOf(posts, mtime, 1))).toBe(0);
    expect(Buffer.compare(zipOf(posts, mtime, 100), zipOf(posts, mtime, 1))).toBe(0);
  });

  it('computes the standard CRC-32', () => {
    const bytes = new TextEncoder().encode('123456789');
    expect(crc32(bytes)).toBe(0xcbf43926);
    expect(crc32(new Uint8Array(0))).toBe(0);
    expect(crc32(bytes, 2, 5)).toBe(zlibCrc32(bytes.subarray(2, 5)));
    // Every length and alignment around the eight-byte steps.
    const random = Uint8Array.from({ length: 100 }, (_, i) => (i * 151 + 17) & 0xff);
    for (let from = 0; from < 9; from++) {
      for (let to = from; to <= 100; to++) expect(crc32(random, from, to), `${from}..${to}`).toBe(zlibCrc32(random.subarray(from, to)));
    }
  });

  it('writes the Zip64 end records past 65,535 posts, and unzips all of them', () => {
    const many = Array.from({ length: 70_000 }, (_, i) => ({ fileName: `2024-01-01-${i}.md`, content: `${i}` }));
    const bytes = zipOf(many, undefined, 1_000);
    const { end } = read(bytes);
    expect(end.getUint16(10, true)).toBe(0xffff);
    const files = unzipSync(bytes);
    expect(Object.keys(files)).toHaveLength(70_000);
    expect(strFromU8(files['_posts/2024-01-01-69999.md']!)).toBe('69999');
  });

  it('gives an empty but valid zip for no posts', () => {
    expect(unzipSync(zipOf([]))).toEqual({});
  });

  it('refuses posts after the end', () => {
    const zip = new StoredZip();
    zip.end();
    expect(() => zip.add(posts[0]!)).toThrow(/ended/);
  });
});

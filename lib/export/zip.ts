import { strToU8, Zip, ZipDeflate, ZipPassThrough } from 'fflate';
import type { Post } from './post';
import { UniqueNames } from './file-name';

export interface ZipOptions {
  /** Modification time written for every entry (default: now). */
  mtime?: Date | number;
  /** Deflate level, 0–9 (default 6). */
  level?: 0 | 1 | 2 | 3 | 4 | 5 | 6 | 7 | 8 | 9;
}

/**
 * A zip of posts built one post at a time, synchronously: each `add` hands
 * the entry's bytes to `onChunk` before it returns, so memory holds one post
 * and its compressed bytes, never the archive. Equal file names (compared
 * case-insensitively) get `-2`, `-3`… so no post overwrites another when
 * unzipped. Runs anywhere: Node, a page, a worker.
 */
export class PostZip {
  private readonly zip: Zip;
  private readonly names = new UniqueNames();
  private readonly mtime: Date | number;
  private readonly level: NonNullable<ZipOptions['level']>;
  private failure: Error | undefined;
  count = 0;

  constructor(onChunk: (chunk: Uint8Array) => void, options: ZipOptions = {}) {
    this.mtime = options.mtime ?? Date.now();
    this.level = options.level ?? 6;
    this.zip = new Zip((err, chunk) => {
      if (err) this.failure ??= err;
      else if (chunk.length) onChunk(chunk);
    });
  }

  add(post: Post): void {
    // fflate's streaming deflate sizes its hash table for long streams
    // (2^20 entries, 2 MB) unless told otherwise; allocating that for every
    // small post cost twice the compression itself. 2^12 suits posts of a
    // few kilobytes and compresses them as well.
    const name = `_posts/${this.names.take(post.fileName)}`;
    // Level 0 stores the post as it is, without a deflate stream's buffers.
    const entry = this.level === 0 ? new ZipPassThrough(name) : new ZipDeflate(name, { level: this.level, mem: 0 });
    entry.mtime = this.mtime;
    this.zip.add(entry);
    entry.push(strToU8(post.content), true);
    this.count++;
    this.check();
  }

  /** Writes the central directory: the last chunk. */
  end(): void {
    this.zip.end();
    this.check();
  }

  terminate(): void {
    this.zip.terminate();
  }

  private check(): void {
    if (this.failure) throw this.failure;
  }
}

/**
 * Streams posts into a zip, handing each piece of the archive to `onChunk`
 * and awaiting it before reading the next post.
 *
 * Concatenating the chunks in order gives the zip file; e.g. in an
 * extension page, collect them into a `Blob` or write them to a
 * `FileSystemWritableFileStream`.
 */
export async function zipPosts(
  posts: AsyncIterable<Post> | Iterable<Post>,
  onChunk: (chunk: Uint8Array) => void | Promise<void>,
  options: ZipOptions = {},
): Promise<{ count: number }> {
  let pending: Uint8Array[] = [];
  const zip = new PostZip((chunk) => pending.push(chunk), options);
  const flush = async () => {
    const chunks = pending;
    pending = [];
    for (const chunk of chunks) await onChunk(chunk);
  };
  try {
    for await (const post of posts) {
      zip.add(post);
      await flush();
    }
    zip.end();
    await flush();
  } catch (error) {
    zip.terminate();
    throw error;
  }
  return { count: zip.count };
}

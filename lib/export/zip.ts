import { strToU8, Zip, ZipDeflate } from 'fflate';
import type { Post } from './post';
import { UniqueNames } from './file-name';

export interface ZipOptions {
  /** Modification time written for every entry (default: now). */
  mtime?: Date | number;
  /** Deflate level, 0–9 (default 6). */
  level?: 0 | 1 | 2 | 3 | 4 | 5 | 6 | 7 | 8 | 9;
}

/**
 * Streams posts into a zip as `_posts/<fileName>` entries, handing each piece
 * of the archive to `onChunk` as soon as it exists and awaiting it before
 * reading the next post: memory holds one post and its compressed bytes,
 * never the whole export. Equal file names (compared case-insensitively)
 * get `-2`, `-3`… so no post overwrites another when unzipped.
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
  let failure: Error | undefined;
  const zip = new Zip((err, chunk) => {
    if (err) failure ??= err;
    else if (chunk.length) pending.push(chunk);
  });

  // ZipDeflate is synchronous: after push() the entry's bytes are all in `pending`.
  const flush = async () => {
    if (failure) throw failure;
    const chunks = pending;
    pending = [];
    for (const chunk of chunks) await onChunk(chunk);
  };

  const names = new UniqueNames();
  const mtime = options.mtime ?? Date.now();
  let count = 0;
  try {
    for await (const post of posts) {
      const entry = new ZipDeflate(`_posts/${names.take(post.fileName)}`, { level: options.level ?? 6 });
      entry.mtime = mtime;
      zip.add(entry);
      entry.push(strToU8(post.content), true);
      count++;
      await flush();
    }
    zip.end();
    await flush();
  } catch (error) {
    zip.terminate();
    throw error;
  }
  return { count };
}

/**
 * Importing the blog's posts: from the sync folder's `_posts/` (posts no
 * article of the library exports to), and, with no server, from a folder or
 * a zip the user picks (the options page's `import-posts`). Posts the
 * library already has are left as they are; nothing is ever written but
 * the library.
 */
import { unzipSync } from 'fflate';
import { postAround, type ExportSettings } from '../export/post/post';
import type { LibraryDb } from '../library/db';
import { applyRemote, type Incoming } from './apply';
import { articleFromPost, isPostFileName, POST_MAX_BYTES } from './posts';
import { POSTS_DIR } from './layout';
import type { SyncStore } from './store';

export interface PostFile {
  name: string;
  text: string;
}

export interface PostImport {
  imported: string[];
  /** Posts left out, each with why. */
  skipped: string[];
}

const BATCH = 200;

/** Adds the posts' articles the library lacks (folder or zip import, and sync). */
export async function importPostFiles(db: LibraryDb, files: PostFile[]): Promise<PostImport> {
  const result: PostImport = { imported: [], skipped: [] };
  const found = new Map<string, Incoming>();
  for (const file of files) {
    const name = file.name.split(/[\\/]/).pop() ?? '';
    const read = articleFromPost(name, file.text);
    if ('skipped' in read) result.skipped.push(read.skipped);
    else if (!found.has(read.record.id)) found.set(read.record.id, { record: read.record, html: read.html });
  }
  const items = [...found.values()];
  for (let i = 0; i < items.length; i += BATCH) {
    const batch = items.slice(i, i + BATCH);
    const stored = await db.articles.bulkGet(batch.map((b) => b.record.id));
    const fresh = batch.filter((_, j) => !stored[j]);
    await applyRemote(db, fresh, []);
    result.imported.push(...fresh.map((f) => f.record.id));
  }
  return result;
}

/** The posts inside a zip (any folder; `_posts/` or not), each at most POST_MAX_BYTES. */
export function postFilesFromZip(zip: Uint8Array): PostFile[] {
  const decoder = new TextDecoder();
  const entries = unzipSync(zip, {
    filter: (file) => isPostFileName(file.name.split('/').pop() ?? '') && file.originalSize <= POST_MAX_BYTES,
  });
  return Object.entries(entries).map(([name, bytes]) => ({ name, text: decoder.decode(bytes) }));
}

/** The file name each article of the library exports to (settings do not change names). */
async function libraryPostNames(db: LibraryDb, settings: ExportSettings): Promise<Set<string>> {
  const names = new Set<string>();
  await db.articles.each((record) => {
    try {
      names.add(postAround(record, '', settings).fileName);
    } catch {
      // An undated article has no post.
    }
  });
  return names;
}

/**
 * Imports the folder's posts that no article of the library exports to.
 * `known` tells the names the library's posts have (the sync's PostNames,
 * already made): without it the library is read for them.
 */
export async function importRemotePosts(db: LibraryDb, store: SyncStore, settings: ExportSettings, known?: (name: string) => boolean): Promise<PostImport> {
  let listing;
  try {
    listing = (await store.list(POSTS_DIR)) ?? [];
  } catch (error) {
    // The blog's history is a bonus: a listing too large to read must not stop the sync.
    if ((error as { kind?: string }).kind !== 'too-large') throw error;
    return { imported: [], skipped: [`${POSTS_DIR}/: ${(error as Error).message}`] };
  }
  let has = known;
  if (!has) {
    const names = await libraryPostNames(db, settings);
    has = (name) => names.has(name);
  }
  const wanted = listing.filter((e) => !e.collection && isPostFileName(e.name) && !has!(e.name));
  const files: PostFile[] = [];
  const skipped: string[] = [];
  for (const entry of wanted) {
    if ((entry.size ?? 0) > POST_MAX_BYTES) {
      skipped.push(`${entry.name}: larger than ${POST_MAX_BYTES / 1024 / 1024} MB`);
      continue;
    }
    try {
      const file = await store.get(`${POSTS_DIR}/${entry.name}`, POST_MAX_BYTES);
      if (file) files.push({ name: entry.name, text: file.text });
    } catch (error) {
      if ((error as { kind?: string }).kind !== 'too-large') throw error;
      skipped.push(`${entry.name}: ${(error as Error).message}`);
    }
  }
  const result = await importPostFiles(db, files);
  return { imported: result.imported, skipped: [...skipped, ...result.skipped] };
}

// Plain readings of a library that the tests compare the product's own
// against; kept out of lib/ because only tests need them.
import type { LibraryDb } from '../../lib/library/db';
import { libraryPages } from '../../lib/export/read-library';
import { postFor, type Post } from '../../lib/export/post/post';
import type { ExportSettings } from '../../lib/export/settings';
import { CHUNK, decodeBlock } from '../../lib/library/search/blocks';
import type { SearchTables } from '../../lib/library/search/index-update';
import type { ArticleRecord } from '../../lib/library/records';

/**
 * The posts of the whole library, or of the articles `ids` names (unknown
 * ids are skipped), newest first by `[sortTime+id]`, in one thread: the
 * reference the export's zipLibrary is tested against. Memory holds two
 * pages at most, the one being converted and the next.
 */
export async function* libraryPosts(db: LibraryDb, settings: ExportSettings, ids?: string[]): AsyncGenerator<Post> {
  for await (const page of libraryPages(db, ids)) {
    for (const article of page) yield postFor(article, settings);
  }
}

/** Every gram the search index holds, with the ids of its articles. */
export async function indexContents(t: SearchTables): Promise<Map<string, string[]>> {
  const docs = new Map((await t.searchDocs.toArray()).map((row) => [row.doc, row.id]));
  const out = new Map<string, string[]>();
  await t.postings.each((block) => {
    for (const [gram, offsets] of decodeBlock(block.data)) {
      const ids = offsets.map((o) => docs.get(block.chunk * CHUNK + o) ?? `#${block.chunk * CHUNK + o}`);
      out.set(gram, [...(out.get(gram) ?? []), ...ids]);
    }
  });
  for (const ids of out.values()) ids.sort();
  return out;
}

/** A page of the library, newest first by publication time; the id breaks ties so pages never shuffle. */
export async function listArticles(db: LibraryDb, offset = 0, limit = 50): Promise<ArticleRecord[]> {
  return db.articles.orderBy('[sortTime+id]').reverse().offset(offset).limit(limit).toArray();
}

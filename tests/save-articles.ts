// Fills a library fast, for tests and the benchmark: the product saves one
// article at a time (saveArticle), so the batch lives here, outside lib/.
import type { Article } from '../lib/article';
import { derivedTables, type LibraryDb } from '../lib/library/db';
import { recordFor, storageFailure, updateDerived, type StorageFailureReason } from '../lib/library/articles';
import type { ArticleRecord } from '../lib/library/records';

export type SaveManyOutcome =
  | { ok: true; created: number; records: ArticleRecord[] }
  | { ok: false; reason: StorageFailureReason; message: string };

/**
 * Saves many articles in ONE transaction, as saveArticle would one by one,
 * through the product's own record and derived-table code. The caller picks
 * the batch size: the batch is held in memory, and the search index is
 * cheapest to grow by about 2,048 new articles per call (one index chunk;
 * 1,000 costs ~1.3 times as much per article, 500 ~2 times). An id given
 * twice is saved once, as its last copy. All or nothing.
 */
export async function saveArticles(db: LibraryDb, articles: Article[], now: number): Promise<SaveManyOutcome> {
  const unique = [...new Map(articles.map((a) => [a.id, a])).values()];
  try {
    return await db.transaction('rw', [db.articles, db.bodies, ...derivedTables(db)], async () => {
      const existing = await db.articles.bulkGet(unique.map((a) => a.id));
      const records = unique.map((a, i) => recordFor(a, existing[i], now));
      await updateDerived(db, unique.map((a, i) => ({ id: a.id, record: records[i], html: a.html })), existing);
      await db.articles.bulkPut(records);
      await db.bodies.bulkPut(unique.map((a) => ({ id: a.id, html: a.html })));
      return { ok: true as const, created: existing.filter((e) => !e).length, records };
    });
  } catch (error) {
    return storageFailure(error);
  }
}

/**
 * The top of the save path: an extracted article and its fetched images,
 * stored together. Fetching is images.ts; the row, body and derived tables
 * are articles.ts.
 */
import type { Article } from '../article';
import { saveArticle, storageFailure, type SaveOutcome } from './articles';
import type { LibraryDb } from './db';
import type { FetchedImage } from './images';
import type { ImageRecord } from './records';

/** A save the library itself refused; carries its outcome out of the transaction. */
class Refused extends Error {
  constructor(readonly outcome: SaveOutcome) {
    super('refused');
  }
}

/**
 * Stores an article with its fetched images in ONE transaction: the row, the
 * body, the derived tables and the images are written together or not at
 * all. saveArticle runs inside it as a nested transaction; the scope is every
 * table, so whatever tables saveArticle comes to write stay inside it.
 *
 * On a re-save, the images given replace the stored ones of the same URL;
 * stored images no longer in the article are deleted; stored images still in
 * the article but not fetched this time are kept (a failed re-fetch never
 * loses a saved picture). Images not in `article.images` are ignored.
 */
export async function saveArticleWithImages(db: LibraryDb, article: Article, images: readonly FetchedImage[], now: number): Promise<SaveOutcome> {
  const inArticle = new Set(article.images);
  const records: ImageRecord[] = images
    .filter((image) => inArticle.has(image.url))
    .map((image) => ({ articleId: article.id, url: image.url, type: image.type, blob: image.blob }));
  try {
    return await db.transaction('rw', db.tables, async () => {
      const outcome = await saveArticle(db, article, now);
      if (!outcome.ok) throw new Refused(outcome);
      const stored = await db.images.where('articleId').equals(article.id).primaryKeys();
      await db.images.bulkDelete(stored.filter(([, url]) => !inArticle.has(url)));
      await db.images.bulkPut(records);
      return outcome;
    });
  } catch (error) {
    return error instanceof Refused ? error.outcome : storageFailure(error);
  }
}

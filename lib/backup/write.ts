import type { LibraryDb } from '../library/db';
import type { ImageRecord } from '../library/records';
import { backupHeader, bytesToBase64, encodeBackupLine } from './format';

/** Articles read per transaction: bounds memory whatever the library's size. */
const ARTICLES_PER_READ = 200;

/**
 * Writes the whole library as backup lines: the header, the settings, then
 * each article followed by its images. Every line is passed WITHOUT its
 * `\n`; the caller ends each one (the last included) with `\n`.
 *
 * Articles are read in primary-key pages of ARTICLES_PER_READ, each page in its own read
 * transaction, so memory holds one page; a save made while the backup runs
 * may or may not be in it, but every article is whole (row, body, images).
 */
export async function writeBackup(
  db: LibraryDb,
  onLine: (line: string) => void | Promise<void>,
  now: Date = new Date(),
): Promise<{ articles: number; images: number }> {
  await onLine(backupHeader(now));
  // The stored rows as they are, not getSettings(): defaults stay defaults, other keys survive.
  const settings = await db.settings.toArray();
  if (settings.length) {
    await onLine(encodeBackupLine({ kind: 'settings', settings: Object.fromEntries(settings.map((s) => [s.key, s.value])) }));
  }

  let articles = 0;
  let images = 0;
  let after: string | undefined;
  for (;;) {
    const page = await db.transaction('r', db.articles, db.bodies, db.images, async () => {
      const rows = await (after === undefined ? db.articles.orderBy(':id') : db.articles.where(':id').above(after))
        .limit(ARTICLES_PER_READ)
        .toArray();
      const ids = rows.map((r) => r.id);
      const [bodies, pictures] = await Promise.all([db.bodies.bulkGet(ids), db.images.where('articleId').anyOf(ids).toArray()]);
      return { rows, bodies, pictures };
    });
    if (!page.rows.length) break;
    const byArticle = new Map<string, ImageRecord[]>(); // Map.groupBy needs Node 21
    for (const picture of page.pictures) byArticle.set(picture.articleId, [...(byArticle.get(picture.articleId) ?? []), picture]);
    for (const [i, record] of page.rows.entries()) {
      await onLine(encodeBackupLine({ kind: 'article', record, html: page.bodies[i]?.html ?? '' }));
      articles++;
      for (const image of byArticle.get(record.id) ?? []) {
        // Blob bytes are read outside the transaction: it cannot wait for non-IndexedDB promises.
        const data = bytesToBase64(new Uint8Array(await image.blob.arrayBuffer()));
        await onLine(encodeBackupLine({ kind: 'image', articleId: image.articleId, url: image.url, type: image.type, data }));
        images++;
      }
    }
    after = page.rows.at(-1)!.id;
  }
  return { articles, images };
}

/** The backup's name, e.g. `finews-library-20260126.jsonl`. */
export function backupFileName(now: Date): string {
  return `finews-library-${now.toISOString().slice(0, 10).replaceAll('-', '')}.jsonl`;
}

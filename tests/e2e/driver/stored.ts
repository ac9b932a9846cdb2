/**
 * What the extension's IndexedDB holds, read with plain IndexedDB from one of
 * its pages (not through the extension's code), in either browser.
 */
import type { Tab } from './driver';

/** The library's database name (lib/db.ts); spelled out so these tests do not follow lib/'s file layout. */
export const LIBRARY_DB = 'finews-library';

export interface StoredArticle {
  id: string;
  infoCode?: string;
  title: string;
  canonicalUrl: string;
  savedAt: number;
  updatedAt: number;
  images: string[];
  [field: string]: unknown;
}

export interface Stored {
  articles: StoredArticle[];
  bodies: { id: string; html: string }[];
  /** Image rows: article, address, type and size of the stored blob. */
  images: { articleId: string; url: string; type: string; size: number }[];
}

export function storedLibrary(extensionPage: Tab): Promise<Stored> {
  return extensionPage.evaluate(
    (name) =>
      new Promise<Stored>((resolve, reject) => {
        const request = indexedDB.open(name);
        request.onerror = () => reject(request.error);
        request.onsuccess = () => {
          const db = request.result;
          const tx = db.transaction(['articles', 'bodies', 'images'], 'readonly');
          const articles = tx.objectStore('articles').getAll();
          const bodies = tx.objectStore('bodies').getAll();
          const images = tx.objectStore('images').getAll();
          tx.oncomplete = () => {
            db.close();
            resolve({
              articles: articles.result,
              bodies: bodies.result,
              images: images.result.map((row: { articleId: string; url: string; type: string; blob: Blob }) => ({
                articleId: row.articleId,
                url: row.url,
                type: row.type,
                size: row.blob.size,
              })),
            });
          };
          tx.onerror = () => reject(tx.error);
        };
      }),
    LIBRARY_DB,
  );
}

/** Deletes the library's database outright (the extension's open connections let go when asked). */
export function wipeLibrary(extensionPage: Tab): Promise<void> {
  return extensionPage.evaluate(
    (name) =>
      new Promise<void>((resolve, reject) => {
        const request = indexedDB.deleteDatabase(name);
        request.onsuccess = () => resolve();
        request.onerror = () => reject(request.error);
      }),
    LIBRARY_DB,
  );
}

/**
 * One article's row and body as stored (for one id: a library may hold
 * megabytes of bodies), from an extension page (a Playwright page or a driver's tab).
 */
export function storedArticle(extensionPage: Pick<Tab, 'evaluate'>, id: string): Promise<{ record?: StoredArticle; body?: { id: string; html: string } }> {
  return extensionPage.evaluate(
    ([name, key]) =>
      new Promise<{ record?: StoredArticle; body?: { id: string; html: string } }>((resolve, reject) => {
        const request = indexedDB.open(name);
        request.onerror = () => reject(request.error);
        request.onsuccess = () => {
          const db = request.result;
          const tx = db.transaction(['articles', 'bodies'], 'readonly');
          const record = tx.objectStore('articles').get(key);
          const body = tx.objectStore('bodies').get(key);
          tx.oncomplete = () => {
            db.close();
            resolve({ record: record.result, body: body.result });
          };
          tx.onerror = () => reject(tx.error);
        };
      }),
    [LIBRARY_DB, id] as const,
  );
}

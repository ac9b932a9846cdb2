import type { Page } from 'playwright-core';
import { DB_NAME } from '../../lib/library/db';
import type { ArticleRecord, BodyRecord } from '../../lib/library/records';

/**
 * Reads the extension's IndexedDB directly from one of its pages, bypassing
 * the extension's own code: what the tests see is what is really stored.
 * Call it only once an extension page has opened the library.
 */
export async function readLibrary(extensionPage: Page): Promise<{ articles: ArticleRecord[]; bodies: BodyRecord[] }> {
  return extensionPage.evaluate(
    (name) =>
      new Promise((resolve, reject) => {
        const request = indexedDB.open(name);
        request.onerror = () => reject(request.error);
        request.onsuccess = () => {
          const db = request.result;
          const tx = db.transaction(['articles', 'bodies'], 'readonly');
          const articles = tx.objectStore('articles').getAll();
          const bodies = tx.objectStore('bodies').getAll();
          tx.oncomplete = () => {
            db.close();
            resolve({ articles: articles.result, bodies: bodies.result });
          };
          tx.onerror = () => reject(tx.error);
        };
      }),
    DB_NAME,
  );
}

/** Deletes the extension's library outright, as if the profile had lost it (for restore tests). */
export async function wipeLibrary(extensionPage: Page): Promise<void> {
  await extensionPage.evaluate(
    (name) =>
      new Promise<void>((resolve, reject) => {
        const request = indexedDB.deleteDatabase(name);
        request.onsuccess = () => resolve();
        request.onerror = () => reject(request.error);
      }),
    DB_NAME,
  );
}

// Setup shared by the unit tests that save articles into a library.
// The fake comes first: Dexie looks for indexedDB when it is loaded.
import 'fake-indexeddb/auto';
import { afterEach, beforeEach } from 'vitest';
import type { Article } from '../../lib/article';
import { LibraryDb } from '../../lib/library/db';

/** A finews article as extraction gives it; `overrides` replace its fields. */
export function testArticle(id: string, overrides: Partial<Article> = {}): Article {
  return {
    id,
    infoCode: id,
    url: `http://finews.zning.xyz/html_News/NewsShare.html?infoCode=${id}`,
    canonicalUrl: `http://finews.zning.xyz/html_News/NewsShare.html?infoCode=${id}`,
    title: `标题${id}`,
    publishedAt: '2022-02-10T08:10:19+08:00',
    source: '定西日报',
    site: 'finews.zning.xyz',
    html: '<p>本报讯</p>',
    images: [],
    ...overrides,
  };
}

/**
 * Opens a new, empty database each call; all are deleted after each test.
 * For tests that need more than one library (a backup restored elsewhere).
 * Call at the top of a file or describe block.
 */
export function useFreshDbs(prefix: string): () => Promise<LibraryDb> {
  // A new name each time, so that no test meets another's rows, even where a delete failed.
  let n = 0;
  const opened: LibraryDb[] = [];
  afterEach(async () => {
    for (const db of opened.splice(0)) await db.delete();
  });
  return async () => {
    const db = new LibraryDb(`${prefix}-${n++}`);
    opened.push(db);
    await db.open();
    return db;
  };
}

/**
 * A new, empty database for each test, deleted after it: the returned
 * function gives the current test's. Call at the top of a file or describe block.
 */
export function useTestDb(prefix: string): () => LibraryDb {
  const fresh = useFreshDbs(prefix);
  let db: LibraryDb | undefined;
  beforeEach(async () => {
    db = await fresh();
  });
  return () => {
    if (!db) throw new Error('The test database exists only while a test runs.');
    return db;
  };
}

/**
 * The library as the export reads it: articles with their bodies, a page
 * at a time, so memory never holds the whole library.
 */
import type { LibraryDb } from '../library/db';
import { postFor, type Post } from './post/post';
import type { ExportSettings } from './settings';
import type { ArticleRecord } from '../library/records';

/** Articles (with bodies) read per transaction: memory holds one page, never the library. */
const ARTICLES_PER_READ = 500;

/** The articles with their bodies, page by page, newest first by `[sortTime+id]` (or in `ids` order); the next page is read while this one is used. */
export function libraryPages(db: LibraryDb, ids?: string[]): AsyncGenerator<ArticleWithBody[]> {
  return readAhead(ids === undefined ? allPages(db) : chosenPages(db, ids));
}

/**
 * Asks for the next item as soon as the current one is handed out: the
 * database reads the next page while this one is converted, instead of the
 * two waiting on each other.
 */
async function* readAhead<T>(source: AsyncIterator<T>): AsyncGenerator<T> {
  const ahead = () => {
    const read = source.next();
    // A read ahead that fails after the consumer has stopped must not surface as an unhandled rejection.
    read.catch(() => undefined);
    return read;
  };
  let next = ahead();
  for (;;) {
    const current = await next;
    if (current.done) return;
    next = ahead();
    yield current.value;
  }
}

/** One article's post, or undefined when the library does not have it. */
export async function postForId(db: LibraryDb, id: string, settings: ExportSettings): Promise<Post | undefined> {
  const [article] = await withBodies(db, [id]);
  return article && postFor(article, settings);
}

export type ArticleWithBody = ArticleRecord & { html: string };
type Full = ArticleWithBody;

async function* allPages(db: LibraryDb): AsyncGenerator<Full[]> {
  let after: [number, string] | undefined;
  for (;;) {
    const page = await db.transaction('r', db.articles, db.bodies, async () => {
      const newest = db.articles.orderBy('[sortTime+id]');
      // Keyset paging: continues below the last key, so it never skips or repeats a row.
      const rows = await (after ? db.articles.where('[sortTime+id]').below(after) : newest).reverse().limit(ARTICLES_PER_READ).toArray();
      return joinBodies(db, rows);
    });
    if (!page.length) return;
    yield page;
    const last = page.at(-1)!;
    after = [last.sortTime, last.id];
  }
}

/** The chosen articles in library order: their sort keys first (small), then their rows page by page. */
async function* chosenPages(db: LibraryDb, ids: string[]): AsyncGenerator<Full[]> {
  const unique = [...new Set(ids)];
  const keys: [number, string][] = [];
  for (let i = 0; i < unique.length; i += ARTICLES_PER_READ) {
    const rows = await db.articles.bulkGet(unique.slice(i, i + ARTICLES_PER_READ));
    for (const row of rows) if (row) keys.push([row.sortTime, row.id]);
  }
  keys.sort((a, b) => b[0] - a[0] || (a[1] < b[1] ? 1 : a[1] > b[1] ? -1 : 0));
  for (let i = 0; i < keys.length; i += ARTICLES_PER_READ) {
    const page = await withBodies(db, keys.slice(i, i + ARTICLES_PER_READ).map(([, id]) => id));
    if (page.length) yield page;
  }
}

/** The rows of `ids` (in that order, missing ones left out) with their bodies, read together. */
function withBodies(db: LibraryDb, ids: string[]): Promise<Full[]> {
  return db.transaction('r', db.articles, db.bodies, async () => {
    const rows = await db.articles.bulkGet(ids);
    return joinBodies(db, rows.filter((row): row is ArticleRecord => row !== undefined));
  });
}

async function joinBodies(db: LibraryDb, rows: ArticleRecord[]): Promise<Full[]> {
  const bodies = await bodiesOf(db, rows);
  // A row without a body should not exist (saveArticle writes both); export it empty rather than drop it.
  return rows.map((row, i) => ({ ...row, html: bodies[i] ?? '' }));
}

/**
 * The bodies of `rows`, in their order. A page's bodies usually sit together
 * in key order (a finews id starts with its date, and a page holds articles
 * of nearby dates), so one range read fetches them at once: reading them one
 * id at a time took twice as long (npm run bench). When the range would hold
 * many other bodies too, they are read one by one.
 */
async function bodiesOf(db: LibraryDb, rows: ArticleRecord[]): Promise<(string | undefined)[]> {
  if (!rows.length) return [];
  const ids = rows.map((row) => row.id);
  const low = ids.reduce((a, b) => (b < a ? b : a));
  const high = ids.reduce((a, b) => (b > a ? b : a));
  const range = db.bodies.where(':id').between(low, high, true, true);
  if ((await range.count()) > 2 * rows.length) return (await db.bodies.bulkGet(ids)).map((body) => body?.html);
  const byId = new Map((await range.toArray()).map((body) => [body.id, body.html]));
  return ids.map((id) => byId.get(id));
}

import type { LibraryDb } from '../library/db';
import { listGroupArticles } from '../library/groups';
import { postFor, type Post } from './post/post';
import type { ExportSettings } from './settings';
import type { ArticleRecord } from '../library/records';

/** Articles (with bodies) read per transaction: memory holds one page, never the library. */
const PAGE = 500;
/** Group members read per request when collecting a group's ids. */
const GROUP_PAGE = 5_000;

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

/** The articles with their bodies, page by page, in the order of `libraryPosts`; the next page is read while this one is used. */
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
      const rows = await (after ? db.articles.where('[sortTime+id]').below(after) : newest).reverse().limit(PAGE).toArray();
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
  for (let i = 0; i < unique.length; i += PAGE) {
    const rows = await db.articles.bulkGet(unique.slice(i, i + PAGE));
    for (const row of rows) if (row) keys.push([row.sortTime, row.id]);
  }
  keys.sort((a, b) => b[0] - a[0] || (a[1] < b[1] ? 1 : a[1] > b[1] ? -1 : 0));
  for (let i = 0; i < keys.length; i += PAGE) {
    const page = await withBodies(db, keys.slice(i, i + PAGE).map(([, id]) => id));
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

/** What an export covers: the whole library, chosen articles, or one group. */
export type ExportScope =
  | { kind: 'all' }
  | { kind: 'ids'; ids: string[] }
  | { kind: 'category'; source: string }
  | { kind: 'tag'; tag: string };

/** The ids a scope covers; undefined means the whole library. */
export async function idsInScope(db: LibraryDb, scope: ExportScope): Promise<string[] | undefined> {
  switch (scope.kind) {
    case 'all':
      return undefined;
    case 'ids':
      return scope.ids;
    case 'category':
    case 'tag': {
      // A category is the source, or the site for pages without one: the groups know which.
      const kind = scope.kind;
      const key = scope.kind === 'category' ? scope.source : scope.tag;
      // In pages: IndexedDB refuses a count beyond 2^32 - 1, and a page keeps memory small.
      const ids: string[] = [];
      for (;;) {
        const page = await listGroupArticles(db, kind, key, ids.length, GROUP_PAGE);
        ids.push(...page.map((record) => record.id));
        if (page.length < GROUP_PAGE) return ids;
      }
    }
  }
}

/** A scope as URL query parameters (the export page is opened with them), and back. */
export function scopeToQuery(scope: ExportScope): string {
  const params = new URLSearchParams();
  if (scope.kind === 'ids') for (const id of scope.ids) params.append('id', id);
  else if (scope.kind === 'category') params.set('category', scope.source);
  else if (scope.kind === 'tag') params.set('tag', scope.tag);
  else params.set('all', '1');
  return params.toString();
}

export function scopeFromQuery(search: string): ExportScope {
  const params = new URLSearchParams(search);
  const ids = params.getAll('id');
  if (ids.length) return { kind: 'ids', ids };
  const category = params.get('category');
  if (category !== null) return { kind: 'category', source: category };
  const tag = params.get('tag');
  if (tag !== null) return { kind: 'tag', tag };
  return { kind: 'all' };
}

/** The zip's name: what it holds and when, e.g. `finews-posts-20260126.zip`. */
export function zipFileName(now: Date): string {
  return `finews-posts-${now.toISOString().slice(0, 10).replaceAll('-', '')}.zip`;
}

/** The backup's name, e.g. `finews-library-20260126.jsonl`. */
export function backupFileName(now: Date): string {
  return `finews-library-${now.toISOString().slice(0, 10).replaceAll('-', '')}.jsonl`;
}

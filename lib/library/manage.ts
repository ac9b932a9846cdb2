import { derivedTables, type LibraryDb } from './db';
import { groupCount, groupsOf } from './groups';
import { updateDerived } from './articles';
import { checkEdit, withEdits, type ArticleEdits, type EditProblem, type EditRequest } from '../finews/edits';
import { publicationMs } from '../finews/publication';
import type { ArticleRecord, ImageRecord } from './records';
import { tagFor } from '../finews/source-tag';

/**
 * Managing saved articles: delete (with undo), tags, read state, counts.
 * Every change is one rw transaction over the article's tables and the
 * derived ones, so a refused write (storage full) leaves the library as it
 * was, counts and index included.
 */

/** What deleteArticles removed: everything undoDelete needs to put it back. */
export interface Deleted {
  articles: { record: ArticleRecord; html?: string; images: ImageRecord[] }[];
}

/** Deletes articles with their bodies and images; unknown ids are skipped. */
export async function deleteArticles(db: LibraryDb, ids: string[]): Promise<Deleted> {
  const unique = [...new Set(ids)];
  return db.transaction('rw', [db.articles, db.bodies, db.images, ...derivedTables(db)], async () => {
    const records = (await db.articles.bulkGet(unique)).filter((r): r is ArticleRecord => r !== undefined);
    const found = records.map((r) => r.id);
    const [bodies, images] = await Promise.all([db.bodies.bulkGet(found), db.images.where('articleId').anyOf(found).toArray()]);
    await updateDerived(db, found.map((id) => ({ id })), records);
    await db.articles.bulkDelete(found);
    await db.bodies.bulkDelete(found);
    await db.images.where('articleId').anyOf(found).delete();
    return {
      articles: records.map((record, i) => ({
        record,
        html: bodies[i]?.html,
        images: images.filter((image) => image.articleId === record.id),
      })),
    };
  });
}

/**
 * Puts deleted articles back as they were (row, body, images, tags, read
 * state). An article saved again since the delete is left as it now is.
 */
export async function undoDelete(db: LibraryDb, deleted: Deleted): Promise<void> {
  await db.transaction('rw', [db.articles, db.bodies, db.images, ...derivedTables(db)], async () => {
    const now = await db.articles.bulkGet(deleted.articles.map((a) => a.record.id));
    const back = deleted.articles.filter((_, i) => !now[i]);
    await updateDerived(
      db,
      back.map((a) => ({ id: a.record.id, record: a.record, html: a.html ?? '' })),
      back.map(() => undefined),
    );
    await db.articles.bulkPut(back.map((a) => a.record));
    await db.bodies.bulkPut(back.flatMap((a) => (a.html === undefined ? [] : [{ id: a.record.id, html: a.html }])));
    await db.images.bulkPut(back.flatMap((a) => a.images));
  });
}

/** Tags an article (the tag trimmed); a tag it has already is no change. */
export async function addTag(db: LibraryDb, id: string, tag: string): Promise<void> {
  const name = tag.trim();
  if (!name) throw new Error('A tag must not be empty.');
  await change(db, id, (record) => (record.tags.includes(name) ? undefined : { ...record, tags: [...record.tags, name] }));
}

/** Takes a tag off an article; one it does not have is no change. */
export async function removeTag(db: LibraryDb, id: string, tag: string): Promise<void> {
  const name = tag.trim();
  await change(db, id, (record) => (record.tags.includes(name) ? { ...record, tags: record.tags.filter((t) => t !== name) } : undefined));
}

/** Marks an article read or unread. */
export async function setRead(db: LibraryDb, id: string, read: boolean): Promise<void> {
  await change(db, id, (record) => (record.read === read ? undefined : { ...record, read }));
}

/** An edit that could not be taken: which field, for a message in the reader's language. */
export class EditError extends Error {
  constructor(readonly problem: EditProblem) {
    super(`The edited ${problem} is not valid; nothing was changed.`);
    this.name = 'EditError';
  }
}

/**
 * Corrects an article's title, time or source by hand. The edit is kept on
 * the row (`edited`), so it survives a re-save and goes into backups; the
 * automatic `<source>新闻` tag follows the source, and the article moves to
 * its new group and place in time in the same transaction.
 */
export async function editArticle(db: LibraryDb, id: string, request: EditRequest, now: number): Promise<ArticleRecord> {
  const checked = checkEdit(request);
  if (!checked.ok) throw new EditError(checked.problem);
  let result: ArticleRecord | undefined;
  await change(db, id, (record) => {
    const edited: ArticleEdits = { ...record.edited, ...checked.edit, at: now };
    const next = withEdits(record, edited);
    const tags = record.tags.filter((tag) => !(record.source && next.source !== record.source && tag === tagFor(record.source)));
    if (next.source && !tags.includes(tagFor(next.source))) tags.push(tagFor(next.source));
    result = { ...next, tags, edited, updatedAt: now, sortTime: publicationMs(next) ?? record.savedAt };
    return result;
  });
  return result!;
}

/** Rewrites one article's row (undefined from `edit`: nothing to do); throws when the library lacks it. */
async function change(db: LibraryDb, id: string, edit: (record: ArticleRecord) => ArticleRecord | undefined): Promise<void> {
  await db.transaction('rw', [db.articles, db.bodies, ...derivedTables(db)], async () => {
    const record = await db.articles.get(id);
    if (!record) throw new Error(`The library has no article "${id}".`);
    const next = edit(record);
    if (!next) return;
    await updateDerived(db, [{ id, record: next }], [record]);
    await db.articles.put(next);
  });
}

export interface LibraryStats {
  articles: number;
  unread: number;
  /** Bytes the browser counts as used by the extension's storage, when it says (an estimate). */
  bytes?: number;
}

/** How the browser reports storage use; a seam so tests (and Node) can pass their own. */
export type StorageEstimate = () => Promise<{ usage?: number } | undefined>;

const browserEstimate: StorageEstimate = async () =>
  (globalThis as { navigator?: { storage?: { estimate?: () => Promise<{ usage?: number }> } } }).navigator?.storage?.estimate?.();

/** Counts from the groups table (no scan of the articles), and the storage estimate. */
export async function libraryStats(db: LibraryDb, estimate: StorageEstimate = browserEstimate): Promise<LibraryStats> {
  const [categories, unread] = await db.transaction('r', db.groups, async () =>
    Promise.all([groupsOf(db, 'category'), groupCount(db, 'unread', '')]),
  );
  // Every article is in exactly one category.
  const articles = categories.reduce((sum, group) => sum + group.count, 0);
  const usage = await estimate().catch(() => undefined);
  return { articles, unread, ...(usage?.usage === undefined ? {} : { bytes: usage.usage }) };
}

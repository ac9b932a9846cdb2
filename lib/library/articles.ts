import { Dexie } from 'dexie';
import type { Article } from '../article';
import { derivedTables, openFailureReason, type LibraryDb } from './db';
import type { LibraryTables } from './tables';
import { updateGroups } from './groups';
import { withEdits } from '../finews/edits';
import { publicationMs } from '../finews/publication';
import type { ArticleRecord } from './records';
import { updateSearchIndex } from './search/index';
import { tagFor } from '../finews/source-tag';
import { messageOf, ReasonedError, type Failed } from '../errors';

/** Why the library refused a write: storage full, the library could not be opened (upgraded), or another error. */
export type StorageFailureReason = 'quota' | 'upgrade' | 'storage';

export type SaveOutcome =
  | { ok: true; created: boolean; record: ArticleRecord }
  | { ok: false; reason: StorageFailureReason; message: string };

/**
 * The row an article gets when saved at `now`, given what is stored under its
 * id: the page's fields with the user's edits over them (a re-save refreshes
 * the body, not what the user corrected), ordered by its publication (its
 * infoCode's day when the page showed no time), else by its first save.
 */
export function recordFor(article: Article, existing: ArticleRecord | undefined, now: number): ArticleRecord {
  const { html: _html, ...fields } = article;
  const meta = withEdits(fields, existing?.edited);
  const tags = new Set(existing?.tags ?? []);
  if (meta.source) tags.add(tagFor(meta.source));
  const savedAt = existing?.savedAt ?? now;
  return {
    ...meta,
    savedAt,
    updatedAt: now,
    sortTime: publicationMs(meta) ?? savedAt,
    tags: [...tags],
    read: existing?.read ?? false,
    ...(existing?.edited && { edited: existing.edited }),
  };
}

/**
 * Stores an article: one record per id, so saving again (or from the other
 * host) updates it. The user's tags and read state survive a re-save. The
 * row, its body and the derived groups and search index are written in one
 * transaction: never one without the others.
 */
export async function saveArticle(db: LibraryDb, article: Article, now: number): Promise<SaveOutcome> {
  const { html } = article;
  try {
    return await db.transaction('rw', [db.articles, db.bodies, ...derivedTables(db)], async () => {
      const existing = await db.articles.get(article.id);
      const record = recordFor(article, existing, now);
      await updateDerived(db, [{ id: article.id, record, html }], [existing]);
      await db.articles.put(record);
      await db.bodies.put({ id: article.id, html });
      return { ok: true as const, created: !existing, record };
    });
  } catch (error) {
    return storageFailure(error);
  }
}

/** What a write does to one article, for updateDerived. */
export interface ArticleChange {
  id: string;
  /** The row after the write; undefined when the article is deleted. */
  record?: ArticleRecord;
  /** The body after the write; undefined when the stored body stays. */
  html?: string;
}

/**
 * Updates the derived tables (groups, members, search index) for articles
 * about to be written. Call inside the rw transaction that writes them
 * (scope: articles, bodies and derivedTables(db)), BEFORE writing: it reads
 * what is stored to know what to undo. `stored` passes rows already read
 * (same order as `changes`). Each id at most once.
 */
export async function updateDerived(
  t: LibraryTables,
  changes: ArticleChange[],
  stored?: (ArticleRecord | undefined)[],
): Promise<void> {
  if (!changes.length) return;
  const before = stored ?? (await t.articles.bulkGet(changes.map((c) => c.id)));
  const existing = changes.flatMap((c, i) => (before[i] ? [c.id] : []));
  const oldBodies = await t.bodies.bulkGet(existing);
  const bodies = new Map(existing.map((id, i) => [id, oldBodies[i]?.html ?? '']));
  await updateGroups(t, changes.map((c, i) => ({ before: before[i], after: c.record })));
  await updateSearchIndex(
    t,
    changes.map((c, i) => {
      const old = before[i];
      const oldHtml = bodies.get(c.id);
      return {
        id: c.id,
        article: c.record,
        before: old && { title: old.title, html: oldHtml ?? '' },
        after: c.record && { title: c.record.title, html: c.html ?? oldHtml ?? '' },
      };
    }),
  );
}

/** Turns a refused write into a message a reader can act on. */
export function storageFailure(error: unknown): { ok: false; reason: StorageFailureReason; message: string } {
  const name = error instanceof Error ? error.name : '';
  // The library could not even be opened: a failed upgrade, which IndexedDB undid whole.
  const unopened = openFailureReason(error);
  if (unopened !== undefined) {
    return { ok: false, reason: 'upgrade', message: `The library could not be opened or upgraded; nothing was changed: ${unopened}` };
  }
  const inner = (error as { inner?: { name?: string } } | null)?.inner?.name ?? '';
  if (name === 'QuotaExceededError' || inner === 'QuotaExceededError' || name === Dexie.errnames.QuotaExceeded) {
    return {
      ok: false,
      reason: 'quota',
      message: 'The browser refused to store more data (storage is full). Nothing was changed; free some space and try again.',
    };
  }
  return {
    ok: false,
    reason: 'storage',
    message: `The library could not be written (${name || 'unknown error'}). Nothing was changed.`,
  };
}

const STORAGE_ERRORS = new Set<string>([...Object.values(Dexie.errnames), 'QuotaExceededError']);

/** Whether `error` came from IndexedDB or Dexie (as opposed to a bug in our own code). */
export function isStorageError(error: unknown): boolean {
  return error instanceof Error && STORAGE_ERRORS.has(error.name);
}

/**
 * Any error as the failure it is: its own reason when thrown with one
 * (ReasonedError), the library's when IndexedDB refused, else `unexpected`
 * (a bug, which the caller logs). Never renames one into another.
 */
export function failureOf(error: unknown): Failed {
  if (error instanceof ReasonedError) return { ok: false, reason: error.reason, message: error.message };
  if (isStorageError(error)) return storageFailure(error);
  return { ok: false, reason: 'unexpected', message: `Something went wrong: ${messageOf(error)}` };
}

export async function countArticles(db: LibraryDb): Promise<number> {
  return db.articles.count();
}

/** The stored record for a page, by its id or by its canonical address. */
export async function findSaved(db: LibraryDb, id: string, canonicalUrl?: string): Promise<ArticleRecord | undefined> {
  const byId = await db.articles.get(id);
  if (byId || !canonicalUrl) return byId;
  return db.articles.where('canonicalUrl').equals(canonicalUrl).first();
}

export async function getBody(db: LibraryDb, id: string): Promise<string | undefined> {
  return (await db.bodies.get(id))?.html;
}

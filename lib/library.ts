import { Dexie } from 'dexie';
import type { Article } from './article';
import type { LibraryDb } from './db';
import type { ArticleRecord } from './records';

/** The tag the blog gives every finews article: the source name plus 新闻. */
export function sourceTag(source: string): string {
  return `${source}新闻`;
}

export type SaveOutcome =
  | { ok: true; created: boolean; record: ArticleRecord }
  | { ok: false; reason: 'quota' | 'storage'; message: string };

/**
 * Stores an article: one record per id, so saving again (or from the other
 * host) updates it. The user's tags and read state survive a re-save. The
 * row and its body are written in one transaction: never one without the
 * other.
 */
export async function saveArticle(db: LibraryDb, article: Article, now: number): Promise<SaveOutcome> {
  const { html, ...meta } = article;
  try {
    return await db.transaction('rw', db.articles, db.bodies, async () => {
      const existing = await db.articles.get(article.id);
      const published = article.publishedAt ? Date.parse(article.publishedAt) : NaN;
      const tags = new Set(existing?.tags ?? []);
      if (article.source) tags.add(sourceTag(article.source));
      const record: ArticleRecord = {
        ...meta,
        savedAt: existing?.savedAt ?? now,
        updatedAt: now,
        sortTime: Number.isFinite(published) ? published : (existing?.savedAt ?? now),
        tags: [...tags],
        read: existing?.read ?? false,
      };
      await db.articles.put(record);
      await db.bodies.put({ id: article.id, html });
      return { ok: true as const, created: !existing, record };
    });
  } catch (error) {
    return storageFailure(error);
  }
}

/** Turns a refused write into a message a reader can act on. */
export function storageFailure(error: unknown): { ok: false; reason: 'quota' | 'storage'; message: string } {
  const name = error instanceof Error ? error.name : '';
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

/** Newest first by publication time; the id breaks ties so pages never shuffle. */
export async function listArticles(db: LibraryDb, offset = 0, limit = 50): Promise<ArticleRecord[]> {
  return db.articles.orderBy('[sortTime+id]').reverse().offset(offset).limit(limit).toArray();
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

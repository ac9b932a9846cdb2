/**
 * What the reader does with its article, without the page: opening it (and
 * marking it read), a change followed by the article as stored, export and
 * edit with their refusals in words, and the addresses of its neighbours.
 * Words come from the caller (`t` and a failure's reason in words), so this
 * runs in Node and is unit-tested.
 */
import { postOrRefusal } from '../export/one-post';
import type { Post } from '../export/post/post';
import type { EditRequest } from '../finews/edits';
import { failureOf, getBody } from '../library/articles';
import type { LibraryDb } from '../library/db';
import { storedImages } from '../library/images';
import type { ImageRecord } from '../library/records';
import { editArticle, EditError, setRead } from '../library/manage';
import { listRefParam, type ListRef } from '../library/neighbours';
import type { ArticleRecord } from '../library/records';
import type { PageWords } from '../words';

const EDIT_PROBLEM_KEYS = { title: 'editInvalidTitle', time: 'editInvalidTime', source: 'editInvalidSource' } as const;

export interface OpenedArticle {
  article: ArticleRecord;
  html: string;
  images: ImageRecord[];
}

/**
 * The article with its body and saved photos, or undefined when it is not
 * in the library. Opening reads it (unless `markRead` is off); a write that
 * fails (a full disk) must not keep the article from showing.
 */
export async function openArticle(db: LibraryDb, id: string, markRead: boolean): Promise<OpenedArticle | undefined> {
  const [article, html, images] = await Promise.all([db.articles.get(id), getBody(db, id), storedImages(db, id)]);
  if (!article) return undefined;
  if (!article.read && markRead) {
    await setRead(db, id, true).catch(() => undefined);
    article.read = (await db.articles.get(id))?.read ?? article.read;
  }
  return { article, html: html ?? '', images };
}

/** Runs a change, then reads the article as stored; a refused change comes back as its words. */
export async function changeArticle(db: LibraryDb, id: string, run: () => Promise<unknown>, words: PageWords): Promise<{ article?: ArticleRecord; failure?: string }> {
  try {
    await run();
    const article = await db.articles.get(id);
    return article ? { article } : {};
  } catch (error) {
    return { failure: words.reason(failureOf(error).reason) };
  }
}

/** The article's post, or the words for why there is none (no date at all; storage failed). */
export async function exportArticle(db: LibraryDb, article: ArticleRecord, { t, reason }: PageWords): Promise<{ post?: Post; failure?: string }> {
  try {
    const { post, undated } = await postOrRefusal(db, article.id);
    if (undated !== undefined) return { failure: t('exportUndatedOne', article.title) };
    return post ? { post } : {};
  } catch (error) {
    const failed = failureOf(error);
    if (failed.reason === 'unexpected') console.error('Finews Reader: export failed', error);
    return { failure: t('exportFailed', reason(failed.reason)) };
  }
}

/** Applies the reader's correction; the article as stored, or the words for what was refused. */
export async function editWithWords(db: LibraryDb, id: string, request: EditRequest, { t, reason }: PageWords, now = Date.now()): Promise<{ article?: ArticleRecord; failure?: string }> {
  try {
    return { article: await editArticle(db, id, request, now) };
  } catch (error) {
    if (error instanceof EditError) return { failure: t(EDIT_PROBLEM_KEYS[error.problem]) };
    return { failure: t('editFailed', reason(failureOf(error).reason)) };
  }
}

/** The reader's address for `id`, keeping the list it was opened from (for previous/next). */
export function readerHref(id: string, from?: ListRef): string {
  return `reader.html?id=${encodeURIComponent(id)}${from ? `&from=${encodeURIComponent(listRefParam(from))}` : ''}`;
}

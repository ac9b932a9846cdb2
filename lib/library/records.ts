import type { Article } from '../article';
import type { ArticleEdits } from '../finews/edits';

/**
 * What the library stores for one article, minus its body. Kept small:
 * lists and groups are drawn from these rows alone; bodies live apart.
 */
export interface ArticleRecord extends Omit<Article, 'html'> {
  /** Epoch ms of the first save; never changes on re-save. */
  savedAt: number;
  /** Epoch ms of the latest save. */
  updatedAt: number;
  /** Epoch ms used to order the library: publication time, else savedAt. */
  sortTime: number;
  /** `<source>新闻` for finews articles, plus the user's own. */
  tags: string[];
  read: boolean;
  /**
   * The user's corrections of title, time and source, already applied to
   * the fields above; kept so a re-save does not undo them. Absent when the
   * article is as the page gave it.
   */
  edited?: ArticleEdits;
}

/** A stored body, keyed like its article. */
export interface BodyRecord {
  id: string;
  html: string;
}

/** An image saved with its article so the reader works offline. */
export interface ImageRecord {
  articleId: string;
  url: string;
  type: string;
  blob: Blob;
}

/** One user setting, stored by name; values are plain JSON. */
export interface SettingRecord {
  key: string;
  value: unknown;
}

/**
 * One group of the popup's views, or the unread tally: how many articles it
 * has and the sortTime of its newest. Derived from the articles; every write
 * keeps it exact in the same transaction.
 */
export interface GroupRecord {
  /** `category`, `tag`, `unread` or `saved` (these two with key `''`). */
  kind: string;
  key: string;
  count: number;
  newest: number;
}

/**
 * An article's number in the search index, its place in time, and a copy of
 * its row, so results are served from the index without reading `articles`.
 */
export interface SearchDocRecord {
  doc: number;
  id: string;
  sortTime: number;
  article: ArticleRecord;
}

/**
 * The sortTimes of one chunk of doc numbers, in whole seconds + 1 (0 where no
 * article has the number): orders mid-sized result sets from a few rows.
 */
export interface SearchTimesRecord {
  chunk: number;
  seconds: Uint32Array;
}

/** Postings of the grams hashed to one bucket, for one chunk of doc numbers (encoded by lib/search.ts). */
export interface PostingBlock {
  bucket: number;
  chunk: number;
  data: Uint8Array;
}

/**
 * One row of sync's last-known state (lib/sync/state.ts owns the shape of
 * `value`): per remote shard its ETag and the content hash of each article
 * it held, and one row for the sync's own settings. Plain JSON.
 */
export interface SyncStateRecord {
  key: string;
  value: unknown;
}

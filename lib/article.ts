/**
 * The clean article the extractor produces and the library stores.
 * Plain data only: it crosses the message channel and lands in IndexedDB.
 */
export interface Article {
  /** Record key: the infoCode for finews articles, else the canonical URL. */
  id: string;
  /** Eastmoney's article code (`NW…` or the older all-digit form), when known. */
  infoCode?: string;
  /** The address the article was read from. */
  url: string;
  /**
   * One address per article: for finews articles always the mirror's share
   * page (`http://finews.zning.xyz/html_News/NewsShare.html?infoCode=…`),
   * whichever host it was read from; else `url` without fragment.
   */
  canonicalUrl: string;
  title: string;
  /** ISO 8601 with its offset, e.g. `2022-02-10T08:10:19+08:00`, when known. */
  publishedAt?: string;
  /** The news source (`定西日报`); the article's category. */
  source?: string;
  /** Host name of the page the article came from. */
  site: string;
  /** Sanitized clean body HTML. */
  html: string;
  /** Absolute URLs of the images the body shows, in order. */
  images: string[];
}

/**
 * Why an extraction produced no article; each has a user-facing message.
 * `extract-error`: the extractor itself broke on the page (logged), which is
 * not the page's verdict that it holds no article.
 */
export type ExtractFailure = 'not-article' | 'no-body' | 'too-large' | 'garbled' | 'extract-error';

export type ExtractResult =
  | { ok: true; article: Article }
  | { ok: false; reason: ExtractFailure; message: string };

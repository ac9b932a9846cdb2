/**
 * A library this large is worth warning about when the browser refused to
 * keep it (it may evict it when the disk fills): below it, the warning
 * would only worry a new user over a handful of articles.
 */
export const WARN_FROM_ARTICLES = 500;

/** Whether the popup warns that the library could be evicted (and offers a backup). */
export function warnAboutStorage(persistent: boolean | undefined, articles: number): boolean {
  return persistent === false && articles >= WARN_FROM_ARTICLES;
}

import type { ArticleRecord } from '../library/records';

/**
 * An article in both places: the newer `updatedAt` gives the fields (the
 * stored copy wins a tie), tags are united, read if either was read, saved
 * at the earlier time.
 */
export function mergeRecords(current: ArticleRecord, incoming: ArticleRecord): ArticleRecord {
  const [winner, other] = incoming.updatedAt > current.updatedAt ? [incoming, current] : [current, incoming];
  const savedAt = Math.min(current.savedAt, incoming.savedAt);
  const published = winner.publishedAt ? Date.parse(winner.publishedAt) : NaN;
  return {
    ...winner,
    tags: [...new Set([...winner.tags, ...other.tags])],
    read: current.read || incoming.read,
    savedAt,
    // Without a publication time an article sorts by its first save (as saveArticle does).
    sortTime: Number.isFinite(published) ? winner.sortTime : savedAt,
  };
}

/** Whether two rows hold the same fields (tags compared in order). */
export function sameRecord(a: ArticleRecord, b: ArticleRecord): boolean {
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  return [...keys].every((key) => {
    const x = a[key as keyof ArticleRecord];
    const y = b[key as keyof ArticleRecord];
    return Array.isArray(x) && Array.isArray(y) ? x.length === y.length && x.every((v, i) => v === y[i]) : x === y;
  });
}

import { newerEdits, withEdits } from '../finews/edits';
import { publicationMs } from '../finews/publication';
import { tagFor } from '../finews/source-tag';
import type { ArticleRecord } from '../library/records';

/**
 * An article in both places: the newer `updatedAt` gives the fields (the
 * stored copy wins a tie), the newest set of the user's edits over them,
 * tags united, read if either was read, saved at the earlier time.
 */
export function mergeRecords(current: ArticleRecord, incoming: ArticleRecord): ArticleRecord {
  const [winner, other] = incoming.updatedAt > current.updatedAt ? [incoming, current] : [current, incoming];
  const savedAt = Math.min(current.savedAt, incoming.savedAt);
  // The user's newest edits win over a newer save of the page, wherever each was made.
  const edited = newerEdits(current.edited, incoming.edited);
  const merged = withEdits(winner, edited);
  const tags = new Set([...winner.tags, ...other.tags]);
  if (edited?.source) tags.add(tagFor(edited.source));
  return {
    ...merged,
    tags: [...tags],
    read: current.read || incoming.read,
    savedAt,
    // Ordered as saveArticle orders: by publication, else by the first save.
    sortTime: publicationMs(merged) ?? savedAt,
    ...(edited && { edited }),
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

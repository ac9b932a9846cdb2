/**
 * The popup's lines made from the library's figures: counts, storage used,
 * search matches, the outcome of a save. Words come from the caller's `t`
 * (lib/platform/i18n in the extension, a stand-in in tests), so this runs
 * in plain Node.
 */
import type { FailureReason } from '../errors';
import type { LibraryStats } from '../library/manage';
import type { Interrupted, SaveTabOutcome } from '../protocol/messages';
import type { Words } from '../words';


/** Storage use as people read it: whole kilobytes below a megabyte, one decimal above. */
export function formatBytes(bytes: number): string {
  if (bytes < 1024 * 1024) return `${Math.max(1, Math.round(bytes / 1024))} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

/** The footer's line: how many articles, how many unread, storage used when the browser says. */
export function statsLine(stats: LibraryStats, t: Words): string {
  // Chrome's messages have no plurals: "1 article" is a message of its own.
  const count = stats.articles === 1 ? t('articleCountOne') : t('articleCountMany', String(stats.articles));
  return stats.bytes === undefined
    ? t('statsLineNoSize', count, String(stats.unread))
    : t('statsLine', count, String(stats.unread), formatBytes(stats.bytes));
}

/** What the search found, for the line above its results. */
export interface SearchFound {
  shown: number;
  /** Matches in all; an upper bound unless `exact`. */
  count: number;
  exact: boolean;
}

/** The line above the results: none, all N, or N in all with the newest shown. */
export function searchCountLine(found: SearchFound, t: Words): string {
  if (!found.shown) return t('searchNone');
  if (found.shown >= found.count) return t('searchResults', String(found.shown));
  return t(found.exact ? 'searchResultsOf' : 'searchResultsAbout', String(found.count), String(found.shown));
}

/** A failure worth saying in the popup: a library that could not be opened is said once, in its place. */
export function shownFailure(reason: FailureReason): FailureReason | undefined {
  return reason === 'upgrade' ? undefined : reason;
}

/** The line after a save, and whether photos were left out for want of access (then the popup offers to allow them). */
export function saveLine(
  outcome: SaveTabOutcome | Interrupted,
  t: Words,
  failureWords: (reason: FailureReason) => string,
): { kind: 'info' | 'error'; text: string; photosWithoutAccess?: number } {
  if (!outcome.ok) return { kind: 'error', text: failureWords(outcome.reason) };
  const saved = t(outcome.created ? 'savedNew' : 'savedAgain', outcome.record.title);
  if (!outcome.photosWithoutAccess) return { kind: 'info', text: saved };
  return {
    kind: 'info',
    text: `${saved} ${t('photosNeedAccess', String(outcome.photosWithoutAccess))}`,
    photosWithoutAccess: outcome.photosWithoutAccess,
  };
}

/** What the popup shows, as one value: PopupLibrary (popup-library.ts) makes a new one on every change. */
import type { FailureReason } from '../errors';
import type { Group, GroupKind } from '../library/groups';
import type { Deleted, LibraryStats } from '../library/manage';
import type { ArticleRecord } from '../library/records';
import type { SearchFound } from './words';

/** The popup's views: recently saved (flat, the default), or grouped. */
export type ViewKind = 'recent' | GroupKind;

export const RECENT_PER_LOAD = 30;
/** Search results shown at first, and added by each "more". */
export const RESULTS_PER_LOAD = 50;

/** A kept view name, read back; anything else is the default. */
export function viewFromStored(kept: string | null | undefined): ViewKind {
  return kept === 'tag' || kept === 'category' ? kept : 'recent';
}

export interface PopupState {
  view: ViewKind;
  /** Recently saved, newest save first, as far as loaded. */
  recent: ArticleRecord[];
  groups: Group[];
  /** Loaded articles of the open groups; a group absent here is closed. */
  open: ReadonlyMap<string, ArticleRecord[]>;
  query: string;
  /** Search results; undefined while the box is empty. */
  results?: ArticleRecord[];
  /** How many the search found, beside how many are shown. */
  found?: SearchFound;
  /** The selection mode is on: rows show checkboxes, the footer exports the chosen. */
  selecting: boolean;
  selected: ReadonlySet<string>;
  /** The last delete, for undo. */
  deleted?: Deleted;
  stats?: LibraryStats;
  /** Why the last read or change failed (a failed upgrade is said elsewhere). */
  failure?: FailureReason;
  /** The article just saved, highlighted. */
  highlight?: string;
  /** The reader's slugs for sources, for the groups' hooks. */
  slugOverrides: Record<string, string>;
}

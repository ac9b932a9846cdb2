/** Which groups of a grouped view stay open as the library changes. */
import type { Group } from '../library/groups';
import type { ArticleRecord } from '../library/records';

/** The newest groups open at once, so the newest articles are in view. */
export const OPEN_AT_START = 3;
export const GROUP_PAGE = 20;

/** Groups that were open when a delete emptied them, with how many articles they showed. */
export type Emptied = Map<string, number>;

/**
 * The groups to load after a change, each with how many articles to load:
 * at start the newest OPEN_AT_START; afterwards every group open before
 * (as many as it showed, at least a page) and every group a delete emptied,
 * once it has articles again (an undo brings it back open). A group that is
 * gone is remembered in `emptied` (changed in place) until it returns.
 */
export function keptOpen(
  groups: readonly Group[],
  open: ReadonlyMap<string, readonly ArticleRecord[]>,
  emptied: Emptied,
  atStart: boolean,
): [key: string, count: number][] {
  const wanted: [string, number][] = atStart
    ? groups.slice(0, OPEN_AT_START).map((g) => [g.key, GROUP_PAGE])
    : [...[...open].map(([key, items]) => [key, Math.max(items.length, GROUP_PAGE)] as [string, number]), ...emptied];
  const present = new Set(groups.map((g) => g.key));
  const load: [string, number][] = [];
  for (const [key, count] of wanted) {
    if (present.has(key)) {
      load.push([key, count]);
      emptied.delete(key);
    } else emptied.set(key, count);
  }
  return load;
}

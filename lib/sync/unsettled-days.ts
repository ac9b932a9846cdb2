/**
 * Days whose post-name clashes a sync may have changed without settling
 * them yet (post-names.ts, folder-posts.ts `settleClashes`). A sync settles
 * clashes once every shard is done, and only for the days it touched; one
 * that fails or is stopped after writing shards would leave a group it
 * changed unsettled (a post missing under its new name) until a later sync
 * happened to touch that day. So the days are written down, in a row of the
 * sync state, before the first write that can change their clashes, and the
 * next sync loads them and settles them whatever it touches; the row goes
 * once a sync has settled them, in the transaction that records the result.
 */
import type { LibraryDb } from '../library/db';
import type { PostNames } from './post-names';
import { saveMeta, type SyncMeta } from './state';

const ROW = 'unsettled';
/** Every day: a sync that reads the whole library may change any clash. */
const ALL = '*';

export class UnsettledDays {
  private readonly marked = new Set<string>();

  constructor(private readonly db: LibraryDb) {}

  /** Loads into `names` the days an earlier sync left unsettled, so this one settles them. */
  async carryOver(names: PostNames): Promise<void> {
    const days = ((await this.db.syncState.get(ROW))?.value ?? []) as string[];
    if (!days.length) return;
    for (const day of days) this.marked.add(day);
    await names.ensure(days.includes(ALL) ? undefined : days);
  }

  /** Before a shard's writes: the days of these post names (or, with `all`, every day) may see their clashes change. */
  async mark(postNames: (string | undefined)[], all: boolean): Promise<void> {
    const named = [...new Set(postNames.flatMap((name) => (name ? [name.slice(0, 10)] : [])))];
    if (this.marked.has(ALL) || !named.length) return;
    const days = all ? [ALL] : named.filter((day) => !this.marked.has(day));
    if (!days.length) return;
    for (const day of days) this.marked.add(day);
    await this.db.transaction('rw', this.db.syncState, async () => {
      const before = ((await this.db.syncState.get(ROW))?.value ?? []) as string[];
      await this.db.syncState.put({ key: ROW, value: [...new Set([...before, ...days])] });
    });
  }

  /** Once `settleClashes` ran: its result (in `meta`) recorded and the days cleared, together. */
  async settled(meta: SyncMeta): Promise<void> {
    if (!this.marked.size) return;
    await this.db.transaction('rw', this.db.syncState, async () => {
      await saveMeta(this.db, meta);
      await this.db.syncState.delete(ROW);
    });
    this.marked.clear();
  }
}

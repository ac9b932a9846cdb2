/**
 * The per-shard merge: from the remote shard as it is now, the shard as this
 * browser last knew it, and the library's articles of that shard, what the
 * shard must become and what the library must take. Pure: no I/O.
 *
 * The rule, the same on every side (README "Sync (WebDAV)"):
 * - Only one side changed an article since the last sync: that side's copy.
 * - Both changed it: mergeRecords, as restore merges (newest updatedAt gives
 *   the fields, the newest set of the user's edits over them, tags united,
 *   read stays read); on equal updatedAt the copy whose hash sorts higher
 *   counts as the newer, so both browsers pick the same one. The body goes
 *   with the copy that gave the fields.
 * - A deletion wins over changes made concurrently, unless the article was
 *   saved or edited (updatedAt) after the deletion.
 * - The shard on the server is the commit point: it is written conditionally,
 *   so whoever syncs second sees the first one's shard and merges with it.
 */
import { mergeRecords } from '../backup/merge';
import type { ArticleRecord } from '../library/records';
import type { Incoming, Removal } from './apply';
import { recordHash, type Shard, type ShardArticle } from './shard';
import type { KnownShard } from './state';

export interface LocalArticle {
  /**
   * The library's row; absent for one the change log does not name, which is
   * as sync recorded it (`hash` is the recorded one): the plan reads it only
   * to push it again, into a shard that lost it.
   */
  record?: ArticleRecord;
  hash: string;
}

/** What the plan reads from the library: the body of each pushed article, and rows it was not given. */
export interface LibraryReads {
  bodies(ids: string[]): Promise<string[]>;
  records(ids: string[]): Promise<(ArticleRecord | undefined)[]>;
}

export interface ShardPlan {
  next: Shard;
  /** The remote shard must be rewritten. */
  write: boolean;
  pulls: Incoming[];
  removals: Removal[];
  /** Articles this browser writes to the shard (their posts are written too), with the copy the shard held before. */
  pushed: { id: string; previous?: ArticleRecord }[];
  /** Articles this browser deletes from the folder, with the copy the shard held (its post goes too). */
  tombstoned: { id: string; previous?: ArticleRecord }[];
  conflicts: number;
}

export async function planShard(remote: Shard, known: KnownShard | undefined, local: Map<string, LocalArticle>, library: LibraryReads, now: number): Promise<ShardPlan> {
  const plan: ShardPlan = {
    next: { articles: new Map(), deleted: new Map() },
    write: false,
    pulls: [],
    removals: [],
    pushed: [],
    tombstoned: [],
    conflicts: 0,
  };
  const wantBody: { id: string; record?: ArticleRecord; hash: string }[] = [];
  const push = (id: string, l: LocalArticle, previous?: ArticleRecord) => {
    wantBody.push({ id, ...(l.record && { record: l.record }), hash: l.hash });
    plan.pushed.push({ id, ...(previous && { previous }) });
    plan.write = true;
  };
  // A row changed here since the last sync is always given (local-changes.ts).
  const row = (l: LocalArticle) => l.record!;
  const keep = (id: string, r: ShardArticle) => plan.next.articles.set(id, r);

  const ids = new Set([...remote.articles.keys(), ...remote.deleted.keys(), ...Object.keys(known?.hashes ?? {}), ...local.keys()]);
  for (const id of [...ids].sort()) {
    const r = remote.articles.get(id);
    const gone = remote.deleted.get(id);
    const k = known?.hashes[id];
    const l = local.get(id);
    if (l) {
      const localChanged = l.hash !== k;
      if (r) {
        if (l.hash === r.hash) keep(id, r);
        else if (!localChanged) {
          keep(id, r);
          plan.pulls.push({ record: r.record, html: r.html, expected: l.hash });
        } else if (r.hash === k) push(id, l, r.record);
        else {
          plan.conflicts++;
          const mine = { record: row(l), hash: l.hash };
          const [first, second] = mine.hash > r.hash ? [mine, r] : [r, mine];
          const merged = mergeRecords(first.record, second.record);
          const hash = recordHash(merged);
          // The body of the copy whose fields won (mergeRecords keeps `first` on a tie).
          const fromRemote = (second.record.updatedAt > first.record.updatedAt ? second : first) === r;
          if (hash === r.hash) keep(id, r);
          else if (fromRemote) {
            plan.next.articles.set(id, { record: merged, html: r.html, hash });
            plan.write = true;
            plan.pushed.push({ id, previous: r.record });
          } else push(id, { record: merged, hash }, r.record);
          if (hash !== l.hash) plan.pulls.push({ record: merged, html: fromRemote ? r.html : '', expected: l.hash, keepBody: !fromRemote });
        }
      } else if (gone !== undefined) {
        if (localChanged && row(l).updatedAt > gone) push(id, l);
        else {
          plan.next.deleted.set(id, gone);
          plan.removals.push({ id, expected: l.hash });
        }
      } else push(id, l);
    } else if (k !== undefined) {
      // Deleted here since the last sync.
      if (gone !== undefined) plan.next.deleted.set(id, gone);
      else {
        plan.next.deleted.set(id, now);
        plan.tombstoned.push({ id, ...(r && { previous: r.record }) });
        plan.write = true;
      }
    } else if (r) {
      keep(id, r);
      plan.pulls.push({ record: r.record, html: r.html });
    } else if (gone !== undefined) plan.next.deleted.set(id, gone);
  }
  const unread = wantBody.filter((w) => !w.record);
  const rows = await library.records(unread.map((w) => w.id));
  unread.forEach((w, i) => {
    const record = rows[i];
    if (record) Object.assign(w, { record, hash: recordHash(record) });
  });
  // A row deleted since the sync began (the log has it for the next sync) is not pushed.
  const gone = new Set(unread.filter((w) => !w.record).map((w) => w.id));
  plan.pushed = plan.pushed.filter((p) => !gone.has(p.id));
  const pushing = wantBody.filter((w) => !gone.has(w.id));
  const htmls = await library.bodies(pushing.map((w) => w.id));
  pushing.forEach((w, i) => plan.next.articles.set(w.id, { record: w.record!, html: htmls[i] ?? '', hash: w.hash }));
  return plan;
}

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
  record: ArticleRecord;
  hash: string;
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

/** `bodies` gives the library's body of each pushed article. */
export async function planShard(
  remote: Shard,
  known: KnownShard | undefined,
  local: Map<string, LocalArticle>,
  bodies: (ids: string[]) => Promise<string[]>,
  now: number,
): Promise<ShardPlan> {
  const plan: ShardPlan = {
    next: { articles: new Map(), deleted: new Map() },
    write: false,
    pulls: [],
    removals: [],
    pushed: [],
    tombstoned: [],
    conflicts: 0,
  };
  const wantBody: { id: string; record: ArticleRecord; hash: string }[] = [];
  const push = (l: LocalArticle, previous?: ArticleRecord) => {
    wantBody.push({ id: l.record.id, record: l.record, hash: l.hash });
    plan.pushed.push({ id: l.record.id, ...(previous && { previous }) });
    plan.write = true;
  };
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
        } else if (r.hash === k) push(l, r.record);
        else {
          plan.conflicts++;
          const [first, second] = l.hash > r.hash ? [l, r] : [r, l];
          const merged = mergeRecords(first.record, second.record);
          const hash = recordHash(merged);
          // The body of the copy whose fields won (mergeRecords keeps `first` on a tie).
          const fromRemote = (second.record.updatedAt > first.record.updatedAt ? second : first) === r;
          if (hash === r.hash) keep(id, r);
          else if (fromRemote) {
            plan.next.articles.set(id, { record: merged, html: r.html, hash });
            plan.write = true;
            plan.pushed.push({ id, previous: r.record });
          } else push({ record: merged, hash }, r.record);
          if (hash !== l.hash) plan.pulls.push({ record: merged, html: fromRemote ? r.html : '', expected: l.hash, keepBody: !fromRemote });
        }
      } else if (gone !== undefined) {
        if (localChanged && l.record.updatedAt > gone) push(l);
        else {
          plan.next.deleted.set(id, gone);
          plan.removals.push({ id, expected: l.hash });
        }
      } else push(l);
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
  const htmls = await bodies(wantBody.map((w) => w.id));
  wantBody.forEach((w, i) => plan.next.articles.set(w.id, { record: w.record, html: htmls[i] ?? '', hash: w.hash }));
  return plan;
}

/**
 * The folder's `_posts/`, as the engine keeps it: each article pushed gets
 * its post written (exactly `postFor` with the folder's post settings,
 * post-settings.ts, under the name post-names.ts gives it), and the post of
 * a deleted article, or the old name of one whose date or title moved it, is
 * deleted, never a name another article's post has. Posts are derived: the
 * shards are the truth.
 */
import { markdownBodyWithoutDom } from '../export/post/markdown-without-dom';
import { postAround, postBody, type ExportSettings } from '../export/post/post';
import type { LibraryDb } from '../library/db';
import type { ArticleRecord } from '../library/records';
import { POSTS_DIR } from './layout';
import type { ShardPlan } from './plan';
import type { PostNames } from './post-names';
import type { SyncStore } from './store';

const PUT_POOL = 4;

export async function writePosts(
  store: SyncStore,
  records: ArticleRecord[],
  html: (id: string) => string,
  settings: ExportSettings,
  names: PostNames,
): Promise<void> {
  await inPool(records, PUT_POOL, async (record) => {
    const post = postOf(record, html(record.id), settings);
    const name = names.nameOf(record);
    if (post && name) await store.put(`${POSTS_DIR}/${name}`, post.content);
  });
}

/**
 * The post `postFor` writes, made without a DOM as the export's worker makes
 * it (domino instead of DOMParser), so a sync can run in the MV3 service
 * worker. Undefined for an article with no date (the export leaves it out too).
 */
function postOf(record: ArticleRecord, html: string, settings: ExportSettings) {
  try {
    const body = settings.bodyFormat === 'html' ? postBody(html, 'html') : markdownBodyWithoutDom(html);
    return postAround(record, body, settings);
  } catch {
    return undefined;
  }
}

/** Posts of deleted articles, and old names of articles whose date or title moved them; never another article's post. */
export async function deleteStalePosts(store: SyncStore, plan: ShardPlan, names: PostNames): Promise<void> {
  const stale: string[] = [];
  for (const { id, previous } of plan.pushed) {
    const before = previous && names.nameOf(previous);
    const next = plan.next.articles.get(id)?.record;
    if (before && before !== (next && names.nameOf(next)) && !names.ownedByOther(before, id)) stale.push(before);
  }
  for (const { id, previous } of plan.tombstoned) {
    const before = previous && names.nameOf(previous);
    if (before && !names.ownedByOther(before, id)) stale.push(before);
  }
  for (const name of stale) await store.delete(`${POSTS_DIR}/${name}`);
}

/**
 * Rewrites the posts of each clash group that changed since this browser
 * last settled them (an article joined or left it, so names moved), and
 * deletes the names that no article has any more. Returns the groups as
 * settled now (SyncMeta.clashes).
 */
export async function settleClashes(
  db: LibraryDb,
  store: SyncStore,
  names: PostNames,
  settled: Record<string, [string, string][]>,
  settings: ExportSettings,
): Promise<Record<string, [string, string][]>> {
  // Groups of days this sync did not touch stand as settled (names holds only the days it touched).
  const [untouched, touched] = [settled, names.clashes()].map((groups, i) => Object.entries(groups).filter(([key]) => names.covers(key) === (i === 1)));
  const now = Object.fromEntries([...untouched!, ...touched!]);
  const rewrite = new Set<string>();
  const gone = new Set<string>();
  const kept = new Set<string>();
  for (const key of new Set([...Object.keys(settled), ...Object.keys(now)])) {
    if (!names.covers(key)) continue;
    const before = settled[key] ?? [];
    const after = names.group(key);
    if (JSON.stringify(before) === JSON.stringify(now[key] ?? [])) continue;
    for (const [id, name] of after) {
      rewrite.add(id);
      kept.add(name);
    }
    for (const [, name] of before) gone.add(name);
  }
  if (!rewrite.size && !gone.size) return now;
  const ids = [...rewrite];
  const [records, bodies] = await Promise.all([db.articles.bulkGet(ids), db.bodies.bulkGet(ids)]);
  const html = new Map(ids.map((id, i) => [id, bodies[i]?.html ?? '']));
  await writePosts(store, records.filter((r): r is ArticleRecord => r !== undefined), (id) => html.get(id)!, settings, names);
  for (const name of gone) if (!kept.has(name)) await store.delete(`${POSTS_DIR}/${name}`);
  return now;
}

/** Runs `task` over `items`, at most `size` at once. */
async function inPool<T>(items: T[], size: number, task: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  let failed = false;
  const worker = async () => {
    while (!failed && next < items.length) {
      try {
        await task(items[next++]!);
      } catch (error) {
        failed = true;
        throw error;
      }
    }
  };
  // On a failure no new task starts, and the sync ends only once the uploads
  // already under way have: a sync started right after must not meet them
  // (rclone answers 423 to a PUT on a file another PUT is still writing).
  const results = await Promise.allSettled(Array.from({ length: Math.min(size, items.length) }, worker));
  const rejected = results.find((result) => result.status === 'rejected');
  if (rejected) throw rejected.reason;
}


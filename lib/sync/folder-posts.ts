/**
 * The folder's `_posts/`, as the engine keeps it: each article pushed gets
 * its post written (exactly `postFor` with this browser's settings), and the
 * post of a deleted article, or the old name of one whose date or title
 * moved it, is deleted. Posts are derived: the shards are the truth.
 */
import { markdownBodyWithoutDom } from '../export/post/markdown-without-dom';
import { postAround, postBody, type ExportSettings } from '../export/post/post';
import type { ArticleRecord } from '../library/records';
import { POSTS_DIR } from './layout';
import type { ShardPlan } from './plan';
import type { SyncStore } from './store';

const PUT_POOL = 4;

export async function writePosts(store: SyncStore, records: ArticleRecord[], html: (id: string) => string, settings: ExportSettings): Promise<void> {
  await inPool(records, PUT_POOL, async (record) => {
    const post = postOf(record, html(record.id), settings);
    if (post) await store.put(`${POSTS_DIR}/${post.fileName}`, post.content);
  });
}

/** The post, or undefined for an article with no date (the export leaves it out too). */
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

function fileNameOf(record: ArticleRecord | undefined, settings: ExportSettings): string | undefined {
  if (!record) return undefined;
  try {
    return postAround(record, '', settings).fileName;
  } catch {
    return undefined;
  }
}

/** Posts of deleted articles, and old names of articles whose date or title moved them. */
export async function deleteStalePosts(store: SyncStore, plan: ShardPlan, settings: ExportSettings): Promise<void> {
  const stale: string[] = [];
  for (const { id, previous } of plan.pushed) {
    const before = fileNameOf(previous, settings);
    if (before && before !== fileNameOf(plan.next.articles.get(id)?.record, settings)) stale.push(before);
  }
  for (const { previous } of plan.tombstoned) {
    const before = fileNameOf(previous, settings);
    if (before) stale.push(before);
  }
  for (const name of stale) await store.delete(`${POSTS_DIR}/${name}`);
}

/** Runs `task` over `items`, at most `size` at once. */
async function inPool<T>(items: T[], size: number, task: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) await task(items[next++]!);
  };
  await Promise.all(Array.from({ length: Math.min(size, items.length) }, worker));
}


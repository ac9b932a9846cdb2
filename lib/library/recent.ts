import { Dexie, type IndexableTypeArrayReadonly } from 'dexie';
import type { LibraryHandle } from './tables';
import { groupCount, groupsOf, listGroupArticles, savedKey } from './groups';
import type { ArticleRecord } from './records';

/**
 * The popup's "recently saved" list: every article, its latest save first.
 * The `saved` members (groups.ts) keep it as one key range, so a page of
 * it costs the same at 50,000 articles as at 10.
 */
export function listRecent(db: LibraryHandle, offset: number, limit: number): Promise<ArticleRecord[]> {
  return listGroupArticles(db, 'saved', '', offset, limit);
}

const PAGE = 2048;

/**
 * Libraries written before the list existed have no `saved` members: builds
 * them once, from the article rows, when their count is not the library's.
 * Returns whether it had to. Articles are read a page at a time.
 * The library's count is the sum of its categories' (every article is in
 * exactly one), a few hundred rows: the popup checks this before its first
 * list, and Chromium's `articles.count()` walks every row (75 ms at 50,000
 * articles, against 0.5 ms at 10).
 */
export async function ensureRecent(db: LibraryHandle): Promise<boolean> {
  const [listed, categories] = await Promise.all([groupCount(db, 'saved', ''), groupsOf(db, 'category')]);
  const total = categories.reduce((sum, group) => sum + group.count, 0);
  if (listed === total) return false;
  await db.transaction('rw', db.articles, db.members, db.groups, async () => {
    await db.members.where(':id').between(['saved', ''], ['saved', '', Dexie.maxKey], true, true).delete();
    let count = 0;
    let newest = -Infinity;
    let after: string | undefined;
    for (;;) {
      const rows = await (after === undefined ? db.articles.orderBy(':id') : db.articles.where(':id').above(after)).limit(PAGE).toArray();
      if (!rows.length) break;
      const keys = rows.map(savedKey);
      await db.members.bulkPut(keys.map(() => 1), keys as unknown as IndexableTypeArrayReadonly);
      count += keys.length;
      for (const key of keys) newest = Math.max(newest, key[2]);
      after = rows.at(-1)!.id;
    }
    if (count) await db.groups.put({ kind: 'saved', key: '', count, newest });
    else await db.groups.delete(['saved', '']);
  });
  return true;
}

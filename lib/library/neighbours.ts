import { Dexie } from 'dexie';
import { savedKey, type MemberKind } from './groups';
import type { ArticleRecord } from './records';
import type { LibraryHandle, MemberKey } from './tables';

/**
 * The list an article was opened from, so the reader's previous/next walk
 * that list in the order the popup drew it: recently saved (`saved`), or
 * one group of a view.
 */
export interface ListRef {
  kind: Extract<MemberKind, 'saved' | 'category' | 'tag'>;
  key: string;
}

/** The list as a URL parameter: `saved:`, `category:<source>`, `tag:<tag>`. */
export function listRefParam(ref: ListRef): string {
  return `${ref.kind}:${ref.key}`;
}

export function parseListRef(param: string | null): ListRef | undefined {
  const match = /^(saved|category|tag):(.*)$/s.exec(param ?? '');
  return match ? { kind: match[1] as ListRef['kind'], key: match[2]! } : undefined;
}

/** The article's place in the list: its member key there. */
function placeOf(ref: ListRef, record: ArticleRecord): MemberKey {
  return ref.kind === 'saved' ? savedKey(record) : [ref.kind, ref.key, record.sortTime, record.id];
}

/**
 * The articles drawn just above (`previous`, newer) and below (`next`,
 * older) `record` in the list; each one key lookup, whatever the list's size.
 */
export async function neighbours(db: LibraryHandle, ref: ListRef, record: ArticleRecord): Promise<{ previous?: ArticleRecord; next?: ArticleRecord }> {
  const at = placeOf(ref, record);
  return db.transaction('r', db.members, db.articles, async () => {
    const [newer] = await db.members.where(':id').between(at, [ref.kind, ref.key, Dexie.maxKey], false, true).limit(1).primaryKeys();
    const [older] = await db.members.where(':id').between([ref.kind, ref.key], at, true, false).reverse().limit(1).primaryKeys();
    const [previous, next] = await db.articles.bulkGet([newer?.[3] ?? '', older?.[3] ?? '']);
    return { previous: newer ? previous : undefined, next: older ? next : undefined };
  });
}

import type { LibraryDb } from '../library/db';
import { listGroupArticles } from '../library/groups';

/** Group members read per request when collecting a group's ids. */
const GROUP_PAGE = 5_000;

/** What an export covers: the whole library, chosen articles, or one group. */
export type ExportScope =
  | { kind: 'all' }
  | { kind: 'ids'; ids: string[] }
  | { kind: 'category'; source: string }
  | { kind: 'tag'; tag: string };

/** The ids a scope covers; undefined means the whole library. */
export async function idsInScope(db: LibraryDb, scope: ExportScope): Promise<string[] | undefined> {
  switch (scope.kind) {
    case 'all':
      return undefined;
    case 'ids':
      return scope.ids;
    case 'category':
    case 'tag': {
      // A category is the source, or the site for pages without one: the groups know which.
      const kind = scope.kind;
      const key = scope.kind === 'category' ? scope.source : scope.tag;
      // In pages: IndexedDB refuses a count beyond 2^32 - 1, and a page keeps memory small.
      const ids: string[] = [];
      for (;;) {
        const page = await listGroupArticles(db, kind, key, ids.length, GROUP_PAGE);
        ids.push(...page.map((record) => record.id));
        if (page.length < GROUP_PAGE) return ids;
      }
    }
  }
}

/** A scope as URL query parameters (the export page is opened with them), and back. */
export function scopeToQuery(scope: ExportScope): string {
  const params = new URLSearchParams();
  if (scope.kind === 'ids') for (const id of scope.ids) params.append('id', id);
  else if (scope.kind === 'category') params.set('category', scope.source);
  else if (scope.kind === 'tag') params.set('tag', scope.tag);
  else params.set('all', '1');
  return params.toString();
}

export function scopeFromQuery(search: string): ExportScope {
  const params = new URLSearchParams(search);
  const ids = params.getAll('id');
  if (ids.length) return { kind: 'ids', ids };
  const category = params.get('category');
  if (category !== null) return { kind: 'category', source: category };
  const tag = params.get('tag');
  if (tag !== null) return { kind: 'tag', tag };
  return { kind: 'all' };
}

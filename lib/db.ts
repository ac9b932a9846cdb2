import { Dexie, type DexieOptions, type EntityTable } from 'dexie';
import type { ArticleRecord, BodyRecord } from './records';

export const DB_NAME = 'finews-library';

/**
 * The one place that knows the library's IndexedDB schema. Every change is a
 * new `version(n)` with an upgrade, tested in tests/unit/db.test.ts; old
 * versions stay declared so any earlier library opens.
 *
 * Indexes only on what is queried: article rows are ordered by
 * `[sortTime+id]` (the id breaks ties between rows saved in the same
 * millisecond) and looked up by `canonicalUrl`; bodies are never indexed.
 */
export class LibraryDb extends Dexie {
  articles!: EntityTable<ArticleRecord, 'id'>;
  bodies!: EntityTable<BodyRecord, 'id'>;

  constructor(name: string = DB_NAME, options?: DexieOptions) {
    super(name, options);
    this.version(1).stores({
      articles: 'id, [sortTime+id], canonicalUrl, source, *tags',
      bodies: 'id',
    });
  }
}

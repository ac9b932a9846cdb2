import { Dexie, type DexieOptions, type EntityTable, type Table } from 'dexie';
import type { ArticleRecord, BodyRecord, ImageRecord, SettingRecord } from './records';

export const DB_NAME = 'finews-library';

/**
 * The one place that knows the library's IndexedDB schema. Every change is a
 * new `version(n)` with an upgrade, tested in tests/unit/db.test.ts; old
 * versions stay declared so any earlier library opens.
 *
 * Indexes only on what is queried: article rows are ordered by
 * `[sortTime+id]` (the id breaks ties between rows saved in the same
 * millisecond) and looked up by `canonicalUrl`; bodies are never indexed.
 * Settings live here too (not in `storage`): no extra permission, and a
 * backup of the database carries them.
 */
export class LibraryDb extends Dexie {
  articles!: EntityTable<ArticleRecord, 'id'>;
  bodies!: EntityTable<BodyRecord, 'id'>;
  images!: Table<ImageRecord, [string, string]>;
  settings!: EntityTable<SettingRecord, 'key'>;

  constructor(name: string = DB_NAME, options?: DexieOptions) {
    super(name, options);
    this.version(1).stores({
      articles: 'id, [sortTime+id], canonicalUrl, source, *tags',
      bodies: 'id',
      // One row per image of an article; an image shared by two articles is stored for each.
      images: '[articleId+url], articleId',
      settings: 'key',
    });
  }
}

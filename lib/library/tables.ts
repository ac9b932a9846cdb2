import type { Dexie, EntityTable, Table } from 'dexie';
import type {
  ArticleRecord,
  BodyRecord,
  GroupRecord,
  ImageRecord,
  PostingBlock,
  SearchDocRecord,
  SearchTimesRecord,
  SettingRecord,
} from './records';

/*
 * The library's tables as types, apart from the schema (db.ts): the modules
 * that keep the derived tables (groups, search) read and write these, and
 * db.ts calls them to build those tables on upgrade, so they must not import
 * db.ts back.
 */

/** A group member: the group (kind and key), then the article's place in time. */
export type MemberKey = [kind: string, key: string, sortTime: number, id: string];

/**
 * The library's tables, whether reached through a LibraryDb or through an
 * upgrade transaction (where the db object itself must not be used).
 */
export interface LibraryTables {
  articles: EntityTable<ArticleRecord, 'id'>;
  bodies: EntityTable<BodyRecord, 'id'>;
  images: Table<ImageRecord, [string, string]>;
  settings: EntityTable<SettingRecord, 'key'>;
  groups: Table<GroupRecord, [string, string]>;
  /** Keys only (values are 1): outbound keys keep a member to one key. */
  members: Table<number, MemberKey>;
  searchDocs: EntityTable<SearchDocRecord, 'doc'>;
  searchTimes: EntityTable<SearchTimesRecord, 'chunk'>;
  postings: Table<PostingBlock, [number, number]>;
}

/**
 * An open library as a query sees it: its tables and Dexie's transactions.
 * LibraryDb (db.ts) is one; code the schema's upgrade imports takes this
 * type instead of LibraryDb.
 */
export type LibraryHandle = Dexie & LibraryTables;

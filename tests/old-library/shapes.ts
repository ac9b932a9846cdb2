/**
 * The IndexedDB shape of each schema version the extension has shipped, as
 * the browser holds it: object stores, key paths and indexes, and the
 * native version number (Dexie's version × 10). Written out by hand so that
 * the seeder (write-raw.ts) recreates an old library without the current
 * code; tests/unit/db-migrations-old-libraries.test.ts checks each shape
 * against what Dexie itself creates from that version's declaration.
 *
 * A new schema version adds an entry here (and its Dexie declaration below),
 * and its rows to rows.ts if they changed: the unit test fails until it has.
 */

export interface RawIndex {
  name: string;
  keyPath: string | string[];
  unique: boolean;
  multiEntry: boolean;
}

export interface RawStore {
  name: string;
  /** null: keys are given apart from the values (out-of-line). */
  keyPath: string | string[] | null;
  autoIncrement: boolean;
  indexes: RawIndex[];
}

export interface RawShape {
  /** The native IndexedDB version. */
  version: number;
  stores: RawStore[];
}

const plain = (name: string, keyPath: string | string[], indexes: RawIndex[] = []): RawStore => ({
  name,
  keyPath,
  autoIncrement: false,
  indexes,
});
const index = (name: string, keyPath: string | string[], options: { unique?: boolean; multiEntry?: boolean } = {}): RawIndex => ({
  name,
  keyPath,
  unique: options.unique ?? false,
  multiEntry: options.multiEntry ?? false,
});

/** Version 1 (the first commits, 5dc4e4f and cd54cfe): articles, bodies, images, settings. */
const V1_STORES: RawStore[] = [
  plain('articles', 'id', [
    index('[sortTime+id]', ['sortTime', 'id']),
    index('canonicalUrl', 'canonicalUrl'),
    index('source', 'source'),
    index('tags', 'tags', { multiEntry: true }),
  ]),
  plain('bodies', 'id'),
  plain('images', ['articleId', 'url'], [index('articleId', 'articleId')]),
  plain('settings', 'key'),
];

/**
 * Version 2, as the first release shipped it (469d239): the tables derived
 * from the articles. (dbcd87d had an earlier draft of it, without
 * `searchTimes`, that was never released.)
 */
const V2_STORES: RawStore[] = [
  ...V1_STORES,
  plain('groups', ['kind', 'key']),
  { name: 'members', keyPath: null, autoIncrement: false, indexes: [] },
  plain('searchDocs', 'doc', [index('id', 'id', { unique: true }), index('[sortTime+id]', ['sortTime', 'id'])]),
  plain('searchTimes', 'chunk'),
  plain('postings', ['bucket', 'chunk']),
];

/** Version 3 (the WebDAV sync): its last-known state of the remote folder. */
const V3_STORES: RawStore[] = [...V2_STORES, plain('syncState', 'key')];

/** Version 4: sync's change log (lib/library/change-log.ts). */
const V4_STORES: RawStore[] = [...V3_STORES, plain('syncChanges', 'id')];

export const SHAPES = {
  1: { version: 10, stores: V1_STORES },
  2: { version: 20, stores: V2_STORES },
  3: { version: 30, stores: V3_STORES },
  4: { version: 40, stores: V4_STORES },
} satisfies Record<number, RawShape>;

export type SchemaVersion = keyof typeof SHAPES;

export const SCHEMA_VERSIONS = Object.keys(SHAPES).map(Number) as SchemaVersion[];

/**
 * Each version's Dexie declaration, copied as it shipped in lib/library/db.ts: the
 * unit test opens an empty database with these and compares the shape.
 */
export const DEXIE_STORES: Record<SchemaVersion, Record<string, string>[]> = {
  1: [{ articles: 'id, [sortTime+id], canonicalUrl, source, *tags', bodies: 'id', images: '[articleId+url], articleId', settings: 'key' }],
  2: [
    { articles: 'id, [sortTime+id], canonicalUrl, source, *tags', bodies: 'id', images: '[articleId+url], articleId', settings: 'key' },
    { groups: '[kind+key]', members: '', searchDocs: 'doc, &id, [sortTime+id]', searchTimes: 'chunk', postings: '[bucket+chunk]' },
  ],
  3: [
    { articles: 'id, [sortTime+id], canonicalUrl, source, *tags', bodies: 'id', images: '[articleId+url], articleId', settings: 'key' },
    { groups: '[kind+key]', members: '', searchDocs: 'doc, &id, [sortTime+id]', searchTimes: 'chunk', postings: '[bucket+chunk]' },
    { syncState: 'key' },
  ],
  4: [
    { articles: 'id, [sortTime+id], canonicalUrl, source, *tags', bodies: 'id', images: '[articleId+url], articleId', settings: 'key' },
    { groups: '[kind+key]', members: '', searchDocs: 'doc, &id, [sortTime+id]', searchTimes: 'chunk', postings: '[bucket+chunk]' },
    { syncState: 'key' },
    { syncChanges: 'id' },
  ],
};

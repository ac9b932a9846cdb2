/**
 * Writes and reads a library with plain IndexedDB, bypassing Dexie and the
 * extension's code, so a test can lay down a library exactly as an older
 * version stored it, and see exactly what is stored afterwards.
 *
 * Both functions are SELF-CONTAINED: they use only their argument and the
 * globals `indexedDB`, `Blob`, `atob` and `btoa`, never an import or a
 * variable of this module. So the same function runs in Node (over
 * fake-indexeddb) and, handed to Playwright's `page.evaluate` /
 * `worker.evaluate` (which sends its source text), in an extension page or
 * the extension's service worker, under the extension's origin.
 *
 * Values cross that boundary as JSON, so binary values are encoded:
 * `{ $blob: <base64>, type }` is a Blob, `{ $u8: <base64> }` a Uint8Array,
 * `{ $u32: <base64> }` a Uint32Array (its bytes, little-endian as stored).
 */
import type { RawShape, RawStore } from './shapes';

/** One object store's contents: values, and for out-of-line stores their keys (same order). */
export interface RawTable {
  rows: unknown[];
  keys?: unknown[];
}

export interface RawLibrary {
  /** Native IndexedDB version and the stores with their indexes. */
  shape: RawShape;
  /** Store name → contents. */
  tables: Record<string, RawTable>;
}

/**
 * Deletes any database called `name`, then creates it with `shape` and
 * writes `tables` in one transaction. Resolves once the data is committed
 * and the connection closed.
 */
export async function writeRawLibrary(input: { name: string; library: RawLibrary }): Promise<void> {
  const { name, library } = input;
  const bytesOf = (data: string): Uint8Array => {
    const text = atob(data);
    const out = new Uint8Array(text.length);
    for (let i = 0; i < text.length; i++) out[i] = text.charCodeAt(i);
    return out;
  };
  const revive = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(revive);
    if (value === null || typeof value !== 'object') return value;
    const v = value as Record<string, unknown>;
    if (typeof v.$blob === 'string') return new Blob([bytesOf(v.$blob) as Uint8Array<ArrayBuffer>], { type: String(v.type ?? '') });
    if (typeof v.$u8 === 'string') return bytesOf(v.$u8);
    if (typeof v.$u32 === 'string') return new Uint32Array(bytesOf(v.$u32).buffer);
    return Object.fromEntries(Object.entries(v).map(([key, inner]) => [key, revive(inner)]));
  };
  const settle = (request: IDBRequest | IDBOpenDBRequest) =>
    new Promise<unknown>((resolve, reject) => {
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(request.error);
    });

  // A connection still open elsewhere (Dexie closes on `versionchange`) only delays this.
  await settle(indexedDB.deleteDatabase(name));
  const opening = indexedDB.open(name, library.shape.version);
  opening.onupgradeneeded = () => {
    const db = opening.result;
    for (const store of library.shape.stores) {
      const created = db.createObjectStore(store.name, {
        ...(store.keyPath === null ? {} : { keyPath: store.keyPath }),
        autoIncrement: store.autoIncrement,
      });
      for (const index of store.indexes) created.createIndex(index.name, index.keyPath, { unique: index.unique, multiEntry: index.multiEntry });
    }
  };
  const db = (await settle(opening)) as IDBDatabase;
  try {
    const names = Object.keys(library.tables);
    if (!names.length) return;
    await new Promise<void>((resolve, reject) => {
      const tx = db.transaction(names, 'readwrite');
      tx.oncomplete = () => resolve();
      tx.onabort = () => reject(tx.error ?? new Error('the seeding transaction was aborted'));
      for (const storeName of names) {
        const store = tx.objectStore(storeName);
        const { rows, keys } = library.tables[storeName]!;
        rows.forEach((row, i) => (keys ? store.put(revive(row), revive(keys[i]) as IDBValidKey) : store.put(revive(row))));
      }
    });
  } finally {
    db.close();
  }
}

/**
 * The database called `name` as stored: its shape and the contents of the
 * stores named in `stores` (all when omitted), in key order, binary values
 * encoded as writeRawLibrary takes them. Rejects when there is no such
 * database (and leaves none behind).
 */
export async function readRawLibrary(input: { name: string; stores?: string[] }): Promise<RawLibrary> {
  const { name } = input;
  const base64Of = (bytes: Uint8Array): string => {
    let text = '';
    for (let i = 0; i < bytes.length; i += 0x8000) text += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
    return btoa(text);
  };
  const encode = async (value: unknown): Promise<unknown> => {
    if (value instanceof Blob) return { $blob: base64Of(new Uint8Array(await value.arrayBuffer())), type: value.type };
    if (value instanceof Uint8Array) return { $u8: base64Of(value) };
    if (value instanceof Uint32Array) return { $u32: base64Of(new Uint8Array(value.buffer, value.byteOffset, value.byteLength)) };
    if (Array.isArray(value)) return Promise.all(value.map(encode));
    if (value === null || typeof value !== 'object') return value;
    const entries = await Promise.all(Object.entries(value).map(async ([key, inner]) => [key, await encode(inner)] as const));
    return Object.fromEntries(entries);
  };
  const keyPathOf = (keyPath: string | string[] | null): string | string[] | null =>
    keyPath === null || typeof keyPath === 'string' ? keyPath : Array.from(keyPath);

  const db = await new Promise<IDBDatabase>((resolve, reject) => {
    const opening = indexedDB.open(name);
    opening.onupgradeneeded = () => {
      // Only a database that does not exist gets here: create nothing.
      opening.transaction!.abort();
    };
    opening.onsuccess = () => resolve(opening.result);
    opening.onerror = () => reject(new Error(`There is no database "${name}" (${opening.error?.name ?? 'error'})`));
  });
  try {
    const all = Array.from(db.objectStoreNames).sort();
    const tx = db.transaction(all, 'readonly');
    const stores: RawStore[] = all.map((storeName) => {
      const store = tx.objectStore(storeName);
      return {
        name: storeName,
        keyPath: keyPathOf(store.keyPath),
        autoIncrement: store.autoIncrement,
        indexes: Array.from(store.indexNames)
          .sort()
          .map((indexName) => {
            const index = store.index(indexName);
            return { name: index.name, keyPath: keyPathOf(index.keyPath)!, unique: index.unique, multiEntry: index.multiEntry };
          }),
      };
    });
    const wanted = input.stores ?? all;
    const requests = wanted.map((storeName) => {
      const store = tx.objectStore(storeName);
      return { storeName, rows: store.getAll(), keys: store.keyPath === null ? store.getAllKeys() : undefined };
    });
    await new Promise<void>((resolve, reject) => {
      tx.oncomplete = () => resolve();
      tx.onabort = () => reject(tx.error ?? new Error('the reading transaction was aborted'));
    });
    // Blobs are read after the transaction: it cannot wait for them.
    const tables: Record<string, RawTable> = {};
    for (const { storeName, rows, keys } of requests) {
      tables[storeName] = {
        rows: (await encode(rows.result)) as unknown[],
        ...(keys ? { keys: (await encode(keys.result)) as unknown[] } : {}),
      };
    }
    return { shape: { version: db.version, stores }, tables };
  } finally {
    db.close();
  }
}

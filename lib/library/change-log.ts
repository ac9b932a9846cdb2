/**
 * The change log (`syncChanges`, schema version 4): the ids of articles
 * written or deleted here since sync last recorded them, so a sync reads
 * those rows instead of the whole library (lib/sync/local-changes.ts).
 *
 * A Dexie middleware fills it, not each write path: it sees every write of
 * `articles` (save, tags, read state, edits, deletion and its undo, restore,
 * import, and any writer added later), and it writes the log in the same
 * IndexedDB transaction, so a row and its log entry commit together or not
 * at all. To make that possible it adds `syncChanges` to the scope of every
 * read-write transaction that names `articles`.
 *
 * The log may hold more than changed: sync compares each logged row's hash
 * with the one it last recorded before it pushes or clears anything. What
 * it must never miss is a change, hence:
 * - sync's own pulls (engine → applyRemote) are left out — they are what the
 *   folder holds, and logging them would only make the next sync check them
 *   again — by marking their transaction with `leaveOutOfChangeLog`; a pull
 *   merged with a change made meanwhile is logged by applyRemote itself;
 * - a write the log cannot name row by row (a range delete, `clear()`) and
 *   a write inside a schema upgrade (the log may not exist yet) leave the
 *   FULL_SCAN marker or need none: the next sync reads the whole library.
 */
import type { DBCore, DBCoreMutateRequest, DBCoreTransaction, Middleware } from 'dexie';

export const CHANGE_LOG = 'syncChanges';
/** Key of the marker row that asks the next sync to read the whole library (article ids are strings, so a number never clashes). */
export const FULL_SCAN = 0;

/** One entry: an article id, or the FULL_SCAN marker with the time it was set. */
export interface ChangeLogRow {
  id: string | typeof FULL_SCAN;
  at?: number;
}

const quiet = new WeakSet<object>();

/** Writes of `articles` in this transaction (Dexie's `tx.idbtrans`) are not logged: sync's own pulls. */
export function leaveOutOfChangeLog(idbtrans: object): void {
  quiet.add(idbtrans);
}

function entries(request: DBCoreMutateRequest): ChangeLogRow[] {
  switch (request.type) {
    case 'add':
    case 'put':
      return (request.keys ?? request.values.map((value) => (value as { id: string }).id)).map((id) => ({ id: id as string }));
    case 'delete':
      return request.keys.map((id) => ({ id: id as string }));
    case 'deleteRange':
      return [{ id: FULL_SCAN, at: Date.now() + Math.random() }];
  }
}

export const changeLogMiddleware: Middleware<DBCore> = {
  stack: 'dbcore',
  name: 'sync-change-log',
  create: (down) => ({
    ...down,
    transaction(stores, mode, options) {
      const widen = mode === 'readwrite' && stores.includes('articles') && !stores.includes(CHANGE_LOG);
      return down.transaction(widen ? [...stores, CHANGE_LOG] : stores, mode, options);
    },
    table(name) {
      const table = down.table(name);
      if (name !== 'articles') return table;
      return {
        ...table,
        mutate: async (request) => {
          const result = await table.mutate(request);
          if (logs(request.trans)) await down.table(CHANGE_LOG).mutate({ trans: request.trans, type: 'put', values: entries(request) });
          return result;
        },
      };
    },
  }),
};

/** Not an upgrade (versionchange: the log may not exist in that version), and not a quiet transaction. */
function logs(trans: DBCoreTransaction): boolean {
  return (trans as unknown as IDBTransaction).mode === 'readwrite' && !quiet.has(trans);
}

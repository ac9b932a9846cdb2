/**
 * Tells the background when this extension page changed the library (a tag,
 * read state, a deletion, an edit, a restore, an import), so that a sync
 * follows. A Dexie middleware sees this page's own writes only; the
 * background's writes (saves, and what a sync pulls) are not echoed back, so
 * a sync never triggers another. A message, not Dexie's cross-tab
 * broadcast: a message wakes a stopped service worker, a broadcast does not.
 */
import type { DBCore } from 'dexie';
import { browser } from 'wxt/browser';
import type { LibraryDb } from '../library/db';
import { message } from '../protocol/messages';

/** The tables a sync carries; the derived ones (groups, search) follow them. */
const SYNCED = new Set(['articles', 'bodies']);
/** Writes within this long make one message. */
const GATHER_MS = 300;

export function announceLibraryChanges(db: LibraryDb): void {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const announce = () => {
    clearTimeout(timer);
    timer = setTimeout(() => {
      // No background to tell (being updated, or stopping): the periodic sync catches up.
      browser.runtime.sendMessage(message('library-changed', {})).catch(() => undefined);
    }, GATHER_MS);
  };
  db.use({
    stack: 'dbcore',
    name: 'announce-library-changes',
    create: (down: DBCore): DBCore => ({
      ...down,
      table(name) {
        const table = down.table(name);
        if (!SYNCED.has(name)) return table;
        return {
          ...table,
          mutate: async (request) => {
            const result = await table.mutate(request);
            announce();
            return result;
          },
        };
      },
    }),
  });
}

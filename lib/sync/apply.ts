/**
 * Writes what a sync pulled into the library: rows, bodies, the derived
 * groups and search index, in one transaction per shard (as restore writes a
 * batch), so an article is whole or absent whenever the browser stops.
 */
import { mergeRecords, sameRecord } from '../backup/merge';
import { leaveOutOfChangeLog } from '../library/change-log';
import { derivedTables, type LibraryDb } from '../library/db';
import { updateDerived, type ArticleChange } from '../library/articles';
import type { ArticleRecord } from '../library/records';
import { recordHash } from './shard';

export interface Incoming {
  record: ArticleRecord;
  html: string;
  /**
   * The local row's hash when the sync read the library (undefined: there
   * was none). A row that changed since — the user saved, tagged or read it
   * meanwhile — is merged with the incoming copy instead of replaced, and the
   * next sync pushes the result.
   */
  expected?: string;
  /** Keep the library's body (a merge whose fields came from the library's copy). */
  keepBody?: boolean;
}

export interface Removal {
  id: string;
  /** As in Incoming: a row changed since the sync read it is kept. */
  expected: string;
}

export interface Applied {
  written: number;
  deleted: number;
  /** Ids whose local row changed during the sync (merged or kept, not as the remote has them). */
  moved: string[];
}

/**
 * `ownPull`: what a sync pulled from the folder, left out of the change log
 * (lib/library/change-log.ts) — logging it would only make the next sync
 * check it again; the engine logs `moved` itself. An import is a local
 * change: logged like any other write.
 */
export async function applyRemote(db: LibraryDb, incoming: Incoming[], removals: Removal[], { ownPull = false } = {}): Promise<Applied> {
  const applied: Applied = { written: 0, deleted: 0, moved: [] };
  if (!incoming.length && !removals.length) return applied;
  await db.transaction('rw', [db.articles, db.bodies, db.images, ...derivedTables(db)], async (tx) => {
    if (ownPull) leaveOutOfChangeLog(tx.idbtrans);
    const current = await db.articles.bulkGet(incoming.map((i) => i.record.id));
    const records: ArticleRecord[] = [];
    const bodies: { id: string; html: string }[] = [];
    const changes: ArticleChange[] = [];
    const before: (ArticleRecord | undefined)[] = [];
    incoming.forEach(({ record, html, expected, keepBody }, i) => {
      const stored = current[i];
      const untouched = stored ? recordHash(stored) === expected : expected === undefined;
      let next = record;
      let body: string | undefined = keepBody && stored ? undefined : html;
      if (!untouched && stored) {
        applied.moved.push(record.id);
        next = mergeRecords(stored, record);
        // As restore does: the body goes with the newer copy's fields.
        if (record.updatedAt <= stored.updatedAt) body = undefined;
      }
      if (stored && sameRecord(stored, next) && body === undefined) return;
      records.push(next);
      if (body !== undefined) bodies.push({ id: record.id, html: body });
      changes.push({ id: record.id, record: next, html: body });
      before.push(stored);
    });
    await updateDerived(db, changes, before);
    await db.articles.bulkPut(records);
    await db.bodies.bulkPut(bodies);
    applied.written = records.length;

    const gone = await db.articles.bulkGet(removals.map((r) => r.id));
    // Deleted only as the sync saw it: a row changed since is kept (and pushed next time).
    const doomed: ArticleRecord[] = [];
    removals.forEach((r, i) => {
      const stored = gone[i];
      if (!stored) return;
      if (recordHash(stored) === r.expected) doomed.push(stored);
      else applied.moved.push(r.id);
    });
    const ids = doomed.map((record) => record.id);
    await updateDerived(db, ids.map((id) => ({ id })), doomed);
    await db.articles.bulkDelete(ids);
    await db.bodies.bulkDelete(ids);
    await db.images.where('articleId').anyOf(ids).delete();
    applied.deleted = ids.length;
  });
  return applied;
}

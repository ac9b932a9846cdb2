import { BackupError, base64ToBytes, readBackup, type BackupItem } from './format';
import { derivedTables, type LibraryDb } from '../library/db';
import { storageFailure, updateDerived, type ArticleChange, type StorageFailureReason } from '../library/articles';
import type { ArticleRecord, ImageRecord } from '../library/records';
import { mergeRecords, sameRecord } from './merge';
import { checkSettings, SETTING_KEYS } from '../library/settings';

/** Articles a restore writes per transaction: bounds memory whatever the backup's size. */
const ARTICLES_PER_BATCH = 200;
/** Body and image bytes staged before a restore writes them. */
const BATCH_BYTES = 16 * 1024 * 1024;

export interface RestoreReport {
  /** Articles the library did not have. */
  added: number;
  /** Articles merged into one the library had, changing it. */
  updated: number;
  /** Articles the library already had as the backup has them. */
  unchanged: number;
  /** Image rows written. */
  images: number;
  /** Whether the backup carried settings (applied over the current ones). */
  settings: boolean;
}

/** A restore that the browser stopped while writing; `restored` counts what was kept. */
export class RestoreWriteError extends Error {
  /** True when the first batch was refused: the library is exactly as before the restore. */
  readonly nothingWritten: boolean;

  constructor(
    readonly reason: StorageFailureReason,
    readonly restored: RestoreReport,
    options: { cause: unknown },
  ) {
    const done = restored.added + restored.updated + restored.unchanged;
    const nothing = done === 0 && restored.images === 0 && !restored.settings;
    const why =
      reason === 'quota'
        ? 'The browser refused to store more data (storage is full)'
        : reason === 'upgrade'
          ? 'The library could not be opened or upgraded'
          : 'The library could not be written';
    super(
      nothing
        ? `${why}; nothing was restored and the library was not changed.`
        : `${why} after ${done} articles were restored. Those are kept, each whole; the rest were not written.` +
            ' Restoring again is safe: it merges, never duplicates.',
      options,
    );
    this.name = 'RestoreWriteError';
    this.nothingWritten = nothing;
  }
}

/**
 * Merges a backup into the library. `openLines` must give the file's lines
 * afresh on each call (without or with their `\n`/`\r\n`): the file is read twice.
 *
 * Pass 1 checks everything and writes nothing, so a corrupt or foreign file
 * is refused (a BackupError, `line N: …`) with the library untouched.
 * Pass 2 writes in batches of about ARTICLES_PER_BATCH articles, one rw transaction each.
 * One transaction for the whole file is impossible while streaming (an
 * IndexedDB transaction ends when it waits on the file reader), so if the
 * browser fails mid-way (quota) earlier batches stay: RestoreWriteError.
 * A batch only closes once each of its articles is complete, so an article's
 * row, body and images are always written together, never half.
 * (If the file changes between the passes, pass 2 may still throw a BackupError
 * after earlier batches were written.)
 */
export async function restoreBackup(db: LibraryDb, openLines: () => AsyncIterable<string>): Promise<RestoreReport> {
  const lastLine = await checkBackup(openLines());
  const report: RestoreReport = { added: 0, updated: 0, unchanged: 0, images: 0, settings: false };
  const batch = new Batch();
  const open = new Set<string>(); // articles of the batch with items still to come

  for await (const { item, line } of numbered(openLines())) {
    const id = item.kind === 'article' ? item.record.id : item.kind === 'image' ? item.articleId : undefined;
    batch.add(item);
    if (id !== undefined) {
      if (line < lastLine.get(id)!) open.add(id);
      else open.delete(id);
    }
    if (open.size === 0 && batch.full()) await commit(db, batch.take(), report);
  }
  await commit(db, batch.take(), report);
  return report;
}

/** Pass 1: every check, no writes. Returns each article's last line (its row or its last image). */
async function checkBackup(lines: AsyncIterable<string>): Promise<Map<string, number>> {
  const lastLine = new Map<string, number>();
  const articleLine = new Map<string, number>();
  const imageLine = new Map<string, number>(); // first image line of each article, for the error
  for await (const { item, line } of numbered(lines)) {
    if (item.kind === 'settings') {
      checkBackupSettings(item.settings, line);
      continue;
    }
    const id = item.kind === 'article' ? item.record.id : item.articleId;
    if (item.kind === 'article') {
      const first = articleLine.get(id);
      if (first !== undefined) throw new BackupError(line, `article "${id}" appears twice (also on line ${first})`);
      articleLine.set(id, line);
    } else if (!imageLine.has(id)) {
      imageLine.set(id, line);
    }
    lastLine.set(id, line);
  }
  for (const [id, line] of imageLine) {
    if (!articleLine.has(id)) throw new BackupError(line, `image of article "${id}", which the backup does not contain`);
  }
  return lastLine;
}

/** Settings of known keys must be valid (as saveSettings would take them); other keys are kept as they are. */
function checkBackupSettings(settings: Record<string, unknown>, line: number): void {
  const known = Object.fromEntries(Object.entries(settings).filter(([key]) => (SETTING_KEYS as string[]).includes(key)));
  try {
    checkSettings(known);
  } catch (error) {
    throw new BackupError(line, `settings: ${(error as Error).message}`);
  }
}

/**
 * The items of a backup with their line numbers. readBackup pulls one line
 * per step and yields that line's item at once, so the count of lines
 * handed to it is the item's line number.
 */
async function* numbered(lines: AsyncIterable<string>): AsyncGenerator<{ item: BackupItem; line: number }> {
  let count = 0;
  async function* counted() {
    for await (const line of lines) {
      count++;
      yield line.endsWith('\n') ? line.slice(0, -1) : line;
    }
  }
  for await (const item of readBackup(counted())) yield { item, line: count };
}

interface Staged {
  articles: Map<string, { record: ArticleRecord; html: string }>;
  images: ImageRecord[];
  settings: Record<string, unknown>[];
}

/** What pass 2 holds between two commits. */
class Batch {
  private staged: Staged = fresh();
  private bytes = 0;

  add(item: BackupItem): void {
    if (item.kind === 'article') {
      this.staged.articles.set(item.record.id, { record: item.record, html: item.html });
      this.bytes += item.html.length * 2;
    } else if (item.kind === 'image') {
      // base64ToBytes allocates a plain ArrayBuffer, which is what Blob's types ask for.
      const bytes = base64ToBytes(item.data) as Uint8Array<ArrayBuffer>;
      this.staged.images.push({ articleId: item.articleId, url: item.url, type: item.type, blob: new Blob([bytes], { type: item.type }) });
      this.bytes += bytes.length;
    } else {
      this.staged.settings.push(item.settings);
    }
  }

  full(): boolean {
    return this.staged.articles.size >= ARTICLES_PER_BATCH || this.bytes >= BATCH_BYTES;
  }

  take(): Staged {
    const staged = this.staged;
    this.staged = fresh();
    this.bytes = 0;
    return staged;
  }
}

function fresh(): Staged {
  return { articles: new Map(), images: [], settings: [] };
}

/** Writes one batch in one transaction over the four tables, merging with what is stored. */
async function commit(db: LibraryDb, staged: Staged, report: RestoreReport): Promise<void> {
  if (!staged.articles.size && !staged.images.length && !staged.settings.length) return;
  const counts = { added: 0, updated: 0, unchanged: 0 };
  try {
    await db.transaction('rw', [db.articles, db.bodies, db.images, db.settings, ...derivedTables(db)], async () => {
      const incoming = [...staged.articles.values()];
      const stored = await db.articles.bulkGet(incoming.map((a) => a.record.id));
      const records: ArticleRecord[] = [];
      const bodies: { id: string; html: string }[] = [];
      const changes: ArticleChange[] = [];
      const before: (ArticleRecord | undefined)[] = [];
      incoming.forEach(({ record, html }, i) => {
        const current = stored[i];
        const merged = current ? mergeRecords(current, record) : record;
        if (current && sameRecord(current, merged)) {
          counts.unchanged++;
          return;
        }
        counts[current ? 'updated' : 'added']++;
        records.push(merged);
        // The body goes with the fields: only a newer backup copy replaces the stored one.
        const newBody = !current || record.updatedAt > current.updatedAt;
        if (newBody) bodies.push({ id: record.id, html });
        changes.push({ id: record.id, record: merged, html: newBody ? html : undefined });
        before.push(current);
      });
      // Groups, counts and the search index follow the rows, in this transaction.
      await updateDerived(db, changes, before);
      await db.articles.bulkPut(records);
      await db.bodies.bulkPut(bodies);
      await db.images.bulkPut(staged.images);
      if (staged.settings.length) await applySettings(db, staged.settings);
    });
  } catch (error) {
    throw new RestoreWriteError(storageFailure(error).reason, { ...report }, { cause: error });
  }
  report.added += counts.added;
  report.updated += counts.updated;
  report.unchanged += counts.unchanged;
  report.images += staged.images.length;
  report.settings ||= staged.settings.some((s) => Object.keys(s).length > 0);
}

/** Backup settings over the current ones, key by key; slug overrides are united (the backup's win). */
async function applySettings(db: LibraryDb, items: Record<string, unknown>[]): Promise<void> {
  for (const settings of items) {
    // Known keys were checked in pass 1; checking again normalizes them as saveSettings does.
    const known = Object.fromEntries(Object.entries(settings).filter(([key]) => (SETTING_KEYS as string[]).includes(key)));
    const values: Record<string, unknown> = { ...settings, ...checkSettings(known) };
    if (values.slugOverrides !== undefined) {
      const current = (await db.settings.get('slugOverrides'))?.value;
      const kept = typeof current === 'object' && current !== null && !Array.isArray(current) ? current : {};
      values.slugOverrides = Object.fromEntries([...Object.entries(kept), ...Object.entries(values.slugOverrides as object)]);
    }
    await db.settings.bulkPut(Object.entries(values).map(([key, value]) => ({ key, value })));
  }
}

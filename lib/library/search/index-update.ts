// Keeping the index in line with the articles, inside the transactions that write them.
import type { LibraryTables } from '../tables';
import type { ArticleRecord, SearchDocRecord, SearchTimesRecord } from '../records';
import { BlockEdits } from './block-edits';
import { CHUNK } from './blocks';
import { articleGrams, type IndexText } from './tokenize';

/** One article's change, for updateSearchIndex. */
export interface IndexChange {
  id: string;
  /** The article's row after the change; undefined takes it out of the index. */
  article?: ArticleRecord;
  /** The text the article had before (when it existed): what the index holds for it. */
  before?: IndexText;
  /** The text after the change (when it stays, may equal `before`). */
  after?: IndexText;
}

export type SearchTables = Pick<LibraryTables, 'searchDocs' | 'searchTimes' | 'postings'>;

/**
 * Brings the index in line with the changes. Call inside the rw transaction
 * that writes the articles (scope: searchDocs, searchTimes, postings); each
 * article at most once per call. Only the grams that differ between before
 * and after are touched, so re-saving an unchanged text, tagging or marking
 * read costs no posting writes (only the row's copy is rewritten).
 */
export async function updateSearchIndex(t: SearchTables, changes: IndexChange[]): Promise<void> {
  if (!changes.length) return;
  // One lookup per id on the unique index, not `where('id').anyOf(ids)`: fake-indexeddb (the unit tests,
  // the sync bench) restarts every cursor.continue(key) from the range's low end, so a cursor over ids
  // spread through a large library (a sync's, whose shards go by hash) cost O(library) per id.
  const rows = await Promise.all(changes.map((c) => t.searchDocs.get({ id: c.id })));
  const byId = new Map(rows.flatMap((row) => (row ? [[row.id, row] as const] : [])));
  let next: number | undefined;
  const edits = new BlockEdits();
  const puts: SearchDocRecord[] = [];
  const deletes: number[] = [];
  const times = new Map<number, number>(); // doc -> its new sortTime, NaN once deleted
  for (const change of changes) {
    const row = byId.get(change.id);
    const { article } = change;
    if (!article) {
      if (!row) continue;
      if (change.before) edits.change('remove', row.doc, articleGrams(change.before.title, change.before.html));
      deletes.push(row.doc);
      times.set(row.doc, NaN);
      continue;
    }
    const text = change.after ?? change.before;
    if (!row) {
      if (!text) throw new Error(`The search index needs the text of article "${change.id}".`);
      // Numbers above the highest in use: a freed number is reused only once its postings are gone.
      next ??= (((await t.searchDocs.orderBy(':id').lastKey()) as number | undefined) ?? -1) + 1;
      const doc = next++;
      edits.addText(doc, text);
      puts.push({ doc, id: change.id, sortTime: article.sortTime, article });
      times.set(doc, article.sortTime);
      continue;
    }
    const { before, after } = change;
    if (after && !(before && before.title === after.title && before.html === after.html)) {
      const grams = articleGrams(after.title, after.html);
      if (before) {
        const old = articleGrams(before.title, before.html);
        edits.change('remove', row.doc, [...old].filter((g) => !grams.has(g)));
        edits.change('add', row.doc, [...grams].filter((g) => !old.has(g)));
      } else {
        edits.addText(row.doc, after);
      }
    }
    // The copy of the row follows every change (tags, read state…).
    puts.push({ ...row, sortTime: article.sortTime, article });
    if (row.sortTime !== article.sortTime) times.set(row.doc, article.sortTime);
  }
  await edits.apply(t.postings);
  await t.searchDocs.bulkDelete(deletes);
  await t.searchDocs.bulkPut(puts);
  await updateTimes(t.searchTimes, times);
}

/** A time row's value for a sortTime: whole seconds + 1, within Uint32 (0 is "no article"). */
function secondsOf(sortTime: number): number {
  return Math.min(Math.max(Math.floor(sortTime / 1000), 0), 0xfffffffd) + 1;
}

/** Writes new sortTimes (NaN: none) into the chunks' time rows. */
async function updateTimes(table: LibraryTables['searchTimes'], times: Map<number, number>): Promise<void> {
  if (!times.size) return;
  const chunks = [...new Set([...times.keys()].map((doc) => Math.floor(doc / CHUNK)))];
  const rows = await table.bulkGet(chunks);
  const byChunk = new Map(chunks.map((chunk, i) => [chunk, rows[i] ?? { chunk, seconds: new Uint32Array(CHUNK) }]));
  for (const [doc, time] of times) byChunk.get(Math.floor(doc / CHUNK))!.seconds[doc % CHUNK] = Number.isNaN(time) ? 0 : secondsOf(time);
  const puts: SearchTimesRecord[] = [];
  const deletes: number[] = [];
  for (const row of byChunk.values()) {
    if (row.seconds.some((s) => s !== 0)) puts.push(row);
    else deletes.push(row.chunk);
  }
  await table.bulkDelete(deletes);
  await table.bulkPut(puts);
}

// A save's posting changes, gathered by block so that a batch reads and
// writes each block once.
import type { LibraryTables } from '../tables';
import type { PostingBlock } from '../records';
import { BUCKETS, bucketOf, CHUNK, decodeBlock, encodeBlock } from './blocks';
import { GramTable, indexedForms, scanGrams, type IndexText } from './tokenize';

/** A growable list of (gram number, doc) pairs. */
class Pairs {
  grams = new Int32Array(1024);
  docs = new Int32Array(1024);
  length = 0;

  push(gram: number, doc: number): void {
    if (this.length === this.grams.length) {
      const grams = new Int32Array(this.length * 2);
      const docs = new Int32Array(this.length * 2);
      grams.set(this.grams);
      docs.set(this.docs);
      this.grams = grams;
      this.docs = docs;
    }
    this.grams[this.length] = gram;
    this.docs[this.length++] = doc;
  }

  /** The docs of each gram number, in the order they were pushed (a counting sort). */
  byGram(grams: number): { starts: Int32Array; docs: Int32Array } {
    const starts = new Int32Array(grams + 1);
    for (let i = 0; i < this.length; i++) starts[this.grams[i]! + 1]!++;
    for (let g = 0; g < grams; g++) starts[g + 1]! += starts[g]!;
    const fill = starts.slice(0, grams);
    const docs = new Int32Array(this.length);
    for (let i = 0; i < this.length; i++) docs[fill[this.grams[i]!]!++] = this.docs[i]!;
    return { starts, docs };
  }
}

/** One gram's doc numbers (ascending) to add to or take from one block. */
interface GramDocs {
  gram: string;
  add?: Int32Array;
  remove?: Int32Array;
}

interface BlockEdit {
  bucket: number;
  chunk: number;
  grams: GramDocs[];
}

/** Posting changes gathered over a batch, so each block is read and written once. */
export class BlockEdits {
  private table = new GramTable();
  private added = new Pairs();
  private removed = new Pairs();
  /** Per gram number, the doc addText last added it for (each doc once per gram). */
  private lastDoc = new Int32Array(4096).fill(-1);

  /** Adds every gram of a text. */
  addText(doc: number, text: IndexText): void {
    const visit = (n: number) => {
      if (n >= this.lastDoc.length) {
        const grown = new Int32Array(Math.max(n + 1, this.lastDoc.length * 2)).fill(-1);
        grown.set(this.lastDoc);
        this.lastDoc = grown;
      }
      if (this.lastDoc[n] !== doc) {
        this.lastDoc[n] = doc;
        this.added.push(n, doc);
      }
    };
    for (const form of indexedForms(text)) scanGrams(form, this.table, visit);
  }

  change(kind: 'add' | 'remove', doc: number, grams: Iterable<string>): void {
    const pairs = kind === 'add' ? this.added : this.removed;
    for (const gram of grams) pairs.push(this.table.string(gram), doc);
  }

  /** The edits by block. */
  private byBlock(): BlockEdit[] {
    const blocks = new Map<number, BlockEdit>();
    const count = this.table.size;
    const added = this.added.byGram(count);
    const removed = this.removed.byGram(count);
    for (let n = 0; n < count; n++) {
      let gram: string | undefined;
      let bucket = 0;
      for (const [kind, { starts, docs }] of [['add', added], ['remove', removed]] as const) {
        if (starts[n] === starts[n + 1]) continue;
        gram ??= this.table.gram(n);
        bucket = bucketOf(gram);
        const range = docs.subarray(starts[n], starts[n + 1]);
        if (!isIncreasing(range)) range.sort();
        // Ascending, so each chunk's docs are one stretch.
        for (let i = 0; i < range.length; ) {
          const chunk = Math.floor(range[i]! / CHUNK);
          let j = i + 1;
          while (j < range.length && Math.floor(range[j]! / CHUNK) === chunk) j++;
          const id = chunk * BUCKETS + bucket;
          let block = blocks.get(id);
          if (!block) blocks.set(id, (block = { bucket, chunk, grams: [] }));
          let last = block.grams.at(-1);
          if (last?.gram !== gram) block.grams.push((last = { gram }));
          last[kind] = range.subarray(i, j);
          i = j;
        }
      }
    }
    return [...blocks.values()];
  }

  async apply(postings: LibraryTables['postings']): Promise<void> {
    const edits = this.byBlock();
    if (!edits.length) return;
    const stored = await postings.bulkGet(edits.map((e) => [e.bucket, e.chunk] as [number, number]));
    const puts: PostingBlock[] = [];
    const deletes: [number, number][] = [];
    edits.forEach((edit, i) => {
      const block = stored[i];
      const base = edit.chunk * CHUNK;
      let data: Uint8Array;
      if (!block && edit.grams.every((g) => !g.remove)) {
        // A new block (the common case of a bulk save): encoded straight from the docs.
        data = encodeBlock(edit.grams.map((g) => [g.gram, g.add!, base]));
      } else {
        const lists = block ? decodeBlock(block.data) : new Map<string, number[]>();
        for (const { gram, add, remove } of edit.grams) {
          let list = lists.get(gram);
          if (list && remove) {
            const drop = new Set(Array.from(remove, (doc) => doc - base));
            list = list.filter((o) => !drop.has(o));
          }
          if (add) list = mergeSorted(list, Array.from(add, (doc) => doc - base));
          if (list?.length) lists.set(gram, list);
          else lists.delete(gram);
        }
        data = encodeBlock([...lists].map(([gram, list]) => [gram, list, 0]));
      }
      if (data.length) puts.push({ bucket: edit.bucket, chunk: edit.chunk, data });
      else if (block) deletes.push([edit.bucket, edit.chunk]);
    });
    await postings.bulkDelete(deletes);
    await postings.bulkPut(puts);
  }
}

/** Two ascending lists as one (duplicates kept once by encodeBlock). */
function mergeSorted(list: number[] | undefined, added: number[]): number[] {
  if (!list?.length) return added;
  if (added[0]! > list.at(-1)!) return list.concat(added);
  const out: number[] = [];
  let i = 0;
  let j = 0;
  while (i < list.length || j < added.length) {
    if (j === added.length || (i < list.length && list[i]! <= added[j]!)) out.push(list[i++]!);
    else out.push(added[j++]!);
  }
  return out;
}

function isIncreasing(list: ArrayLike<number>): boolean {
  for (let i = 1; i < list.length; i++) if (list[i]! <= list[i - 1]!) return false;
  return true;
}

import { Dexie } from 'dexie';
import type { LibraryDb, LibraryTables } from './db';
import { decodeEntities } from './export/sanitize';
import type { ArticleRecord, PostingBlock, SearchDocRecord, SearchTimesRecord } from './records';

/**
 * Full-text search over titles and bodies, for Chinese (no spaces between
 * words) as well as Latin words and numbers.
 *
 * Text is normalized (NFKC, lower case, every run of characters that are not
 * letters or digits becomes one space) and cut into grams within each run:
 * every character, every pair of characters (bigram), and every triple of
 * ASCII letters and digits (so `000338` or `1234yf` is selective). A query
 * term matches an article when its normalized form is a substring of the
 * normalized title or body; the index finds the articles holding all of a
 * term's grams, which is exactly the match for one- and two-character terms
 * and a superset for longer ones, checked against the text.
 *
 * The index, in three derived tables:
 * - `searchDocs`: each article's doc number (small integers, in save order),
 *   sortTime and a copy of its row (results come from here, never from
 *   `articles`: one read per result fewer), indexed by `[sortTime+id]` to
 *   walk matches newest first;
 * - `searchTimes`: per chunk, the sortTimes of its docs in seconds, to order
 *   a middling set of matches from a few rows;
 * - `postings`: for a hashed bucket of grams and a chunk of CHUNK doc
 *   numbers, one block holding each gram's docs in that chunk (delta varints,
 *   or a bitmap of the chunk for common grams). A row per (gram, article)
 *   would be ~1,000 rows per article, 50M at 50,000 articles; blocks make it
 *   BUCKETS rows per chunk, about a kilobyte each.
 *
 * Costs: a save rewrites the blocks of its grams' buckets in its chunk
 * (~1,000 small rows, a get and a put each: the price of a single save or
 * delete); a bulk save rewrites each touched block once per call. A query
 * reads, per distinct bucket of its grams, one block per chunk (library /
 * CHUNK rows, a range read) and ANDs the grams' bitmaps; then it meets the
 * newest `limit` matches the cheapest of three ways (orderFor): few, read
 * each; many, walk `[sortTime+id]` newest first until enough; in between,
 * sort them by the chunks' time rows and read only those taken. A common
 * term costs one bit per article per gram (a 256-byte bitmap per chunk) plus
 * O(limit) rows; a rare term costs little.
 * Worst case: a term of three or more characters whose grams are all common
 * and occur together in many articles without forming the term (e.g. a
 * phrase whose bigrams are frequent apart): each such article's title and
 * body are read to reject it, up to the whole library for a phrase no
 * article holds.
 */

/** Doc numbers per chunk: a block covers one chunk, so a save rewrites small blocks. */
export const CHUNK = 2048;
/** Buckets the grams are hashed into; one article touches at most this many blocks. */
const BUCKETS = 4096;

const WORD = /^[\p{L}\p{M}\p{N}]$/u;
/** Whether a code point outside the fast ranges is a letter, mark or digit (tested once per code point). */
const wordCache = new Map<number, boolean>();

function isWord(cp: number): boolean {
  if ((cp >= 0x61 && cp <= 0x7a) || (cp >= 0x30 && cp <= 0x39) || (cp >= 0x4e00 && cp <= 0x9fff)) return true;
  if (cp < 0x80) return false;
  let word = wordCache.get(cp);
  if (word === undefined) wordCache.set(cp, (word = WORD.test(String.fromCodePoint(cp))));
  return word;
}

/** The form both the index and the matching use: NFKC, lower case, one space between runs of letters and digits. */
export function searchForm(text: string): string {
  const folded = text.normalize('NFKC').toLowerCase();
  // A hand-written pass: the equivalent /[^\p{L}\p{M}\p{N}]+/gu replace costs most of the time here.
  let out = '';
  let runStart = -1;
  for (let i = 0; i < folded.length; ) {
    const cp = folded.codePointAt(i)!;
    const width = cp > 0xffff ? 2 : 1;
    if (isWord(cp)) {
      if (runStart < 0) runStart = i;
    } else if (runStart >= 0) {
      out += (out ? ' ' : '') + folded.slice(runStart, i);
      runStart = -1;
    }
    i += width;
  }
  if (runStart >= 0) out += (out ? ' ' : '') + folded.slice(runStart);
  return out;
}

// Inline elements join their text to the neighbours'; any other tag separates words.
const INLINE = new Set([
  'a', 'abbr', 'b', 'bdi', 'bdo', 'cite', 'code', 'data', 'del', 'dfn', 'em', 'font', 'i', 'ins', 'kbd', 'mark', 'q',
  'rp', 'rt', 'ruby', 's', 'samp', 'small', 'span', 'strike', 'strong', 'sub', 'sup', 'time', 'tt', 'u', 'var', 'wbr',
]);
const TAG = /<!--[\s\S]*?-->|<(script|style)\b[\s\S]*?<\/\1\s*>|<\/?([a-zA-Z][a-zA-Z0-9-]*)(?:[^>"']|"[^"]*"|'[^']*')*>/g;

/** The text of a stored body (sanitized HTML): tags out, entities decoded. */
export function bodyText(html: string): string {
  return decodeEntities(html.replace(TAG, (_, _raw, tag: string | undefined) => (tag && INLINE.has(tag.toLowerCase()) ? '' : ' ')));
}

/** The query's terms: split at white space, normalized, without duplicates or terms inside another term. */
export function searchTerms(query: string): string[] {
  const terms = [...new Set(query.split(/\s+/).map(searchForm).filter(Boolean))];
  return terms.filter((term) => !terms.some((other) => other !== term && other.includes(term)));
}

function isAsciiAlnum(c: string): boolean {
  const u = c.charCodeAt(0);
  return c.length === 1 && ((u >= 0x30 && u <= 0x39) || (u >= 0x61 && u <= 0x7a));
}

/**
 * The grams met while indexing, numbered 0, 1, 2… Grams of BMP characters
 * are found by a 32-bit code in an open-addressing table (no string is made
 * per occurrence, which is what a bulk save spends its time on):
 * a character is its UTF-16 unit (< 0x10000), a pair is the two units
 * (unit1 << 16 | unit2, >= 0x300000 since letters and digits are >= 0x30), an
 * ASCII triple is 0x10000 + its three 7-bit units. Grams with characters
 * beyond the BMP are looked up by string.
 */
class GramTable {
  private bits = 12;
  private keys = new Uint32Array(1 << this.bits);
  private numbers = new Int32Array(1 << this.bits);
  private others = new Map<string, number>();
  private grams: (number | string)[] = [];

  get size(): number {
    return this.grams.length;
  }

  code(code: number): number {
    const mask = this.keys.length - 1;
    let i = Math.imul(code, 0x9e3779b1) >>> (32 - this.bits);
    for (let key = this.keys[i]!; key !== 0; key = this.keys[i]!) {
      if (key === code) return this.numbers[i]!;
      i = (i + 1) & mask;
    }
    const n = this.grams.push(code) - 1;
    this.keys[i] = code;
    this.numbers[i] = n;
    if (n * 2 > this.keys.length) this.grow();
    return n;
  }

  string(gram: string): number {
    let n = this.others.get(gram);
    if (n === undefined) this.others.set(gram, (n = this.grams.push(gram) - 1));
    return n;
  }

  gram(n: number): string {
    const g = this.grams[n]!;
    if (typeof g === 'string') return g;
    if (g < 0x10000) return String.fromCharCode(g);
    if (g < 0x300000) return String.fromCharCode((g - 0x10000) >>> 14, ((g - 0x10000) >>> 7) & 0x7f, (g - 0x10000) & 0x7f);
    return String.fromCharCode(g >>> 16, g & 0xffff);
  }

  private grow(): void {
    const { keys, numbers } = this;
    this.bits++;
    this.keys = new Uint32Array(1 << this.bits);
    this.numbers = new Int32Array(1 << this.bits);
    const mask = this.keys.length - 1;
    for (let j = 0; j < keys.length; j++) {
      const key = keys[j]!;
      if (key === 0) continue;
      let i = Math.imul(key, 0x9e3779b1) >>> (32 - this.bits);
      while (this.keys[i] !== 0) i = (i + 1) & mask;
      this.keys[i] = key;
      this.numbers[i] = numbers[j]!;
    }
  }
}

function isAsciiUnit(u: number): boolean {
  return (u >= 0x30 && u <= 0x39) || (u >= 0x61 && u <= 0x7a);
}

/**
 * Calls `visit` with the number of every gram of a text in searchForm,
 * repeats included: each code point, each pair within a run, each triple of
 * ASCII letters and digits.
 */
function scanGrams(form: string, table: GramTable, visit: (n: number) => void): void {
  let u1 = -1; // previous unit in this run (-1: none, or beyond the BMP)
  let u2 = -1;
  let start1 = -1; // start of the previous code point in this run
  for (let i = 0; i < form.length; ) {
    const u = form.charCodeAt(i);
    if (u === 0x20) {
      u1 = u2 = start1 = -1;
      i++;
      continue;
    }
    const wide = u >= 0xd800 && u <= 0xdbff && i + 1 < form.length;
    const end = wide ? i + 2 : i + 1;
    if (!wide) {
      visit(table.code(u));
      if (start1 >= 0) visit(u1 >= 0 ? table.code(((u1 << 16) | u) >>> 0) : table.string(form.slice(start1, end)));
      if (isAsciiUnit(u) && isAsciiUnit(u1) && isAsciiUnit(u2)) visit(table.code(0x10000 + ((u2 << 14) | (u1 << 7) | u)));
    } else {
      visit(table.string(form.slice(i, end)));
      if (start1 >= 0) visit(table.string(form.slice(start1, end)));
    }
    u2 = start1 >= 0 ? u1 : -1;
    u1 = wide ? -1 : u;
    start1 = i;
    i = end;
  }
}

/** The two texts of an article that are indexed, in searchForm. */
function indexedForms(text: IndexText): [string, string] {
  return [searchForm(text.title), searchForm(bodyText(text.html))];
}

/** Every gram the index holds for an article. */
export function articleGrams(title: string, html: string): Set<string> {
  const table = new GramTable();
  const seen = new Set<number>();
  const add = (n: number) => void seen.add(n);
  for (const form of indexedForms({ title, html })) scanGrams(form, table, add);
  return new Set([...seen].map((n) => table.gram(n)));
}

interface TermPlan {
  term: string;
  /** Grams every article holding the term has (fewest that imply the rest). */
  grams: string[];
  /** Whether holding the grams is holding the term (else the text is checked). */
  exact: boolean;
}

function planTerm(term: string): TermPlan {
  const runs = term.split(' ');
  const grams = new Set<string>();
  for (const run of runs) {
    const cps = Array.from(run);
    if (cps.length === 1) {
      grams.add(cps[0]!);
      continue;
    }
    const covered = new Set<number>(); // bigrams inside a trigram
    for (let i = 0; i + 2 < cps.length; i++) {
      if (isAsciiAlnum(cps[i]!) && isAsciiAlnum(cps[i + 1]!) && isAsciiAlnum(cps[i + 2]!)) {
        grams.add(cps[i]! + cps[i + 1]! + cps[i + 2]!);
        covered.add(i).add(i + 1);
      }
    }
    for (let i = 0; i + 1 < cps.length; i++) if (!covered.has(i)) grams.add(cps[i]! + cps[i + 1]!);
  }
  const cps = Array.from(term);
  const exact = runs.length === 1 && (cps.length <= 2 || (cps.length === 3 && cps.every(isAsciiAlnum)));
  return { term, grams: [...grams], exact };
}

function bucketOf(gram: string): number {
  let h = 0x811c9dc5; // FNV-1a
  for (let i = 0; i < gram.length; i++) h = Math.imul(h ^ gram.charCodeAt(i), 0x01000193);
  return (h >>> 0) % BUCKETS;
}

// --- Blocks. Per gram: a varint header (byte length << 3 | bitmap flag << 2 | code units - 1), the gram's
// UTF-16 code units (2 bytes each), then its offsets in the chunk: as varints (the first, then each gap - 1),
// or, when that would take BITMAP bytes or more (the gram is in about one article in eight or more), as a
// bitmap of the chunk. Bitmaps keep common grams small and make intersecting them word-wise.

/** Bytes of a chunk's bitmap. */
const BITMAP = CHUNK / 8;

class ByteWriter {
  private buf = new Uint8Array(256);
  length = 0;

  private room(bytes: number): void {
    if (this.length + bytes <= this.buf.length) return;
    const next = new Uint8Array(Math.max(this.buf.length * 2, this.length + bytes));
    next.set(this.buf);
    this.buf = next;
  }

  varint(n: number): void {
    this.room(5);
    while (n >= 0x80) {
      this.buf[this.length++] = (n & 0x7f) | 0x80;
      n >>>= 7;
    }
    this.buf[this.length++] = n;
  }

  bytes(data: Uint8Array): void {
    this.room(data.length);
    this.buf.set(data, this.length);
    this.length += data.length;
  }

  unit(u: number): void {
    this.room(2);
    this.buf[this.length++] = u >>> 8;
    this.buf[this.length++] = u & 0xff;
  }

  done(): Uint8Array {
    return this.buf.slice(0, this.length);
  }
}

function varintSize(n: number): number {
  return n < 0x80 ? 1 : n < 0x4000 ? 2 : n < 0x200000 ? 3 : 4;
}

class ByteReader {
  pos = 0;
  constructor(readonly data: Uint8Array) {}

  varint(): number {
    let n = 0;
    let shift = 0;
    for (;;) {
      const byte = this.data[this.pos++]!;
      n |= (byte & 0x7f) << shift;
      if (byte < 0x80) return n >>> 0;
      shift += 7;
    }
  }

  unit(): number {
    const u = (this.data[this.pos]! << 8) | this.data[this.pos + 1]!;
    this.pos += 2;
    return u;
  }
}

/** Encodes a block from (gram, ascending doc numbers or offsets, base) entries; offsets are values - base. */
function encodeBlock(entries: Iterable<[gram: string, values: ArrayLike<number>, base: number]>): Uint8Array {
  const w = new ByteWriter();
  for (const [gram, values, base] of entries) {
    let size = 0;
    let prev = -1;
    for (let i = 0; i < values.length; i++) {
      const o = values[i]! - base;
      if (o > prev) size += varintSize(o - prev - 1);
      prev = Math.max(prev, o);
    }
    if (!size) continue;
    const bitmap = size >= BITMAP;
    w.varint(((bitmap ? BITMAP : size) << 3) | (bitmap ? 4 : 0) | (gram.length - 1));
    for (let i = 0; i < gram.length; i++) w.unit(gram.charCodeAt(i));
    if (bitmap) {
      const bits = new Uint8Array(BITMAP);
      for (let i = 0; i < values.length; i++) {
        const o = values[i]! - base;
        bits[o >>> 3]! |= 1 << (o & 7);
      }
      w.bytes(bits);
      continue;
    }
    prev = -1;
    for (let i = 0; i < values.length; i++) {
      const o = values[i]! - base;
      if (o > prev) w.varint(o - prev - 1);
      prev = Math.max(prev, o);
    }
  }
  return w.done();
}

interface Entry {
  gram: string;
  bitmap: boolean;
  start: number;
  end: number;
}

/** Walks a block's entries. */
function* entries(data: Uint8Array): Generator<Entry> {
  const r = new ByteReader(data);
  while (r.pos < data.length) {
    const header = r.varint();
    let gram = '';
    for (let n = (header & 3) + 1; n > 0; n--) gram += String.fromCharCode(r.unit());
    const start = r.pos;
    r.pos += header >>> 3;
    yield { gram, bitmap: (header & 4) !== 0, start, end: r.pos };
  }
}

function decodeBlock(data: Uint8Array): Map<string, number[]> {
  const lists = new Map<string, number[]>();
  for (const { gram, bitmap, start, end } of entries(data)) {
    const list: number[] = [];
    if (bitmap) {
      for (let o = 0; o < CHUNK; o++) if (data[start + (o >>> 3)]! & (1 << (o & 7))) list.push(o);
    } else {
      const r = new ByteReader(data);
      r.pos = start;
      for (let prev = -1; r.pos < end; ) list.push((prev += r.varint() + 1));
    }
    lists.set(gram, list);
  }
  return lists;
}

/** One gram's offsets in a block as a bitmap of the chunk (a view into `data` when stored as one). */
function findBitmap(data: Uint8Array, gram: string): Uint8Array | undefined {
  const r = new ByteReader(data);
  while (r.pos < data.length) {
    const header = r.varint();
    const n = (header & 3) + 1;
    let same = n === gram.length;
    for (let i = 0; i < n; i++) if (r.unit() !== gram.charCodeAt(i)) same = false;
    const size = header >>> 3;
    if (!same) {
      r.pos += size;
      continue;
    }
    if (header & 4) return data.subarray(r.pos, r.pos + size);
    const bits = new Uint8Array(BITMAP);
    const end = r.pos + size;
    for (let prev = -1; r.pos < end; ) {
      prev += r.varint() + 1;
      bits[prev >>> 3]! |= 1 << (prev & 7);
    }
    return bits;
  }
  return undefined;
}

const POPCOUNT = Uint8Array.from({ length: 256 }, (_, b) => {
  let c = 0;
  for (let x = b; x; x &= x - 1) c++;
  return c;
});

function popcount(bits: Uint8Array): number {
  let c = 0;
  for (let i = 0; i < bits.length; i++) c += POPCOUNT[bits[i]!]!;
  return c;
}

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
class BlockEdits {
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

/** The text of an article as the index sees it. */
export interface IndexText {
  title: string;
  html: string;
}

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

type SearchTables = Pick<LibraryTables, 'searchDocs' | 'searchTimes' | 'postings'>;

/**
 * Brings the index in line with the changes. Call inside the rw transaction
 * that writes the articles (scope: searchDocs, searchTimes, postings); each
 * article at most once per call. Only the grams that differ between before
 * and after are touched, so re-saving an unchanged text, tagging or marking
 * read costs no posting writes (only the row's copy is rewritten).
 */
export async function updateSearchIndex(t: SearchTables, changes: IndexChange[]): Promise<void> {
  if (!changes.length) return;
  const rows = await t.searchDocs.where('id').anyOf(changes.map((c) => c.id)).toArray();
  const byId = new Map(rows.map((row) => [row.id, row]));
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

/** Every gram the index holds, with the ids of its articles: for tests and for checking a library. */
export async function indexContents(t: SearchTables): Promise<Map<string, string[]>> {
  const docs = new Map((await t.searchDocs.toArray()).map((row) => [row.doc, row.id]));
  const out = new Map<string, string[]>();
  await t.postings.each((block) => {
    for (const [gram, offsets] of decodeBlock(block.data)) {
      const ids = offsets.map((o) => docs.get(block.chunk * CHUNK + o) ?? `#${block.chunk * CHUNK + o}`);
      out.set(gram, [...(out.get(gram) ?? []), ...ids]);
    }
  });
  for (const ids of out.values()) ids.sort();
  return out;
}

// --- Queries

/** The articles holding every gram of every term: a bitmap per chunk. */
class Matches {
  constructor(
    readonly bitmaps: Map<number, Uint8Array>,
    readonly count: number,
    /** Chunks in use: the library holds about chunks * CHUNK articles. */
    readonly chunks: number,
  ) {}

  has(doc: number): boolean {
    const bits = this.bitmaps.get(Math.floor(doc / CHUNK));
    const o = doc % CHUNK;
    return bits !== undefined && (bits[o >>> 3]! & (1 << (o & 7))) !== 0;
  }

  docs(): number[] {
    const docs: number[] = [];
    for (const [chunk, bits] of this.bitmaps) forEachBit(bits, (o) => docs.push(chunk * CHUNK + o));
    return docs;
  }
}

function forEachBit(bits: Uint8Array, visit: (offset: number) => void): void {
  for (let i = 0; i < bits.length; i++) {
    for (let byte = bits[i]!; byte; byte &= byte - 1) visit(i * 8 + 31 - Math.clz32(byte & -byte));
  }
}

async function matchingDocs(t: SearchTables, plans: TermPlan[]): Promise<Matches> {
  const grams = [...new Set(plans.flatMap((p) => p.grams))];
  const buckets = [...new Set(grams.map(bucketOf))];
  const blocks = new Map<number, PostingBlock[]>(
    await Promise.all(
      buckets.map(
        async (bucket) =>
          [bucket, await t.postings.where('[bucket+chunk]').between([bucket, Dexie.minKey], [bucket, Dexie.maxKey]).toArray()] as const,
      ),
    ),
  );
  let chunks = 0;
  for (const list of blocks.values()) for (const block of list) chunks = Math.max(chunks, block.chunk + 1);

  // Per gram: chunk -> bitmap. The rarest gram leads the intersection.
  const perGram = grams.map((gram) => {
    const bitmaps = new Map<number, Uint8Array>();
    let total = 0;
    for (const block of blocks.get(bucketOf(gram))!) {
      const bits = findBitmap(block.data, gram);
      if (bits) {
        bitmaps.set(block.chunk, bits);
        total += popcount(bits);
      }
    }
    return { bitmaps, total };
  });
  perGram.sort((a, b) => a.total - b.total);
  const [first, ...rest] = perGram;
  const result = new Map<number, Uint8Array>();
  let count = 0;
  for (const [chunk, lead] of first!.bitmaps) {
    const bits = lead.slice();
    for (const other of rest) {
      const next = other.bitmaps.get(chunk);
      if (!next) bits.fill(0);
      else for (let i = 0; i < BITMAP; i++) bits[i]! &= next[i]!;
    }
    const c = popcount(bits);
    if (c) result.set(chunk, bits);
    count += c;
  }
  return new Matches(result, count, chunks);
}

/** Newest first by [sortTime+id], as listArticles orders. */
function newestFirst(a: SearchDocRecord, b: SearchDocRecord): number {
  return b.sortTime - a.sortTime || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0);
}

/** Gives the candidates newest first, a batch at a time. */
interface Candidates {
  take(count: number): Promise<SearchDocRecord[]>;
}

/** Few candidates: read them all and sort. */
function sortedCandidates(t: SearchTables, matches: Matches): Candidates {
  let rows: SearchDocRecord[] | undefined;
  let pos = 0;
  return {
    async take(count) {
      rows ??= (await t.searchDocs.bulkGet(matches.docs())).filter((r): r is SearchDocRecord => r !== undefined).sort(newestFirst);
      return rows.slice(pos, (pos += count));
    },
  };
}

/** Many candidates: walk all articles newest first, keeping the candidates; stops when enough are found. */
function walkedCandidates(t: SearchTables, matches: Matches): Candidates {
  let below: [number, string] | undefined;
  let page = 64;
  let done = false;
  const ready: SearchDocRecord[] = [];
  return {
    async take(count) {
      while (ready.length < count && !done) {
        const rows = await (below ? t.searchDocs.where('[sortTime+id]').below(below) : t.searchDocs.orderBy('[sortTime+id]'))
          .reverse()
          .limit(page)
          .toArray();
        done = rows.length < page;
        page = Math.min(page * 2, 1024);
        if (rows.length) below = [rows.at(-1)!.sortTime, rows.at(-1)!.id];
        for (const row of rows) if (matches.has(row.doc)) ready.push(row);
      }
      return ready.splice(0, count);
    },
  };
}

/** Middling candidates: order them by the chunks' time rows, then read only the rows taken. */
function timedCandidates(t: SearchTables, matches: Matches): Candidates {
  let order: number[] | undefined; // docs, newest first by the second (within one, not yet ordered)
  let times: number[] = [];
  let pos = 0;
  return {
    async take(count) {
      if (!order) {
        const chunks = [...matches.bitmaps.keys()];
        // One range read (cheaper than a get per chunk), skipping the chunks without matches.
        const rows = await t.searchTimes.where('chunk').between(Math.min(...chunks), Math.max(...chunks), true, true).toArray();
        const found: { doc: number; time: number }[] = [];
        for (const row of rows) {
          const bits = matches.bitmaps.get(row.chunk);
          if (!bits) continue;
          forEachBit(bits, (o) => {
            const time = row.seconds[o]!;
            if (time) found.push({ doc: row.chunk * CHUNK + o, time });
          });
        }
        found.sort((a, b) => b.time - a.time);
        order = found.map((f) => f.doc);
        times = found.map((f) => f.time);
      }
      let end = Math.min(pos + count, order.length);
      // Within a second, articles are ordered by exact time and id, which only their rows have: take them together.
      while (end > pos && end < order.length && times[end] === times[end - 1]) end++;
      const rows = await t.searchDocs.bulkGet(order.slice(pos, end));
      pos = end;
      return rows.filter((r): r is SearchDocRecord => r !== undefined).sort(newestFirst);
    },
  };
}

/** How the matches are put in order: by reading each, by walking all articles newest first, or by the time rows. */
export type SearchOrder = 'sorted' | 'walked' | 'timed';

// Rough costs in Chromium with 50,000 articles, in microseconds: a point get, a row of a walk, a chunk's time row.
const GET_COST = 40;
const WALK_COST = 12;
const TIMES_COST = 80;

/** The cheapest way to meet the newest `need` matches. */
function orderFor(matches: Matches, need: number): SearchOrder {
  const library = matches.chunks * CHUNK;
  const sorted = matches.count * GET_COST;
  const walked = Math.min(library, (need * library) / matches.count) * WALK_COST;
  const timed = matches.bitmaps.size * TIMES_COST + need * GET_COST;
  return sorted <= walked && sorted <= timed ? 'sorted' : walked <= timed ? 'walked' : 'timed';
}

function holds(text: string, term: string): boolean {
  return text.includes(term);
}

/**
 * The newest articles matching every term of `query` (each term in the
 * title or in the body), newest first; `offset` skips that many matches
 * (more on demand). An empty query matches nothing.
 */
export async function searchArticles(
  db: LibraryDb,
  query: string,
  limit = 50,
  offset = 0,
  /** Forces one way of ordering the matches (tests compare them); the cheapest by default. */
  order?: SearchOrder,
): Promise<ArticleRecord[]> {
  const plans = searchTerms(query).map(planTerm);
  if (!plans.length || limit <= 0) return [];
  const checked = plans.filter((p) => !p.exact).map((p) => p.term);
  return db.transaction('r', [db.postings, db.searchDocs, db.searchTimes, db.bodies], async () => {
    const matches = await matchingDocs(db, plans);
    if (!matches.count) return [];
    const how = order ?? orderFor(matches, offset + limit);
    const candidates =
      how === 'sorted' ? sortedCandidates(db, matches) : how === 'walked' ? walkedCandidates(db, matches) : timedCandidates(db, matches);
    const found: ArticleRecord[] = [];
    let skip = offset;
    while (found.length < limit) {
      const batch = await candidates.take(Math.max(16, limit - found.length + skip));
      if (!batch.length) break;
      const records = batch.map((row) => row.article);
      const titles = records.map((r) => (r && checked.length ? searchForm(r.title) : ''));
      // Bodies only for the articles whose title does not already hold every checked term.
      const bodyIds = records.flatMap((r, i) => (r && !checked.every((term) => holds(titles[i]!, term)) ? [r.id] : []));
      const bodies = new Map((await db.bodies.bulkGet(bodyIds)).map((b, i) => [bodyIds[i]!, b?.html ?? '']));
      for (const [i, record] of records.entries()) {
        if (!record) continue;
        if (bodies.has(record.id)) {
          const body = searchForm(bodyText(bodies.get(record.id)!));
          if (!checked.every((term) => holds(titles[i]!, term) || holds(body, term))) continue;
        }
        if (skip > 0) skip--;
        else if (found.push(record) === limit) break;
      }
    }
    return found;
  });
}

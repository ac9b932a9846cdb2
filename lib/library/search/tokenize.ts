// Text to grams: the normalized form both the index and the matching use, and
// the grams read from it while indexing and planned from it while querying.
import { decodeEntities } from '../../html/allow-list';

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
export class GramTable {
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
export function scanGrams(form: string, table: GramTable, visit: (n: number) => void): void {
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

/** The text of an article as the index sees it. */
export interface IndexText {
  title: string;
  html: string;
}

/** The two texts of an article that are indexed, in searchForm. */
export function indexedForms(text: IndexText): [string, string] {
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

export interface TermPlan {
  term: string;
  /** Grams every article holding the term has (fewest that imply the rest). */
  grams: string[];
  /** Whether holding the grams is holding the term (else the text is checked). */
  exact: boolean;
}

export function planTerm(term: string): TermPlan {
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

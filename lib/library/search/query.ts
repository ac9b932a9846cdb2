// Answering a query: the docs holding every gram, then the newest of them,
// ordered the cheapest of three ways and checked against the text.
import { Dexie } from 'dexie';
import type { LibraryHandle } from '../tables';
import type { ArticleRecord, PostingBlock, SearchDocRecord } from '../records';
import { BITMAP, bucketOf, CHUNK, findBitmap, popcount } from './blocks';
import type { SearchTables } from './index-update';
import { bodyText, planTerm, searchForm, searchTerms, type TermPlan } from './tokenize';

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

/** Newest first by [sortTime+id], as the articles table's index orders. */
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

/** A page of matches, with how many there are in all. */
export interface SearchPage {
  articles: ArticleRecord[];
  /**
   * Articles the index finds for the query: exact when every term is
   * (`exact`); otherwise an upper bound, since a term of three or more
   * characters is only checked against the text of the articles shown.
   */
  count: number;
  exact: boolean;
}

/**
 * The newest articles matching every term of `query` (each term in the
 * title or in the body), newest first; `offset` skips that many matches
 * (more on demand). An empty query matches nothing.
 */
export async function searchArticles(
  db: LibraryHandle,
  query: string,
  limit = 50,
  offset = 0,
  /** Forces one way of ordering the matches (tests compare them); the cheapest by default. */
  order?: SearchOrder,
): Promise<ArticleRecord[]> {
  return (await searchPage(db, query, limit, offset, order)).articles;
}

/** As searchArticles, with the count of matches the index gives at no extra cost. */
export async function searchPage(db: LibraryHandle, query: string, limit = 50, offset = 0, order?: SearchOrder): Promise<SearchPage> {
  const plans = searchTerms(query).map(planTerm);
  if (!plans.length || limit <= 0) return { articles: [], count: 0, exact: true };
  const checked = plans.filter((p) => !p.exact).map((p) => p.term);
  return db.transaction('r', [db.postings, db.searchDocs, db.searchTimes, db.bodies], async () => {
    const matches = await matchingDocs(db, plans);
    if (!matches.count) return { articles: [], count: 0, exact: true };
    const how = order ?? orderFor(matches, offset + limit);
    const candidates =
      how === 'sorted' ? sortedCandidates(db, matches) : how === 'walked' ? walkedCandidates(db, matches) : timedCandidates(db, matches);
    const found: ArticleRecord[] = [];
    let skip = offset;
    let exhausted = false;
    while (found.length < limit) {
      const batch = await candidates.take(Math.max(16, limit - found.length + skip));
      if (!batch.length) {
        exhausted = true;
        break;
      }
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
    // Every candidate checked: the matches are known exactly.
    if (exhausted) return { articles: found, count: offset - skip + found.length, exact: true };
    return { articles: found, count: matches.count, exact: !checked.length };
  });
}

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

export { CHUNK } from './blocks';
export { updateSearchIndex, type IndexChange } from './index-update';
export { searchArticles, searchPage, type SearchOrder, type SearchPage } from './query';
export { articleGrams, bodyText, searchForm, searchTerms, type IndexText } from './tokenize';

/** A piece of a title: matched by the search (`hit`), or not. */
export interface Piece {
  text: string;
  hit: boolean;
}

/**
 * The title cut where the query's words occur, so the popup can mark them.
 * Case is ignored; words are the query split at white space, longest first
 * so `重卡订单` wins over `重卡`. Matching in the index is looser (NFKC,
 * punctuation ignored): a word found that way but not verbatim is simply
 * not marked.
 */
export function highlightPieces(text: string, query: string): Piece[] {
  const words = [...new Set(query.split(/\s+/).filter(Boolean).map((w) => w.toLowerCase()))].sort((a, b) => b.length - a.length);
  if (!words.length) return [{ text, hit: false }];
  const lower = text.toLowerCase();
  const pieces: Piece[] = [];
  let plain = 0;
  for (let i = 0; i < text.length; ) {
    // Lower-casing keeps the length for the CJK, Latin and digits searched here; a word that would not is skipped.
    const word = lower.length === text.length ? words.find((w) => lower.startsWith(w, i)) : undefined;
    if (!word) {
      i++;
      continue;
    }
    if (i > plain) pieces.push({ text: text.slice(plain, i), hit: false });
    pieces.push({ text: text.slice(i, i + word.length), hit: true });
    i += word.length;
    plain = i;
  }
  if (plain < text.length) pieces.push({ text: text.slice(plain), hit: false });
  return pieces;
}

import { highlightPieces } from './highlight';

const SHOW_TEXT = 4; // NodeFilter.SHOW_TEXT, spelt out: lib/ has no DOM globals

/**
 * Wraps the query's words in `<mark>` inside `root` (the reader's body,
 * opened from a search), text node by text node: markup is never parsed
 * again, so nothing from the article can be injected this way. Returns
 * how many were marked.
 */
export function markWords(root: Element, query: string): number {
  if (!query.trim()) return 0;
  const doc = root.ownerDocument;
  const walker = doc.createTreeWalker(root, SHOW_TEXT);
  const texts: Text[] = [];
  for (let node = walker.nextNode(); node; node = walker.nextNode()) texts.push(node as Text);
  let marked = 0;
  for (const text of texts) {
    const pieces = highlightPieces(text.data, query);
    if (!pieces.some((piece) => piece.hit)) continue;
    const parts = pieces.map((piece) => {
      if (!piece.hit) return doc.createTextNode(piece.text);
      marked++;
      const mark = doc.createElement('mark');
      mark.textContent = piece.text;
      return mark;
    });
    text.replaceWith(...parts);
  }
  return marked;
}

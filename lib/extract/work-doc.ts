/**
 * The one copy of the page that extraction works on (and Readability mutates).
 * When the page marks its body the Eastmoney way (`#ContentBody`, or the block
 * holding the `em_media` source line), only that block is copied, into a fresh
 * document: Readability then scores the body alone, which is both cleaner and
 * much cheaper than the whole page. Otherwise the whole document is cloned.
 */
import { nodeAt, pathFrom } from './dom';
import { lastMediaLine } from './page-meta';

// The body block holds the source line and at least two paragraphs; a smaller
// parent of the source line is a wrapper of that line alone.
const MIN_BODY_PARAGRAPHS = 3;

/**
 * Copies `doc` (or just `container`, its body block), leaving out `drop` (metadata elements).
 * Links in the copy resolve against `url`, whatever `<base>` the page declares.
 */
export function copyForExtraction(doc: Document, url: string, drop: Element[], container: Element | undefined): Document {
  const root: Node = container ?? doc.documentElement;
  const paths = drop.map((el) => pathFrom(root, el)).filter((p): p is number[] => p !== undefined);

  let work: Document;
  let rootCopy: Node;
  if (container) {
    work = doc.implementation.createHTMLDocument('');
    rootCopy = work.body.appendChild(work.importNode(container, true));
  } else {
    work = doc.cloneNode(true) as Document;
    rootCopy = work.documentElement;
    for (const base of Array.from(work.getElementsByTagName('base'))) base.remove();
  }
  // Find every copy before removing any, so removals cannot shift the paths.
  const copies = paths.map((p) => nodeAt(rootCopy, p));
  for (const node of copies) node?.parentNode?.removeChild(node);

  const head = work.head ?? work.documentElement?.insertBefore(work.createElement('head'), work.body);
  if (head) {
    const base = work.createElement('base');
    base.setAttribute('href', url);
    head.insertBefore(base, head.firstChild);
  }
  return work;
}

/**
 * The block holding a finews body, when the page marks it the Eastmoney way:
 * `#ContentBody`, else the block around the `em_media` source line, else the
 * block around the paragraphs indented with two full-width spaces.
 */
export function findBodyBlock(doc: Document): Element | undefined {
  const body = doc.body;
  const media = lastMediaLine(doc);
  const content = doc.getElementById('ContentBody');
  if (content && (!media || content.contains(media))) return content;
  let box = media?.parentElement ?? indentedParagraphsBlock(doc);
  while (box && box !== body && box.getElementsByTagName('p').length < MIN_BODY_PARAGRAPHS) box = box.parentElement;
  return box && box !== body && box !== doc.documentElement ? box : undefined;
}

// Eastmoney indents body paragraphs with two full-width spaces; page furniture is not indented.
const INDENTED = /^\s*\u3000\u3000\S/;
// Enough to reach the body's last paragraph on any real page (the large corpus page has 2,000).
const MAX_PARAGRAPHS_LOOKED_AT = 5_000;

/** The smallest element holding the first and the last indented paragraph. */
function indentedParagraphsBlock(doc: Document): Element | null {
  const paragraphs = doc.getElementsByTagName('p');
  let first: Element | undefined;
  let last: Element | undefined;
  for (let i = 0; i < paragraphs.length && i < MAX_PARAGRAPHS_LOOKED_AT; i++) {
    const p = paragraphs[i]!;
    if (!INDENTED.test(p.firstChild?.nodeValue ?? p.textContent ?? '')) continue;
    first ??= p;
    last = p;
  }
  let box = first?.parentElement ?? null;
  while (box && last && !box.contains(last)) box = box.parentElement;
  return box;
}

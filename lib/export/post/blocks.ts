import type { HtmlElement, HtmlNode } from '../../html/parse';
import { decodeEntities, parseAllowListed } from '../../html/allow-list';

/**
 * An article body as the blog keeps it: a flat list of block elements, one
 * `<p>` per paragraph. Wrappers (`<div>`s around blocks) are flattened,
 * loose inline content is put in a `<p>`, empty paragraphs dropped, and the
 * `"　　"` indents Eastmoney puts before paragraphs removed.
 */
export function bodyBlocks(html: string): HtmlElement[] {
  const blocks: HtmlElement[] = [];
  collect(parseAllowListed(html), blocks);
  return blocks.filter((b) => !isEmpty(b)).map(stripIndents);
}

const BLOCKS = new Set([
  'p', 'div', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'ul', 'ol', 'dl', 'table', 'blockquote', 'pre', 'hr', 'figure',
  'li', 'dt', 'dd', 'caption', 'thead', 'tbody', 'tfoot', 'tr', 'td', 'th', 'colgroup', 'col', 'figcaption',
]);

function collect(nodes: HtmlNode[], out: HtmlElement[]): void {
  let run: HtmlNode[] = [];
  const flush = () => {
    if (run.some((n) => n.type === 'element' || n.raw.trim() !== '')) {
      out.push({ type: 'element', tag: 'p', attrs: [], children: trimRun(run) });
    }
    run = [];
  };
  for (const node of nodes) {
    if (node.type === 'element' && BLOCKS.has(node.tag)) {
      flush();
      if (node.tag === 'div') {
        // A div of blocks is a wrapper; a div of text is a paragraph.
        if (node.children.some((c) => c.type === 'element' && BLOCKS.has(c.tag))) collect(node.children, out);
        else out.push({ ...node, tag: 'p' });
      } else {
        out.push(node);
      }
    } else {
      run.push(node);
    }
  }
  flush();
}

function trimRun(run: HtmlNode[]): HtmlNode[] {
  const nodes = run.slice();
  const first = nodes[0];
  if (first?.type === 'text') nodes[0] = { type: 'text', raw: first.raw.replace(/^\s+/, '') };
  const last = nodes[nodes.length - 1];
  if (last?.type === 'text') nodes[nodes.length - 1] = { type: 'text', raw: last.raw.replace(/\s+$/, '') };
  return nodes;
}

const MEDIA = new Set(['img', 'hr', 'table']);

function isEmpty(node: HtmlNode): boolean {
  if (node.type === 'text') return decodeEntities(node.raw).trim() === '';
  if (MEDIA.has(node.tag)) return false;
  return node.children.every(isEmpty);
}

// Leading white space, U+3000 included, written as itself or as a reference.
const INDENT = /^(?:\s|&#12288;|&#x3000;|&#160;|&#xa0;|&nbsp;|&emsp;)+/i;

/** Drops the full-width indents at the start of a paragraph and after each `<br>`. */
function stripIndents(block: HtmlElement): HtmlElement {
  if (block.tag !== 'p') return block;
  const children = block.children.map((child, i) => {
    const atLineStart = i === 0 || (block.children[i - 1]?.type === 'element' && (block.children[i - 1] as HtmlElement).tag === 'br');
    return atLineStart && child.type === 'text' ? { type: 'text' as const, raw: child.raw.replace(INDENT, '') } : child;
  });
  return { ...block, children };
}

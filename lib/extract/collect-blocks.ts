// The first step of cleaning a body: Readability's nested tree flattened into top-level blocks.
import { ELEMENT_NODE, TEXT_NODE } from './dom';
import { BLOCKS, CONTAINERS, DROP, HTML_NS } from './body-tags';

/** Readability's tree as a flat list of blocks; loose inline content is wrapped in `<p>`. */
export function collectBlocks(root: Element, doc: Document): Element[] {
  const blocks: Element[] = [];
  let run: Node[] = [];
  const flush = () => {
    if (run.some(isContent)) {
      const p = doc.createElement('p');
      for (const n of run) p.appendChild(n);
      blocks.push(p);
    }
    run = [];
  };
  const visit = (parent: Element) => {
    for (let child = parent.firstChild; child; ) {
      const next = child.nextSibling;
      if (child.nodeType === TEXT_NODE) {
        run.push(child);
      } else if (child.nodeType === ELEMENT_NODE) {
        const el = child as Element;
        const tag = el.localName;
        if (DROP.has(tag) || el.namespaceURI !== HTML_NS) {
          // skipped: never copied into the output
        } else if (BLOCKS.has(tag) && !(tag === 'p' && holdsBlocks(el))) {
          flush();
          blocks.push(el);
        } else if (CONTAINERS.has(tag) || tag === 'p') {
          flush();
          visit(el);
        } else if (holdsBlocks(el)) {
          // An inline wrapper: its loose text goes on the line around it.
          visit(el);
        } else {
          run.push(el);
        }
      }
      child = next;
    }
  };
  visit(root);
  flush();
  return blocks;
}

function isContent(node: Node): boolean {
  return node.nodeType === ELEMENT_NODE ? (node as Element).localName !== 'br' : /\S/.test(node.nodeValue ?? '');
}

// `<font><p>…</p></font>` and the like: an inline wrapper around blocks is a container.
// So is a `<p>` around blocks, which no parser makes but Readability does: it wraps
// "phrasing" runs in a `<p>`, and a `<b>` left open across a table (malformed
// pages) holds that table and the paragraphs after it. Kept as one block, it would
// serialize to HTML that parses back into another tree (and hide the source line).
function holdsBlocks(el: Element): boolean {
  return el.firstElementChild !== null && el.querySelector('p,div,table,ul,ol,h2,h3,h4,h5,h6,blockquote,pre') !== null;
}

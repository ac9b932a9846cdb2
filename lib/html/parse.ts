/**
 * Stored article bodies as a tree the allow-list (allow-list.ts) can walk,
 * in Node, an extension page or a worker alike: htmlparser2's tokenizer and
 * its forgiving tree rules, with entities left as written. It replaced a
 * hand-written reader: a maintained parser on the reader's security path.
 * It never needs to match a browser exactly: the allow-list re-serializes
 * everything it keeps, so whatever this takes for text comes out escaped as
 * text, and whatever it takes for an element not on the list is dropped.
 */
import { Parser } from 'htmlparser2';

export interface HtmlElement {
  type: 'element';
  /** Lower-case tag name. */
  tag: string;
  /** Attribute names lower-cased, the first of a repeated name kept; values as written (entities not decoded). */
  attrs: [string, string][];
  children: HtmlNode[];
}

export interface HtmlText {
  type: 'text';
  /** The text as written (entities not decoded). */
  raw: string;
}

export type HtmlNode = HtmlElement | HtmlText;

export const VOID_ELEMENTS = new Set([
  'area', 'base', 'br', 'col', 'embed', 'hr', 'img', 'input', 'keygen', 'link', 'meta', 'param', 'source', 'track', 'wbr',
]);

/** Parses an HTML fragment into a list of top-level nodes. Comments, CDATA and processing instructions are dropped. */
export function parseHtml(html: string): HtmlNode[] {
  const root: HtmlElement = { type: 'element', tag: '#root', attrs: [], children: [] };
  // Mirrors htmlparser2's own stack: it reports every element it opens, and closes each exactly once.
  const stack: HtmlElement[] = [root];
  const current = () => stack[stack.length - 1]!;
  const parser = new Parser(
    {
      onopentag(tag, attributes) {
        const el: HtmlElement = { type: 'element', tag, attrs: Object.entries(attributes), children: [] };
        current().children.push(el);
        stack.push(el);
      },
      onclosetag() {
        if (stack.length > 1) stack.pop();
      },
      ontext(raw) {
        const siblings = current().children;
        const last = siblings[siblings.length - 1];
        if (last?.type === 'text') last.raw += raw;
        else siblings.push({ type: 'text', raw });
      },
    },
    // Entities as written: the allow-list decodes URLs itself and keeps text's references.
    { decodeEntities: false, lowerCaseTags: true, lowerCaseAttributeNames: true, recognizeSelfClosing: false },
  );
  parser.write(html);
  parser.end();
  return root.children;
}

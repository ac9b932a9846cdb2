/**
 * A small, DOM-free HTML reader: enough of HTML's tokenizer and tree rules
 * to turn stored article bodies into a tree that the sanitizer can walk, in
 * Node, an extension page or a service worker alike. It never needs to match
 * a browser exactly: the sanitizer re-serializes everything it keeps, so
 * whatever this reader takes for text comes out escaped as text.
 */

export interface HtmlElement {
  type: 'element';
  /** Lower-case tag name. */
  tag: string;
  /** Attribute names lower-cased; values as written (entities not decoded). */
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

// Elements whose content is not markup (up to their end tag, or the end for plaintext).
const RAW_TEXT = new Set(['script', 'style', 'xmp', 'iframe', 'noembed', 'noframes', 'noscript', 'textarea', 'title', 'plaintext']);

// A start tag of one of these closes an open <p> (as HTML does).
const CLOSES_P = new Set([
  'address', 'article', 'aside', 'blockquote', 'center', 'details', 'dialog', 'dir', 'div', 'dl', 'fieldset', 'figcaption',
  'figure', 'footer', 'form', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'header', 'hgroup', 'hr', 'main', 'menu', 'nav', 'ol', 'p',
  'pre', 'section', 'summary', 'table', 'ul', 'li', 'dd', 'dt', 'plaintext', 'xmp',
]);
const SCOPE_BOUNDARY = new Set(['table', 'td', 'th', 'caption', 'template', 'button', 'object', 'applet', 'marquee', 'html']);

// Tags that implicitly close an open sibling of their own kind.
const CLOSES_OWN: Record<string, { close: string[]; until: string[] }> = {
  li: { close: ['li'], until: ['ul', 'ol', 'menu', 'table'] },
  dt: { close: ['dt', 'dd'], until: ['dl', 'table'] },
  dd: { close: ['dt', 'dd'], until: ['dl', 'table'] },
  tr: { close: ['tr', 'td', 'th'], until: ['table', 'thead', 'tbody', 'tfoot'] },
  td: { close: ['td', 'th'], until: ['tr', 'table'] },
  th: { close: ['td', 'th'], until: ['tr', 'table'] },
  thead: { close: ['thead', 'tbody', 'tfoot', 'tr', 'td', 'th'], until: ['table'] },
  tbody: { close: ['thead', 'tbody', 'tfoot', 'tr', 'td', 'th'], until: ['table'] },
  tfoot: { close: ['thead', 'tbody', 'tfoot', 'tr', 'td', 'th'], until: ['table'] },
  option: { close: ['option'], until: ['select', 'datalist', 'optgroup'] },
};

/** Parses an HTML fragment into a list of top-level nodes. */
export function parseHtml(html: string): HtmlNode[] {
  const root: HtmlElement = { type: 'element', tag: '#root', attrs: [], children: [] };
  const stack: HtmlElement[] = [root];
  const current = () => stack[stack.length - 1]!;

  const addText = (raw: string) => {
    if (raw === '') return;
    const siblings = current().children;
    const last = siblings[siblings.length - 1];
    if (last?.type === 'text') last.raw += raw;
    else siblings.push({ type: 'text', raw });
  };

  /** Index of the innermost open `tag` not hidden behind a boundary, or -1. */
  const findOpen = (tags: string[], boundary: Set<string> | string[]) => {
    const stop = boundary instanceof Set ? boundary : new Set(boundary);
    for (let i = stack.length - 1; i > 0; i--) {
      const tag = stack[i]!.tag;
      if (tags.includes(tag)) return i;
      if (stop.has(tag)) return -1;
    }
    return -1;
  };

  const open = (tag: string, attrs: [string, string][]) => {
    if (CLOSES_P.has(tag)) {
      const p = findOpen(['p'], SCOPE_BOUNDARY);
      if (p > 0) stack.length = p;
    }
    const rule = CLOSES_OWN[tag];
    if (rule) {
      const i = findOpen(rule.close, rule.until);
      if (i > 0) stack.length = i;
    }
    const el: HtmlElement = { type: 'element', tag, attrs, children: [] };
    current().children.push(el);
    if (!VOID_ELEMENTS.has(tag)) stack.push(el);
    return el;
  };

  const close = (tag: string) => {
    for (let i = stack.length - 1; i > 0; i--) {
      if (stack[i]!.tag === tag) {
        stack.length = i;
        return;
      }
    }
    // An end tag with nothing to close is dropped, as browsers do.
  };

  let pos = 0;
  const n = html.length;
  while (pos < n) {
    const lt = html.indexOf('<', pos);
    if (lt < 0) {
      addText(html.slice(pos));
      break;
    }
    addText(html.slice(pos, lt));
    pos = lt;
    const next = html[pos + 1] ?? '';

    if (html.startsWith('<!--', pos)) {
      const end = findCommentEnd(html, pos + 4);
      pos = end;
    } else if (next === '!' || next === '?') {
      const gt = html.indexOf('>', pos + 2);
      pos = gt < 0 ? n : gt + 1;
    } else if (next === '/') {
      if (/[a-zA-Z]/.test(html[pos + 2] ?? '')) {
        const tag = readTag(html, pos + 2);
        if (!tag) break; // EOF inside a tag: the tag is dropped.
        close(tag.name);
        pos = tag.end;
      } else {
        // `</>` is ignored; `</3` and the like are bogus comments.
        const gt = html.indexOf('>', pos + 2);
        pos = gt < 0 ? n : gt + 1;
      }
    } else if (/[a-zA-Z]/.test(next)) {
      const tag = readTag(html, pos + 1);
      if (!tag) break;
      pos = tag.end;
      const el = open(tag.name, tag.attrs);
      if (RAW_TEXT.has(tag.name)) {
        const endAt = tag.name === 'plaintext' ? -1 : findRawEnd(html, pos, tag.name);
        const text = html.slice(pos, endAt < 0 ? n : endAt);
        if (text) el.children.push({ type: 'text', raw: text });
        stack.pop();
        if (endAt < 0) break;
        const endTag = readTag(html, endAt + 2);
        pos = endTag ? endTag.end : n;
      }
    } else {
      addText('<');
      pos += 1;
    }
  }
  return root.children;
}

function findCommentEnd(html: string, from: number): number {
  // `<!-->` and `<!--->` are complete (empty) comments.
  if (html[from] === '>') return from + 1;
  if (html.startsWith('->', from)) return from + 2;
  for (let i = from; i < html.length; i++) {
    if (html.startsWith('-->', i)) return i + 3;
    if (html.startsWith('--!>', i)) return i + 4;
  }
  return html.length;
}

function findRawEnd(html: string, from: number, tag: string): number {
  const re = new RegExp(`</${tag}(?=[\\s/>])`, 'ig');
  re.lastIndex = from;
  const m = re.exec(html);
  return m ? m.index : -1;
}

interface TagToken {
  name: string;
  attrs: [string, string][];
  /** Index just past the closing `>`. */
  end: number;
}

/** Reads a tag from its name (just after `<` or `</`); undefined at EOF. */
function readTag(html: string, from: number): TagToken | undefined {
  let i = from;
  const n = html.length;
  while (i < n && !/[\s/>]/.test(html[i]!)) i++;
  const name = html.slice(from, i).toLowerCase();
  const attrs: [string, string][] = [];
  const seen = new Set<string>();
  while (i < n) {
    const ch = html[i]!;
    if (ch === '>') return { name, attrs, end: i + 1 };
    if (/\s/.test(ch)) {
      i++;
      continue;
    }
    // `/>` means nothing in HTML (void elements close themselves anyway).
    if (ch === '/') {
      i++;
      continue;
    }
    const nameStart = i;
    i++; // A name may begin with `=`.
    while (i < n && !/[\s/>=]/.test(html[i]!)) i++;
    const attrName = html.slice(nameStart, i).toLowerCase();
    while (i < n && /\s/.test(html[i]!)) i++;
    let value = '';
    if (html[i] === '=') {
      i++;
      while (i < n && /\s/.test(html[i]!)) i++;
      const quote = html[i];
      if (quote === '"' || quote === "'") {
        const close = html.indexOf(quote, i + 1);
        if (close < 0) return undefined;
        value = html.slice(i + 1, close);
        i = close + 1;
      } else {
        const start = i;
        while (i < n && !/[\s>]/.test(html[i]!)) i++;
        value = html.slice(start, i);
      }
    }
    // The first of two equal attribute names wins, as in HTML.
    if (!seen.has(attrName)) {
      seen.add(attrName);
      attrs.push([attrName, value]);
    }
  }
  return undefined;
}

import { parseHtml, VOID_ELEMENTS, type HtmlElement, type HtmlNode } from './parse';

/**
 * The string allow-list, without a DOM: the export's sanitizing (defense in
 * depth: stored bodies are sanitized already) and the reader's first pass
 * (display-body.ts). An allow-list: elements and attributes not listed are dropped,
 * URLs must be http(s) (links also mailto or relative), and the result is
 * re-serialized by us, so no markup the reader did not understand survives.
 * Runs without a DOM.
 */

/** Allowed elements and their allowed attributes (`class` is allowed on all). */
const ALLOWED: Record<string, readonly string[]> = {
  p: [], br: [], hr: [], div: [], span: [],
  h1: [], h2: [], h3: [], h4: [], h5: [], h6: [],
  strong: [], b: [], em: [], i: [], u: [], s: [], del: [], ins: [], sub: [], sup: [], small: [], mark: [],
  blockquote: [], q: [], cite: [], pre: [], code: [], kbd: [], samp: [], abbr: ['title'],
  ul: [], ol: ['start'], li: [], dl: [], dt: [], dd: [],
  table: [], caption: [], colgroup: ['span'], col: ['span'], thead: [], tbody: [], tfoot: [], tr: [],
  th: ['colspan', 'rowspan', 'align'], td: ['colspan', 'rowspan', 'align'],
  figure: [], figcaption: [],
  a: ['href', 'title'],
  img: ['src', 'alt', 'title', 'width', 'height'],
};

/** Dropped together with everything inside them. */
const DROPPED = new Set([
  'script', 'style', 'template', 'iframe', 'frame', 'frameset', 'object', 'embed', 'applet', 'param', 'noscript', 'noembed',
  'noframes', 'textarea', 'select', 'option', 'optgroup', 'datalist', 'button', 'input', 'keygen', 'svg', 'math', 'title',
  'head', 'meta', 'link', 'base', 'audio', 'video', 'source', 'track', 'canvas', 'map', 'area', 'xmp', 'plaintext', 'portal',
]);

/** Parses an HTML fragment, keeping only what the allow-list allows. */
export function parseAllowListed(html: string): HtmlNode[] {
  return sanitizeNodes(parseHtml(html));
}

function sanitizeNodes(nodes: HtmlNode[]): HtmlNode[] {
  const out: HtmlNode[] = [];
  for (const node of nodes) {
    if (node.type === 'text') {
      out.push(node);
      continue;
    }
    if (DROPPED.has(node.tag) || isHidden(node)) continue;
    const children = sanitizeNodes(node.children);
    const allowed = ALLOWED[node.tag];
    if (!allowed) {
      out.push(...children); // Unknown element: keep its content only.
      continue;
    }
    const attrs = sanitizeAttrs(node, allowed);
    if (node.tag === 'img' && !attrs.some(([name]) => name === 'src')) continue;
    out.push({ type: 'element', tag: node.tag, attrs, children });
  }
  return out;
}

function isHidden(el: HtmlElement): boolean {
  return el.attrs.some(
    ([name, value]) =>
      name === 'hidden' ||
      (name === 'style' && /display\s*:\s*none|visibility\s*:\s*hidden/i.test(decodeEntities(value))),
  );
}

function sanitizeAttrs(el: HtmlElement, allowed: readonly string[]): [string, string][] {
  const out: [string, string][] = [];
  for (const [name, raw] of el.attrs) {
    if (name !== 'class' && !allowed.includes(name)) continue;
    const value = attrValue(el.tag, name, raw);
    if (value !== undefined) out.push([name, value]);
  }
  return out;
}

/** The attribute's value, encoded for a double-quoted attribute, or undefined to drop it. */
function attrValue(tag: string, name: string, raw: string): string | undefined {
  switch (name) {
    case 'href':
      return mapDefined(safeUrl(decodeEntities(raw), ['http', 'https', 'mailto'], true), escapeAttr);
    case 'src':
      return mapDefined(safeUrl(decodeEntities(raw), ['http', 'https'], tag !== 'img'), escapeAttr);
    case 'class': {
      const names = decodeEntities(raw).split(/\s+/).filter((c) => /^[A-Za-z0-9_-]+$/.test(c));
      return names.length ? names.join(' ') : undefined;
    }
    case 'width':
    case 'height':
      return /^\d{1,5}%?$/.test(raw.trim()) ? raw.trim() : undefined;
    case 'colspan':
    case 'rowspan':
    case 'span':
    case 'start':
      return /^\d{1,4}$/.test(raw.trim()) ? raw.trim() : undefined;
    case 'align':
      return /^(?:left|right|center|justify)$/i.test(raw.trim()) ? raw.trim().toLowerCase() : undefined;
    default:
      // Free text (alt, title): keep its character references, escape the rest.
      return escapeHtmlText(raw).replace(/"/g, '&quot;');
  }
}

function mapDefined<T, U>(value: T | undefined, fn: (v: T) => U): U | undefined {
  return value === undefined ? undefined : fn(value);
}

/**
 * A URL (attribute values decoded first), checked: only the listed schemes
 * (and, when `relative`, scheme-less URLs); characters that mean something
 * to Markdown, Liquid or HTML are percent-encoded. Undefined when it is not
 * safe.
 */
export function safeUrl(address: string, schemes: readonly string[], relative = false): string | undefined {
  // Browsers drop tabs and newlines anywhere in a URL and C0/space at its ends.
  const url = address.replace(/[\t\n\r]/g, '').replace(/^[\x00-\x20]+|[\x00-\x20]+$/g, '');
  if (url === '' || /[\x00-\x1f\x7f]/.test(url)) return undefined;
  // An entity the decoder did not know could hide a scheme (`java&Tab;script:`).
  const head = url.split(/[/?#]/, 1)[0] ?? '';
  if (head.includes('&')) return undefined;
  const scheme = /^([a-zA-Z][a-zA-Z0-9+.-]*):/.exec(url)?.[1]?.toLowerCase();
  if (scheme === undefined ? !relative : !schemes.includes(scheme)) return undefined;
  return url.replace(/[ "<>`{}|()]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`);
}

// The entities a URL or class might plausibly use; others are left as written.
const NAMED: Record<string, string> = {
  amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: '\u00a0', Tab: '\t', NewLine: '\n', colon: ':',
  sol: '/', quest: '?', num: '#', equals: '=', period: '.', comma: ',', semi: ';', excl: '!', lpar: '(', rpar: ')',
  lsqb: '[', rsqb: ']', lbrack: '[', rbrack: ']', lcub: '{', rcub: '}', lbrace: '{', rbrace: '}', percnt: '%',
  plus: '+', dollar: '$', commat: '@', ast: '*', bsol: '\\', verbar: '|', vert: '|', grave: '`', Hat: '^',
  lowbar: '_', hyphen: '-', dash: '-', copy: '\u00a9', reg: '\u00ae', middot: '\u00b7', hellip: '\u2026',
  ldquo: '\u201c', rdquo: '\u201d', lsquo: '\u2018', rsquo: '\u2019', mdash: '\u2014', ndash: '\u2013',
};

/** Decodes numeric references (with or without `;`, as browsers do) and common named ones. */
export function decodeEntities(text: string): string {
  return text.replace(/&(?:#([0-9]{1,8});?|#[xX]([0-9a-fA-F]{1,7});?|([a-zA-Z][a-zA-Z0-9]*);)/g, (whole, dec, hex, name) => {
    if (name !== undefined) return NAMED[name] ?? whole;
    const cp = dec !== undefined ? Number.parseInt(dec, 10) : Number.parseInt(hex, 16);
    if (cp === 0 || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return '\ufffd';
    return String.fromCodePoint(cp);
  });
}

/** Text as written, made safe: character references kept, any other `&`, `<`, `>` escaped. */
function escapeHtmlText(raw: string): string {
  return raw
    .replace(/&(?!(?:[a-zA-Z][a-zA-Z0-9]*|#[0-9]+|#[xX][0-9a-fA-F]+);)/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;');
}

/** A decoded value for a double-quoted attribute. */
function escapeAttr(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** Serializes sanitized nodes (attribute values are already encoded). */
export function serializeHtml(nodes: HtmlNode[]): string {
  let out = '';
  for (const node of nodes) {
    if (node.type === 'text') {
      out += escapeHtmlText(node.raw);
      continue;
    }
    out += `<${node.tag}${node.attrs.map(([name, value]) => ` ${name}="${value}"`).join('')}>`;
    if (!VOID_ELEMENTS.has(node.tag)) out += `${serializeHtml(node.children)}</${node.tag}>`;
  }
  return out;
}

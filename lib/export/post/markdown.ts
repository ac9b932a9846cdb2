import TurndownService from 'turndown';
import { tables } from 'turndown-plugin-gfm';
import type { HtmlElement } from '../../html/parse';
import { serializeHtml } from '../../html/allow-list';

/**
 * The body as Markdown: one paragraph per block, tables as GFM tables
 * (tables without a heading row stay HTML, already sanitized), images kept.
 *
 * Turndown parses its input with the platform's DOMParser in a browser
 * (extension pages, offscreen documents) and with its bundled domino in
 * Node. A MV3 service worker has neither: call this from a page.
 */
export function markdownBody(blocks: HtmlElement[]): string {
  return markdownOf(serializeHtml(blocks));
}

/**
 * Turndown alone, on blocks `serializeHtml` wrote (see markdownSource in
 * post.ts): the one step of a post that needs a DOM.
 */
export function markdownOf(blocksHtml: string): string {
  try {
    return service().turndown(blocksHtml);
  } catch (error) {
    if (error instanceof ReferenceError) {
      throw new Error('Markdown export needs a DOM (DOMParser): run it in an extension page, not a service worker', {
        cause: error,
      });
    }
    throw error;
  }
}

let cached: TurndownService | undefined;

/** The one Turndown, with the blog's rules, that every conversion uses. */
export function service(): TurndownService {
  if (cached) return cached;
  const td = new TurndownService({
    headingStyle: 'atx',
    codeBlockStyle: 'fenced',
    bulletListMarker: '-',
    emDelimiter: '*',
    strongDelimiter: '**',
  });
  td.use(tables);
  const markdownEscape = td.escape.bind(td);
  td.escape = (text: string) => escapeForMarkdown(markdownEscape(text));
  td.addRule('image', {
    filter: 'img',
    replacement: (_content, node) => {
      const src = (node.getAttribute('src') ?? '').replace(/[()]/g, (c) => (c === '(' ? '%28' : '%29'));
      if (!src) return '';
      const alt = escapeForMarkdown(markdownEscape((node.getAttribute('alt') ?? '').replace(/\s+/g, ' ')));
      return `![${alt}](${src}${linkTitle(node.getAttribute('title'))})`;
    },
  });
  // Turndown's own link rule escapes a title's quotes with backslashes, which kramdown does not read.
  td.addRule('link', {
    filter: (node) => node.nodeName === 'A' && !!node.getAttribute('href'),
    replacement: (content, node) => {
      const href = (node.getAttribute('href') ?? '').replace(/[()<> ]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
      return `[${content}](${href}${linkTitle(node.getAttribute('title'))})`;
    },
  });
  cached = td;
  return td;
}

/**
 * A link or image title, with its leading space, or '' for none. kramdown
 * (the blog's Markdown) takes a title up to the first `"` followed by `)`,
 * knows no backslash escapes in it, and gives up on the whole link when the
 * title spans lines — each time the rest of the title is read as Markdown,
 * where raw HTML runs. So the title is one line, with `"`, `<`, `>`, `&`
 * (and brackets and braces) as character references, which kramdown writes into the attribute as they
 * are (and CommonMark decodes): the same title shows, and nothing in it can
 * end it.
 */
function linkTitle(title: string | null): string {
  const text = (title ?? '').replace(/\s+/g, ' ').trim();
  if (!text) return '';
  // Brackets and braces too, so that no Markdown reader, kramdown extension or scanner sees a link or `{:` in it.
  const escaped = text.replace(/[&"<>[\]{}]/g, (c) => `&#${c.charCodeAt(0)};`);
  return ` "${escaped}"`;
}

/**
 * What Turndown leaves alone but a Markdown reader would act on: `<` (raw
 * HTML and autolinks), `&` starting an entity, and `{` (kramdown's `{:…}`
 * attribute lists can add attributes, `{::…}` switches parsers).
 */
function escapeForMarkdown(text: string): string {
  return text
    .replace(/&(?=#?[a-zA-Z0-9]+;)/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/\{/g, '\\{');
}

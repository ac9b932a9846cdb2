import TurndownService from 'turndown';
import { tables } from 'turndown-plugin-gfm';
import type { HtmlElement } from './html-tree';
import { serializeHtml } from './sanitize';

/**
 * The body as Markdown: one paragraph per block, tables as GFM tables
 * (tables without a heading row stay HTML, already sanitized), images kept.
 *
 * Turndown parses its input with the platform's DOMParser in a browser
 * (extension pages, offscreen documents) and with its bundled domino in
 * Node. A MV3 service worker has neither: call this from a page.
 */
export function markdownBody(blocks: HtmlElement[]): string {
  try {
    return service().turndown(serializeHtml(blocks));
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

function service(): TurndownService {
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
  td.escape = (text: string) => escapeText(markdownEscape(text));
  td.addRule('image', {
    filter: 'img',
    replacement: (_content, node) => {
      const src = (node.getAttribute('src') ?? '').replace(/[()]/g, (c) => (c === '(' ? '%28' : '%29'));
      if (!src) return '';
      const alt = escapeText(markdownEscape((node.getAttribute('alt') ?? '').replace(/\s+/g, ' ')));
      const title = (node.getAttribute('title') ?? '').replace(/\s+/g, ' ').replace(/"/g, '\\"');
      return `![${alt}](${src}${title ? ` "${title}"` : ''})`;
    },
  });
  cached = td;
  return td;
}

/**
 * What Turndown leaves alone but a Markdown reader would act on: `<` (raw
 * HTML and autolinks), `&` starting an entity, and `{` (kramdown's `{:…}`
 * attribute lists can add attributes, `{::…}` switches parsers).
 */
function escapeText(text: string): string {
  return text
    .replace(/&(?=#?[a-zA-Z0-9]+;)/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/\{/g, '\\{');
}

/**
 * Turns Readability's article element into the stored body: a flat run of
 * blocks (one `<p>` per paragraph), only allowed tags and attributes, absolute
 * http(s) links and images, trimmed paragraphs and, on finews pages, no furniture.
 * DOMPurify still runs afterwards; this pass decides the shape, it does the safety.
 */
import { MEDIA_CLASS } from './body-tags';
import { cleanBlock, linkText, type Block } from './clean-block';
import { collectBlocks } from './collect-blocks';
import { dropFurniture } from './furniture';

export interface CleanOptions {
  /** The address links and images are resolved against. */
  baseUrl: string;
  /** Apply the Eastmoney/finews furniture rules. */
  finews: boolean;
  /** The article title: a heading repeating it is dropped. */
  title?: string;
  /** The `（文章来源：…）` line seen before Readability ran. */
  mediaLine?: string;
}

export interface CleanBody {
  /** The blocks' HTML, one string per top-level block, not yet sanitized. */
  blocks: string[];
  /** Whether the last block is the `em_media` source line. */
  endsWithMediaLine: boolean;
  images: string[];
  /** Characters of text, the source line excluded. */
  textLength: number;
  /** Of which inside links. */
  linkTextLength: number;
}

// The crawler's posts separate paragraphs by "\n " and glue the source line on:
// the same layout lets an export of this html match the blog byte for byte.
const SEPARATOR = '\n ';

/** Readability's article element as the body's blocks: collected, each cleaned, finews furniture dropped, the source line last. */
export function cleanBody(article: Element, options: CleanOptions): CleanBody {
  const doc = article.ownerDocument;
  let blocks: Block[] = [];
  for (const candidate of collectBlocks(article, doc)) {
    const block = cleanBlock(candidate, doc, options.baseUrl);
    if (block) blocks.push(block);
  }
  if (options.finews) blocks = dropFurniture(blocks, options.title);
  blocks = placeMediaLine(blocks, doc, options.mediaLine);

  // Serialized block by block rather than gathered under one parent: moving
  // thousands of children is quadratic in jsdom (each removal re-indexes siblings).
  const images: string[] = [];
  let textLength = 0;
  let linkTextLength = 0;
  const html = blocks.map((block) => {
    if (!block.media) textLength += block.text.length;
    if (block.plain) return `<p${block.media ? ` class="${MEDIA_CLASS}"` : ''}>${escapeText(block.text)}</p>`;
    const imgs = block.el.getElementsByTagName('img');
    for (let k = 0; k < imgs.length; k++) images.push(imgs[k]!.getAttribute('src')!);
    if (block.media) block.el.setAttribute('class', MEDIA_CLASS);
    else linkTextLength += linkText(block.el);
    return block.el.outerHTML;
  });
  return {
    blocks: html,
    endsWithMediaLine: blocks.length > 0 && blocks[blocks.length - 1]!.media,
    images: [...new Set(images)],
    textLength,
    linkTextLength,
  };
}

/** The blocks as stored: "\n " between blocks, none before the closing source line. */
export function layOut(blocks: string[], endsWithMediaLine: boolean): string {
  if (!endsWithMediaLine || blocks.length < 2) return blocks.join(SEPARATOR);
  return blocks.slice(0, -1).join(SEPARATOR) + blocks[blocks.length - 1];
}

// What the HTML serializer escapes in text: the same bytes as innerHTML would give.
const TEXT_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '\u00a0': '&nbsp;' };
function escapeText(text: string): string {
  return text.replace(/[&<>\u00a0]/g, (c) => TEXT_ESCAPES[c]!);
}

/** The source line ends the body: whatever follows it (the blog's links) is not article text. */
function placeMediaLine(blocks: Block[], doc: Document, mediaLine: string | undefined): Block[] {
  let last = -1;
  blocks.forEach((block, i) => {
    if (block.media) last = i;
  });
  // Only the last source line keeps its class; an earlier one is a plain paragraph.
  blocks.forEach((block, i) => {
    if (i !== last) block.media = false;
  });
  if (last >= 0) return blocks.slice(0, last + 1);
  if (!mediaLine || !blocks.length) return blocks;
  // Readability judged the source line out (its class reads like a negative hint): put it back.
  return [...blocks, { el: doc.createElement('p'), text: mediaLine, media: true, plain: true }];
}

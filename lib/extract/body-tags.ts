/**
 * The tags the body cleaning sorts elements into: flattened, kept as blocks,
 * allowed inside blocks, dropped with their content. sanitize.ts gives
 * DOMPurify the same output tags, so the two passes agree.
 */

// Flattened away: their children become top-level blocks.
export const CONTAINERS = new Set([
  'div', 'section', 'article', 'main', 'header', 'footer', 'aside', 'nav', 'center',
  'body', 'html', 'form', 'fieldset', 'details', 'hgroup', 'address',
]);
// Kept as top-level blocks.
export const BLOCKS = new Set([
  'p', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'ul', 'ol', 'dl', 'table', 'blockquote', 'pre', 'figure', 'hr',
]);
// Blocks that are structure rather than a line of text.
export const STRUCTURES = new Set(['ul', 'ol', 'dl', 'table']);
// Allowed inside blocks; anything else is unwrapped to its content.
export const INNER = new Set([
  'p', 'br', 'strong', 'b', 'em', 'i', 'u', 's', 'sub', 'sup', 'code', 'a', 'img',
  'ul', 'ol', 'li', 'dl', 'dt', 'dd', 'blockquote', 'pre', 'figure', 'figcaption', 'hr',
  'table', 'caption', 'thead', 'tbody', 'tfoot', 'tr', 'td', 'th', 'h2', 'h3', 'h4', 'h5', 'h6',
]);
// Removed with their content.
export const DROP = new Set([
  'script', 'noscript', 'style', 'template', 'iframe', 'frame', 'object', 'embed', 'applet', 'svg',
  'math', 'canvas', 'video', 'audio', 'source', 'track', 'picture', 'map', 'area', 'input', 'button',
  'select', 'textarea', 'option', 'label', 'meta', 'link', 'base', 'head', 'title',
]);
// Every tag the output may hold (DOMPurify's allow-list too).
export const OUTPUT_TAGS = [...INNER];

export const HTML_NS = 'http://www.w3.org/1999/xhtml';

/** The class of the `（文章来源：…）` source line that closes a finews body. */
export const MEDIA_CLASS = 'em_media';

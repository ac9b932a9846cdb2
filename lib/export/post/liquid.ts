/**
 * Jekyll runs Liquid over a post's content, so article text holding `{{` or
 * `{%` would be executed by the blog. Such text is wrapped in
 * `{% raw %}…{% endraw %}`; text without it is left byte for byte.
 *
 * - Each blank-line-separated chunk is wrapped on its own: Jekyll cuts the
 *   excerpt at the first blank line and renders it alone, and a raw block
 *   left open there is a Liquid syntax error.
 * - Inside raw, Liquid still looks for its end tag: any `{%` followed by
 *   `endraw` (with optional `-` and white space) ends it, whatever precedes
 *   it. So the chunk is split between the `{` and the `%` of each such
 *   `{%`, and each piece wrapped: `a{% endraw %}b` becomes
 *   `{% raw %}a{{% endraw %}{% raw %}% endraw %}b{% endraw %}`, which renders
 *   `a{% endraw %}b`. A piece ending in `{` merges with the closing tag into
 *   one token (`{{% endraw %}`), which Liquid (4 and 5) still reads as the end
 *   of the raw block, keeping the `{` as text.
 */
export function inertLiquid(text: string): string {
  if (!LIQUID_START.test(text)) return text; // most posts: no copy
  return text
    .split('\n\n')
    .map((chunk) => (LIQUID_START.test(chunk) ? wrapChunk(chunk) : chunk))
    .join('\n\n');
}

const LIQUID_START = /\{[{%]/;
const END_RAW = /\{%(?=-?\s*endraw)/i;

function wrapChunk(chunk: string): string {
  const parts = chunk.split(END_RAW);
  return parts
    .map((part, i) => `{% raw %}${i > 0 ? '%' : ''}${part}${i < parts.length - 1 ? '{' : ''}{% endraw %}`)
    .join('');
}

import type { HtmlElement } from '../../html/parse';
import { serializeHtml } from '../../html/allow-list';

/**
 * The body in the blog's own HTML shape: blocks on lines of their own, each
 * after the first indented by one space, and the source line
 * (`<p class="em_media">`) glued to the paragraph before it — exactly how
 * the crawler wrote the seed post.
 */
export function htmlBody(blocks: HtmlElement[]): string {
  return blocks
    .map((block, i) => {
      const html = noBlankLines(block);
      if (i === 0) return html;
      return isSourceLine(block) ? html : `\n ${html}`;
    })
    .join('');
}

export function isSourceLine(block: HtmlElement): boolean {
  return block.tag === 'p' && block.attrs.some(([name, value]) => name === 'class' && value.split(' ').includes('em_media'));
}

// A blank line would end Markdown's HTML block (and Jekyll's excerpt) early;
// outside <pre> it is just white space in HTML.
function noBlankLines(block: HtmlElement): string {
  const html = serializeHtml([block]);
  return html.includes('<pre') ? html : html.replace(/\n(?:[ \t\r\f\v]*\n)+/g, '\n');
}

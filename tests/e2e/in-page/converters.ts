/**
 * Evaluated in an extension page by tests/e2e/converters.test.ts: the two
 * ways the export converts a body, side by side in real Chromium.
 */
import { markdownBodyWithoutDom } from '../../../lib/export/post/markdown-without-dom';
import { postBody } from '../../../lib/export/post/post';

/** The bodies whose Markdown differs between the page's DOM and domino's parser. */
function converterMismatches(htmls: string[]): { html: string; page: string; worker: string }[] {
  return htmls.flatMap((html) => {
    const page = postBody(html, 'markdown');
    const worker = markdownBodyWithoutDom(html);
    return page === worker ? [] : [{ html, page, worker }];
  });
}

(globalThis as { finewsConverters?: unknown }).finewsConverters = {
  converterMismatches,
  hasNativeParser: () => typeof DOMParser === 'function',
};

/**
 * Bundled into an extension page by the benchmark: what the reader and the
 * search cost per body with the DOM-free HTML reader (lib/html/), timed over
 * the same bodies in one run.
 */
import { parseAllowListed, serializeHtml } from '../../lib/html/allow-list';
import { bodyForDisplay } from '../../lib/html/display-body';
import { bodyText } from '../../lib/library/search/tokenize';

function time(bodies: string[], fn: (html: string) => unknown): number {
  const start = performance.now();
  for (const html of bodies) fn(html);
  return performance.now() - start;
}

/** Milliseconds for all `bodies`, best of `runs` (the least disturbed run). */
function run(bodies: string[], runs: number): Record<string, number> {
  const best: Record<string, number> = { firstPass: Infinity, display: Infinity, searchText: Infinity };
  for (let i = 0; i < runs; i++) {
    best.firstPass = Math.min(best.firstPass!, time(bodies, (html) => serializeHtml(parseAllowListed(html))));
    best.display = Math.min(best.display!, time(bodies, (html) => bodyForDisplay(window, html)));
    best.searchText = Math.min(best.searchText!, time(bodies, bodyText));
  }
  return best;
}

(globalThis as { finewsHtmlBench?: unknown }).finewsHtmlBench = { run };

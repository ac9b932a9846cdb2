/**
 * Evaluated in an extension page by the benchmark, after the library has
 * been filled: the Markdown conversion of the stored bodies alone, to
 * compare with the export page's own export of the same library.
 */
import { LibraryDb } from '../../lib/library/db';
import { bodyBlocks } from '../../lib/export/post/blocks';
import { markdownBody } from '../../lib/export/post/markdown';
import { markdownBodyWithoutDom } from '../../lib/export/post/markdown-without-dom';

const db = new LibraryDb();

/** Only the Markdown conversion of every stored body by `convert` (bodies read beforehand, not timed). */
async function timeConversion(convert: (html: string) => string): Promise<{ ms: number; bodies: number }> {
  const bodies = await db.bodies.toArray();
  const start = performance.now();
  for (const body of bodies) convert(body.html);
  return { ms: performance.now() - start, bodies: bodies.length };
}

/** As the page converts a body, with its own DOM: the export benchmark's yardstick. */
const convertOnly = () => timeConversion((html) => markdownBody(bodyBlocks(html)));

/** With domino's parser instead of the page's DOM, as the export's worker converts: for the record. */
const convertWithoutDom = () => timeConversion(markdownBodyWithoutDom);

(globalThis as { finewsExportBench?: unknown }).finewsExportBench = { convertOnly, convertWithoutDom };

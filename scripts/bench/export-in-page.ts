/**
 * Evaluated in an extension page by the benchmark, after the library has
 * been filled: the Markdown conversion of the stored bodies alone, to
 * compare with the export page's own export of the same library.
 */
import { LibraryDb } from '../../lib/db';
import { bodyBlocks } from '../../lib/export/blocks';
import { markdownBody } from '../../lib/export/markdown';
import { markdownBodyWithoutDom } from '../../lib/export/markdown-without-dom';

const db = new LibraryDb();

/** Only the Markdown conversion of every stored body (bodies read beforehand, not timed). */
async function convertOnly(): Promise<{ ms: number; bodies: number }> {
  const bodies = await db.bodies.toArray();
  const start = performance.now();
  for (const body of bodies) markdownBody(bodyBlocks(body.html));
  return { ms: performance.now() - start, bodies: bodies.length };
}

/** The same with domino's parser instead of the page's DOM, as the export's worker converts: for the record. */
async function convertWithoutDom(): Promise<{ ms: number; bodies: number }> {
  const bodies = await db.bodies.toArray();
  const start = performance.now();
  for (const body of bodies) markdownBodyWithoutDom(body.html);
  return { ms: performance.now() - start, bodies: bodies.length };
}

(globalThis as { finewsExportBench?: unknown }).finewsExportBench = { convertOnly, convertWithoutDom };

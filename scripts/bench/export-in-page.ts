/**
 * Evaluated in an extension page by the benchmark, after the library has
 * been filled: the export the popup starts (library → posts → zip), and the
 * Markdown conversion of the same bodies alone, for comparison.
 */
import { LibraryDb } from '../../lib/db';
import { libraryPosts } from '../../lib/export-library';
import { bodyBlocks } from '../../lib/export/blocks';
import { markdownBody } from '../../lib/export/markdown';
import { DEFAULT_EXPORT_SETTINGS } from '../../lib/export/settings';
import { zipPosts } from '../../lib/export/zip';

const db = new LibraryDb();
// Chromium's heap size (precise with --enable-precise-memory-info).
const heap = () => (performance as unknown as { memory?: { usedJSHeapSize: number } }).memory?.usedJSHeapSize ?? NaN;

/** The whole library to a zip, as the export page does; with the heap's peak growth and the zip's size. */
async function exportZip(): Promise<{ ms: number; posts: number; peakMb: number; zipMb: number }> {
  const base = heap();
  let peak = base;
  let bytes = 0;
  const parts: Uint8Array[] = [];
  const start = performance.now();
  let chunks = 0;
  const { count } = await zipPosts(libraryPosts(db, DEFAULT_EXPORT_SETTINGS), (chunk) => {
    parts.push(chunk);
    bytes += chunk.length;
    // Reading the heap size is not free: sample it now and then.
    if (++chunks % 500 === 0) peak = Math.max(peak, heap());
  }, { level: (globalThis as { zipLevel?: 0 | 1 | 6 }).zipLevel ?? 6 });
  peak = Math.max(peak, heap());
  const blob = new Blob(parts as BlobPart[], { type: 'application/zip' });
  const ms = performance.now() - start;
  return { ms, posts: count, peakMb: (peak - base) / 1e6, zipMb: blob.size / 1e6 };
}

/** Only the Markdown conversion of every stored body (bodies read beforehand, not timed). */
async function convertOnly(): Promise<{ ms: number; bodies: number }> {
  const bodies = await db.bodies.toArray();
  const start = performance.now();
  for (const body of bodies) markdownBody(bodyBlocks(body.html));
  return { ms: performance.now() - start, bodies: bodies.length };
}

(globalThis as { finewsExportBench?: unknown }).finewsExportBench = { exportZip, convertOnly };

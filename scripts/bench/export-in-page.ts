/**
 * Evaluated in an extension page by the benchmark, after the library has
 * been filled: the Markdown conversion of the stored bodies alone, to
 * compare with the export page's own export of the same library.
 */
import { LibraryDb } from '../../lib/library/db';
import { bodyBlocks } from '../../lib/export/post/blocks';
import { markdownBody } from '../../lib/export/post/markdown';
import { markdownBodyWithoutDom } from '../../lib/export/post/markdown-without-dom';
import { StoredZip } from '../../lib/export/zip/stored-zip';
import { downloadZip } from 'client-zip';

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

/**
 * Only the zipping of every stored body as a post-sized entry, into a Blob:
 * our StoredZip against client-zip (maintained, streaming, Zip64), so that
 * keeping our own writer rests on a figure.
 */
async function zipOnly(writer: 'stored' | 'client-zip'): Promise<{ ms: number; bytes: number }> {
  const posts = (await db.bodies.toArray()).map((body) => ({ fileName: `${body.id}.md`, content: body.html }));
  const start = performance.now();
  let blob: Blob;
  if (writer === 'stored') {
    const zip = new StoredZip();
    const parts: Uint8Array<ArrayBuffer>[] = [];
    for (const post of posts) {
      zip.add(post);
      // As the export does: the bytes are taken after each batch of 50.
      if (zip.count % 50 === 0) parts.push(zip.take() as Uint8Array<ArrayBuffer>);
    }
    zip.end();
    parts.push(zip.take() as Uint8Array<ArrayBuffer>);
    blob = new Blob(parts, { type: 'application/zip' });
  } else {
    const modified = new Date();
    blob = await downloadZip(posts.map((post) => ({ name: `_posts/${post.fileName}`, input: post.content, lastModified: modified }))).blob();
  }
  return { ms: performance.now() - start, bytes: blob.size };
}

(globalThis as { finewsExportBench?: unknown }).finewsExportBench = { convertOnly, convertWithoutDom, zipOnly };

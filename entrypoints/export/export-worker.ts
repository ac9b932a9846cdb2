/**
 * The export's worker: lib/export/zip/zip-library.ts reads the library, writes
 * each post and zips it here, beside the page. Markdown conversion is shared:
 * the page converts with its native DOM, and this worker with domino's
 * parser whenever it would otherwise wait.
 */
import { LibraryDb } from '../../lib/library/db';
import { zipLibrary } from '../../lib/export/zip/zip-library';
import type { ExportWorkerRequest, ExportWorkerResponse, RefusedPost } from '../../lib/protocol/messages';

const scope = self as unknown as {
  onmessage: ((event: MessageEvent<ExportWorkerRequest>) => void) | null;
  postMessage(message: ExportWorkerResponse, transfer?: Transferable[]): void;
};

// domino (a third of this worker's code) loads once the worker has started: the page converts the first batches
// meanwhile, and all of them if it never loads.
let withoutDom: ((html: string) => string) | undefined;
void import('../../lib/export/post/markdown-without-dom')
  .then((module) => (withoutDom = module.markdownBodyWithoutDom))
  .catch(() => undefined);

// Opened as the worker loads, while the page is still reading the scope.
const db = new LibraryDb();
void db.open().catch(() => undefined); // a failure surfaces at the first read, as an export failure

// Conversions asked of the page, answered in order.
const converting: ((bodies: string[]) => void)[] = [];

function convertOnPage(htmls: string[]): Promise<string[]> {
  return new Promise((resolve) => {
    converting.push(resolve);
    scope.postMessage({ type: 'convert', htmls });
  });
}

function sendChunks(chunks: Uint8Array[], count: number, done: boolean, refused: RefusedPost[]): void {
  // Transferred, not copied: the page takes the buffers as they are (each once).
  const buffers = new Set(chunks.map((chunk) => chunk.buffer as ArrayBuffer));
  scope.postMessage({ type: 'zip-chunks', chunks, count, done, ...(done && { refused }) }, [...buffers]);
}

scope.onmessage = ({ data }) => {
  if (data.type === 'converted') converting.shift()?.(data.bodies);
  else {
    zipLibrary(db, data.ids, data.settings, convertOnPage, sendChunks, (htmls) => withoutDom && htmls.map(withoutDom)).catch((error: unknown) =>
      scope.postMessage({ type: 'export-failed', message: error instanceof Error ? error.message : String(error) }),
    );
  }
};

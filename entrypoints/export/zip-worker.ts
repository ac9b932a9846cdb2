/**
 * Compresses the export's posts off the page's thread: the page converts
 * bodies to Markdown while this worker deflates the posts before them, so
 * the two halves of an export run side by side on two cores.
 */
import { PostZip } from '../../lib/export/zip';
import type { ZipWorkerRequest, ZipWorkerResponse } from '../../lib/messages';

const scope = self as unknown as {
  onmessage: ((event: MessageEvent<ZipWorkerRequest>) => void) | null;
  postMessage(message: ZipWorkerResponse, transfer: Transferable[]): void;
};

let pending: Uint8Array[] = [];
const zip = new PostZip((chunk) => pending.push(chunk));

function answer(done: boolean): void {
  const chunks = pending;
  pending = [];
  // Transferred, not copied: the page takes the buffers as they are (each once).
  const buffers = new Set(chunks.map((chunk) => chunk.buffer as ArrayBuffer));
  scope.postMessage({ type: 'zip-chunks', chunks, count: zip.count, done }, [...buffers]);
}

scope.onmessage = ({ data }) => {
  try {
    if (data.type === 'zip-posts') {
      for (const post of data.posts) zip.add(post);
      answer(false);
    } else {
      zip.end();
      answer(true);
    }
  } catch (error) {
    scope.postMessage({ type: 'zip-failed', message: error instanceof Error ? error.message : String(error) }, []);
  }
};

/**
 * The export's worker: reads the library, writes each post around the body
 * the page converted, and zips it. Only the Markdown conversion needs the
 * page's thread (it needs a DOM); everything else runs here beside it, so an
 * export costs little more than converting its bodies.
 */
import { LibraryDb } from '../../lib/db';
import { libraryPages, type ArticleWithBody } from '../../lib/export-library';
import { markdownSource, postAround, postBody } from '../../lib/export/post';
import type { ExportSettings } from '../../lib/export/settings';
import { PostZip } from '../../lib/export/zip';
import type { ExportWorkerRequest, ExportWorkerResponse } from '../../lib/messages';

const scope = self as unknown as {
  onmessage: ((event: MessageEvent<ExportWorkerRequest>) => void) | null;
  postMessage(message: ExportWorkerResponse, transfer?: Transferable[]): void;
};

/** Posts per conversion asked of the page. */
const BATCH = 50;
/** Batches whose bodies are with the page for converting at once; memory holds these and no more. */
const BATCHES_AHEAD = 16;

// Opened as the worker loads, while the page is still reading the scope.
const db = new LibraryDb();
void db.open().catch(() => undefined); // a failure surfaces at the first read, as an export failure

// Conversions asked of the page, answered in order.
const converting: ((bodies: string[]) => void)[] = [];

function converted(htmls: string[]): Promise<string[]> {
  return new Promise((resolve) => {
    converting.push(resolve);
    scope.postMessage({ type: 'convert', htmls });
  });
}

async function run(ids: string[] | undefined, settings: ExportSettings): Promise<void> {
  let pending: Uint8Array[] = [];
  // Stored, not deflated: deflating costs more than converting the posts
  // (measured in npm run bench), and the zip is unpacked into _posts/ at once.
  const zip = new PostZip((chunk) => pending.push(chunk), { level: 0 });
  const send = (done: boolean) => {
    const chunks = pending;
    pending = [];
    // Transferred, not copied: the page takes the buffers as they are (each once).
    const buffers = new Set(chunks.map((chunk) => chunk.buffer as ArrayBuffer));
    scope.postMessage({ type: 'zip-chunks', chunks, count: zip.count, done }, [...buffers]);
  };
  const write = async ({ page, bodies }: { page: ArticleWithBody[]; bodies: Promise<string[]> }) => {
    const ready = await bodies;
    page.forEach((article, i) => zip.add(postAround(article, ready[i]!, settings)));
    send(false);
  };

  // A few batches ahead: the page always has bodies to convert while these
  // are read and zipped (the page's thread is the one that limits an
  // export). Batches are smaller than the pages read, so the page starts early.
  const queued: { page: ArticleWithBody[]; bodies: Promise<string[]> }[] = [];
  for await (const read of libraryPages(db, ids)) {
    for (let at = 0; at < read.length; at += BATCH) {
      const page = read.slice(at, at + BATCH);
      const bodies =
        settings.bodyFormat === 'markdown'
          ? converted(page.map((article) => markdownSource(article.html)))
          : Promise.resolve(page.map((article) => postBody(article.html, 'html')));
      queued.push({ page, bodies });
      if (queued.length > BATCHES_AHEAD) await write(queued.shift()!);
    }
  }
  for (const next of queued) await write(next);
  zip.end();
  send(true);
}

scope.onmessage = ({ data }) => {
  if (data.type === 'converted') converting.shift()?.(data.bodies);
  else {
    run(data.ids, data.settings).catch((error: unknown) =>
      scope.postMessage({ type: 'export-failed', message: error instanceof Error ? error.message : String(error) }),
    );
  }
};

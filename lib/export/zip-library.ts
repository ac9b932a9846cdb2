import type { LibraryDb } from '../db';
import { libraryPages, type ArticleWithBody } from '../export-library';
import { markdownSource, postAround, postBody } from './post';
import type { ExportSettings } from './settings';
import { PostZip } from './zip';

/** Posts per conversion asked of `convert`. */
const BATCH = 50;
/** Batches handed to `convert` and not yet zipped; memory holds these and no more. */
const BATCHES_AHEAD = 16;

/**
 * The export's zip of the library (or of `ids`), in `libraryPosts` order.
 * Markdown bodies are made in two halves: `markdownSource` here, then
 * `convert` (Turndown, `markdownOf`), which needs a DOM: in the export page
 * this runs in a worker and `convert` asks the page. A few batches are handed
 * to `convert` ahead, so it always has work while earlier ones are zipped.
 * `onChunks` gets the zip's bytes after each batch (`done` on the last).
 *
 * Entries are stored, not deflated: deflating cost more than converting the
 * posts (measured in npm run bench), and the zip is unpacked into _posts/ at
 * once.
 */
export async function zipLibrary(
  db: LibraryDb,
  ids: string[] | undefined,
  settings: ExportSettings,
  convert: (sources: string[]) => Promise<string[]>,
  onChunks: (chunks: Uint8Array[], count: number, done: boolean) => void,
): Promise<number> {
  let pending: Uint8Array[] = [];
  const zip = new PostZip((chunk) => pending.push(chunk), { level: 0 });
  const flush = (done: boolean) => {
    const chunks = pending;
    pending = [];
    onChunks(chunks, zip.count, done);
  };
  const write = async ({ page, bodies }: { page: ArticleWithBody[]; bodies: Promise<string[]> }) => {
    const ready = await bodies;
    page.forEach((article, i) => zip.add(postAround(article, ready[i]!, settings)));
    flush(false);
  };

  const queued: { page: ArticleWithBody[]; bodies: Promise<string[]> }[] = [];
  for await (const read of libraryPages(db, ids)) {
    // Batches smaller than the pages read: `convert` starts early.
    for (let at = 0; at < read.length; at += BATCH) {
      const page = read.slice(at, at + BATCH);
      const bodies =
        settings.bodyFormat === 'markdown'
          ? convert(page.map((article) => markdownSource(article.html)))
          : Promise.resolve(page.map((article) => postBody(article.html, 'html')));
      queued.push({ page, bodies });
      if (queued.length > BATCHES_AHEAD) await write(queued.shift()!);
    }
  }
  for (const next of queued) await write(next);
  zip.end();
  flush(true);
  return zip.count;
}

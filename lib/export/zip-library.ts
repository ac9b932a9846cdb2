import type { LibraryDb } from '../db';
import { libraryPages, type ArticleWithBody } from '../export-library';
import { postAround, postBody } from './post';
import type { ExportSettings } from './settings';
import { StoredZip } from './stored-zip';

/** Posts per conversion. */
const BATCH = 50;
/** Batches converted or converting and not yet zipped; memory holds these and no more. */
const BATCHES_AHEAD = 16;
/** Batches `convert` may have in hand before this thread converts the next one itself. */
const AWAY_IN_HAND = 10;

/** Stored bodies (`html`) to Markdown bodies, as `postBody` makes them. */
export type Converter<T> = (htmls: string[]) => T;

/**
 * The export's zip of the library (or of `ids`), in `libraryPosts` order.
 * Converting bodies to Markdown is most of an export's work, so two threads
 * share it: `convert` converts elsewhere (in the export page, this runs in a
 * worker and `convert` asks the page), and while it has `AWAY_IN_HAND`
 * batches in hand, the next batch is converted here by `convertHere` (when
 * given). Neither thread then waits for the other for long.
 * `onChunks` gets the zip's bytes after each batch (`done` on the last).
 *
 * Entries are stored, not deflated (see StoredZip): deflating cost more than
 * converting the posts (measured in npm run bench), and the zip is unpacked
 * into _posts/ at once.
 */
export async function zipLibrary(
  db: LibraryDb,
  ids: string[] | undefined,
  settings: ExportSettings,
  convert: Converter<Promise<string[]>>,
  onChunks: (chunks: Uint8Array[], count: number, done: boolean) => void,
  convertHere?: Converter<string[]>,
): Promise<number> {
  const zip = new StoredZip();
  const flush = (done: boolean) => onChunks([zip.take()], zip.count, done);
  const write = async ({ page, bodies }: Batch) => {
    const ready = await bodies;
    page.forEach((article, i) => zip.add(postAround(article, ready[i]!, settings)));
    flush(false);
  };

  let away = 0;
  const markdown = (htmls: string[]): Promise<string[]> => {
    if (convertHere && away >= AWAY_IN_HAND) return Promise.resolve(convertHere(htmls));
    away++;
    return convert(htmls).finally(() => away--);
  };

  const queued: Batch[] = [];
  for await (const read of libraryPages(db, ids)) {
    // Batches smaller than the pages read: converting starts early.
    for (let at = 0; at < read.length; at += BATCH) {
      const page = read.slice(at, at + BATCH);
      const htmls = page.map((article) => article.html);
      const bodies =
        settings.bodyFormat === 'markdown'
          ? markdown(htmls)
          : Promise.resolve(htmls.map((html) => postBody(html, 'html')));
      queued.push({ page, bodies });
      if (queued.length > BATCHES_AHEAD) await write(queued.shift()!);
    }
  }
  for (const next of queued) await write(next);
  zip.end();
  flush(true);
  return zip.count;
}

interface Batch {
  page: ArticleWithBody[];
  bodies: Promise<string[]>;
}


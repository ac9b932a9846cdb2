import type { LibraryDb } from '../../library/db';
import type { RefusedPost } from '../../protocol/messages';
import { libraryPages, type ArticleWithBody } from '../read-library';
import { postAround, postBody, UndatedPostError } from '../post/post';
import type { ExportSettings } from '../settings';
import { StoredZip } from './stored-zip';

/** Posts per conversion. */
const BATCH = 50;
/** Batches read and not yet zipped; memory holds these and no more. */
const BATCHES_AHEAD = 40;
/** Batches `convert` is given to hold at once: enough that it never waits for the next. */
const AWAY_IN_HAND = 8;
/** The same once the whole library is read: fewer, so that both threads finish together. */
const AWAY_AT_END = 2;

/** Stored bodies (`html`) to Markdown bodies, as `postBody` makes them. */
export type Converter<T> = (htmls: string[]) => T;

interface Batch {
  page: ArticleWithBody[];
  htmls: string[];
  /** Who converts it: nobody yet, `convert`, or this thread. */
  by: 'nobody' | 'away' | 'here';
  bodies?: string[];
  failure?: unknown;
}

/**
 * The export's zip of the library (or of `ids`), in `libraryPages` order.
 * Converting bodies to Markdown is most of an export's work, so two threads
 * share it: `convert` converts elsewhere (in the export page, this runs in a
 * worker and `convert` asks the page) and is kept `AWAY_IN_HAND` batches in
 * hand; whenever this thread would otherwise wait (for the library to be
 * read, or for `convert`), it converts a batch nobody has taken yet itself
 * with `convertHere` (when given; it answers undefined while it cannot yet).
 * Neither thread then idles while there is work. `onChunks` gets the zip's bytes after each batch (`done` on the last,
 * with the posts left out because they have no date: the rest of the library is still exported).
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
  onChunks: (chunks: Uint8Array[], count: number, done: boolean, refused: RefusedPost[]) => void,
  convertHere?: Converter<string[] | undefined>,
): Promise<{ count: number; refused: RefusedPost[] }> {
  const zip = new StoredZip();
  const refused: RefusedPost[] = [];
  const add = (article: ArticleWithBody, body: string) => {
    try {
      zip.add(postAround(article, body, settings));
    } catch (error) {
      if (!(error instanceof UndatedPostError)) throw error;
      refused.push({ id: error.articleId, title: error.title });
    }
  };
  const batches: Batch[] = [];
  const turns = new Turns();
  let away = 0;
  let allRead = false;

  // Hands `convert` the oldest batches nobody has taken, up to AWAY_IN_HAND.
  const feed = () => {
    for (const batch of batches) {
      if (away >= (allRead ? AWAY_AT_END : AWAY_IN_HAND)) return;
      if (batch.by !== 'nobody') continue;
      batch.by = 'away';
      away++;
      convert(batch.htmls)
        .then(
          (bodies) => (batch.bodies = bodies),
          (error: unknown) => (batch.failure = error ?? new Error('the conversion failed')),
        )
        .finally(() => {
          away--;
          turns.wake();
        });
    }
  };
  // Zips the converted batches at the head of the queue, in order.
  const writeReady = () => {
    while (batches[0]?.bodies || batches[0]?.failure) {
      const { page, bodies, failure } = batches.shift()!;
      if (failure) throw failure;
      page.forEach((article, i) => add(article, bodies![i]!));
      onChunks([zip.take()], zip.count, false, refused);
    }
  };
  // Converts the newest batch nobody has taken here; false when there is none, or `convertHere` cannot yet.
  const convertOneHere = () => {
    if (!convertHere) return false;
    const batch = batches.findLast((b) => b.by === 'nobody');
    const bodies = batch && convertHere(batch.htmls);
    if (!bodies) return false;
    batch!.by = 'here';
    batch!.bodies = bodies;
    return true;
  };
  // Works until `done()`: zips what is ready, keeps `convert` fed, and converts here rather than wait.
  const workUntil = async (done: () => boolean) => {
    for (;;) {
      writeReady();
      feed();
      if (done()) return;
      if (convertOneHere()) await turns.yield(); // lets answers from `convert` in
      else await turns.next();
    }
  };

  const pages = libraryPages(db, ids);
  try {
    for (;;) {
      // The next page is being read already (libraryPages reads ahead); until it arrives, work.
      const reading: { result?: IteratorResult<ArticleWithBody[]>; failure?: { error: unknown } } = {};
      void pages
        .next()
        .then(
          (result) => (reading.result = result),
          (error: unknown) => (reading.failure = { error }),
        )
        .finally(() => turns.wake());
      await workUntil(() => reading.result !== undefined || reading.failure !== undefined);
      if (reading.failure) throw reading.failure.error;
      const read = reading.result!;
      if (read.done) {
        allRead = true;
        break;
      }
      // Batches smaller than the pages read: converting starts early.
      for (let at = 0; at < read.value.length; at += BATCH) {
        const page = read.value.slice(at, at + BATCH);
        const htmls = page.map((article) => article.html);
        if (settings.bodyFormat === 'markdown') batches.push({ page, htmls, by: 'nobody' });
        else batches.push({ page, htmls, by: 'here', bodies: htmls.map((html) => postBody(html, 'html')) });
      }
      await workUntil(() => batches.length <= BATCHES_AHEAD);
    }
    await workUntil(() => batches.length === 0);
  } finally {
    turns.close();
    void pages.return(undefined).catch(() => undefined); // stops reading when the export failed
  }
  zip.end();
  onChunks([zip.take()], zip.count, true, refused);
  return { count: zip.count, refused };
}

/**
 * Waiting for the next event (`next`), and giving events a turn between two
 * pieces of work (`yield`) without the delay a timer can add.
 */
class Turns {
  private waiting: (() => void) | undefined;
  /** A wake with nobody waiting yet: the next `next` returns at once. */
  private woken = false;
  private readonly channel = new MessageChannel();
  private readonly yielded: (() => void)[] = [];

  constructor() {
    this.channel.port1.onmessage = () => this.yielded.shift()?.();
  }

  wake(): void {
    const waiting = this.waiting;
    this.waiting = undefined;
    if (waiting) waiting();
    else this.woken = true;
  }

  next(): Promise<void> {
    if (this.woken) {
      this.woken = false;
      return Promise.resolve();
    }
    return new Promise((resolve) => (this.waiting = resolve));
  }

  yield(): Promise<void> {
    return new Promise((resolve) => {
      this.yielded.push(resolve);
      this.channel.port2.postMessage(null);
    });
  }

  close(): void {
    this.channel.port1.close();
  }
}

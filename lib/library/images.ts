/**
 * Images saved with their article, so the reader works offline: which to
 * fetch, fetching them within bounds, reading them back, and swapping them
 * into the body the reader shows (save.ts stores them with the article).
 * Platform pieces (fetch, the database, a Document) come in as parameters.
 */
import type { Article } from '../article';
import type { LibraryDb } from './db';
import type { ImageRecord } from './records';

/** Bounds of one save's image fetching: it must never hold a save up for long or fill the disk. */
export const IMAGE_LIMITS = {
  /** Requests in flight at once. */
  concurrency: 4,
  /** Per image, from request to last byte. */
  timeoutMs: 8_000,
  /** All images of one save; what has not finished by then counts as not fetched. */
  totalMs: 20_000,
  /** Per image. */
  maxBytes: 10 * 1024 * 1024,
  /** Per article; the rest are linked, not saved. */
  maxImages: 60,
};

export type ImageLimits = typeof IMAGE_LIMITS;

/** An image as fetched, ready to store. */
export interface FetchedImage {
  url: string;
  type: string;
  blob: Blob;
}

export type ImageFailure = 'http' | 'redirect' | 'not-image' | 'too-large' | 'timeout' | 'network' | 'skipped';

export type ImageFetchResult = ({ ok: true } & FetchedImage) | { ok: false; url: string; reason: ImageFailure };

export type FetchLike = (url: string, init: RequestInit) => Promise<Response>;

/** The article's images worth fetching: those the background may fetch (isFetchableImage), each once, in body order. */
export function imageUrlsOf(article: Pick<Article, 'images'>): string[] {
  return [...new Set(article.images)].filter(isFetchableImage);
}

/** Longest image address the background requests. */
export const MAX_IMAGE_URL = 2_048;

/**
 * Whether the background may request `address` for a saved article. The
 * list comes from a web page's content, so the service worker must not be
 * turned into a probe of the reader's own machine or network: only http(s)
 * on a public-looking host name or address, no credentials in the address,
 * no more than MAX_IMAGE_URL characters.
 */
export function isFetchableImage(address: string): boolean {
  if (address.length > MAX_IMAGE_URL || !/^https?:\/\//i.test(address)) return false;
  let url: URL;
  try {
    url = new URL(address);
  } catch {
    return false;
  }
  if (url.username || url.password) return false;
  const host = url.hostname.toLowerCase().replace(/\.$/, '');
  if (host.startsWith('[')) return false; // IPv6 literals: loopback, link-local and private ranges, none needed for photos
  if (!host.includes('.') || /(^|\.)(localhost|local|internal|home|lan|intranet)$/.test(host)) return false;
  const ip = /^(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(host);
  if (!ip) return true;
  const [a, b] = [Number(ip[1]), Number(ip[2])];
  const reserved = a === 0 || a === 10 || a === 127 || (a === 100 && b >= 64 && b < 128) || (a === 169 && b === 254) || (a === 172 && b >= 16 && b < 32) || (a === 192 && b === 168) || a >= 224;
  return !reserved;
}

/**
 * The media type to store for a response's Content-Type, or undefined when it
 * is not a raster image. SVG is refused: a blob: URL carries the extension's
 * origin, and an SVG opened from it on its own is a document that could run
 * script there.
 */
export function storableImageType(contentType: string | null): string | undefined {
  const type = (contentType ?? '').split(';')[0]!.trim().toLowerCase();
  if (!/^image\/[a-z0-9.+-]+$/.test(type) || type === 'image/svg+xml') return undefined;
  return type;
}

/** Runs `task` over `items`, at most `limit` at a time; results in the items' order. */
export async function mapLimited<T, R>(items: readonly T[], limit: number, task: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await task(items[index]!, index);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker));
  return results;
}

class TooLarge extends Error {}

/** The response's bytes, refusing more than `maxBytes` (a lying or missing Content-Length included). */
async function readCapped(response: Response, maxBytes: number): Promise<Uint8Array<ArrayBuffer>[]> {
  const declared = Number(response.headers.get('content-length'));
  if (Number.isFinite(declared) && declared > maxBytes) throw new TooLarge();
  if (!response.body) return [new Uint8Array(await response.arrayBuffer())];
  const reader = response.body.getReader();
  const chunks: Uint8Array<ArrayBuffer>[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return chunks;
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel().catch(() => undefined);
      throw new TooLarge();
    }
    chunks.push(value as Uint8Array<ArrayBuffer>);
  }
}

/**
 * Whether an answer is a redirect, which is refused rather than followed.
 * Only the first address was checked (isFetchableImage), and a browser's
 * fetch hides where a redirect leads (an `opaqueredirect` answer, no
 * Location: by design of the Fetch standard), so following one would let a
 * public address send the service worker on to the reader's router or own
 * machine before anything could check it. A runtime that shows the 3xx
 * (Node) or follows regardless (`redirected`) is refused alike.
 */
function isRedirect(response: Response): boolean {
  return response.type === 'opaqueredirect' || response.redirected || (response.status >= 300 && response.status < 400);
}

/** Fetches one image within the limits; never throws. `stop` ends it early (the save's overall deadline). */
export async function fetchImage(
  url: string,
  fetcher: FetchLike,
  limits: Pick<ImageLimits, 'timeoutMs' | 'maxBytes'> = IMAGE_LIMITS,
  stop?: AbortSignal,
): Promise<ImageFetchResult> {
  if (stop?.aborted) return { ok: false, url, reason: 'timeout' };
  const controller = new AbortController();
  const abort = () => controller.abort();
  const timer = setTimeout(abort, limits.timeoutMs);
  stop?.addEventListener('abort', abort);
  try {
    // No cookies: the photo CDN needs none, and the user's sessions stay out of it.
    const response = await fetcher(url, { signal: controller.signal, credentials: 'omit', redirect: 'manual' });
    if (isRedirect(response)) {
      await response.body?.cancel().catch(() => undefined);
      return { ok: false, url, reason: 'redirect' };
    }
    if (!response.ok) {
      await response.body?.cancel().catch(() => undefined);
      return { ok: false, url, reason: 'http' };
    }
    const type = storableImageType(response.headers.get('content-type'));
    if (!type) {
      await response.body?.cancel().catch(() => undefined);
      return { ok: false, url, reason: 'not-image' };
    }
    const chunks = await readCapped(response, limits.maxBytes);
    return { ok: true, url, type, blob: new Blob(chunks, { type }) };
  } catch (error) {
    if (error instanceof TooLarge) return { ok: false, url, reason: 'too-large' };
    return { ok: false, url, reason: controller.signal.aborted ? 'timeout' : 'network' };
  } finally {
    clearTimeout(timer);
    stop?.removeEventListener('abort', abort);
  }
}

/**
 * Fetches the article's images: at most `concurrency` at once, each within
 * `timeoutMs` and `maxBytes`, all within `totalMs`; beyond `maxImages` they
 * are skipped. One result per URL of `imageUrlsOf`, in order.
 */
export async function fetchImages(
  urls: readonly string[],
  fetcher: FetchLike,
  limits: ImageLimits = IMAGE_LIMITS,
): Promise<ImageFetchResult[]> {
  const deadline = new AbortController();
  const timer = setTimeout(() => deadline.abort(), limits.totalMs);
  try {
    const wanted = urls.slice(0, limits.maxImages);
    const fetched = await mapLimited(wanted, limits.concurrency, (url) => fetchImage(url, fetcher, limits, deadline.signal));
    const skipped = urls.slice(limits.maxImages).map((url): ImageFetchResult => ({ ok: false, url, reason: 'skipped' }));
    return [...fetched, ...skipped];
  } finally {
    clearTimeout(timer);
  }
}

/** The fetched images among results. */
export function fetchedImages(results: readonly ImageFetchResult[]): FetchedImage[] {
  return results.flatMap((r) => (r.ok ? [{ url: r.url, type: r.type, blob: r.blob }] : []));
}

/** The stored images of an article. */
export async function storedImages(db: LibraryDb, articleId: string): Promise<ImageRecord[]> {
  return db.images.where('articleId').equals(articleId).toArray();
}

/** Words of the notice that stands in for an image that was not saved. */
export interface MissingImageWords {
  /** E.g. "This image was not saved". */
  notice: string;
  /** The link text to the image's original address. */
  link: string;
}

/**
 * The body with each image pointed at its stored copy: `localSrc(url)` gives
 * a local address (a blob: URL) for a stored image, else undefined, and that
 * image is replaced by a notice linking to its original. Takes SANITIZED
 * html and works on an inert document parsed with `win`'s DOMParser: nothing
 * loads while it runs, and the only local addresses are the ones `localSrc`
 * makes (never one from stored HTML, which sanitizing stripped).
 */
export function withStoredImages(
  win: { DOMParser: typeof DOMParser },
  safeHtml: string,
  localSrc: (url: string) => string | undefined,
  words: MissingImageWords,
): string {
  const doc = new win.DOMParser().parseFromString(safeHtml, 'text/html');
  const imgs = Array.from(doc.body.querySelectorAll('img'));
  if (!imgs.length) return safeHtml;
  for (const img of imgs) {
    const src = img.getAttribute('src') ?? '';
    const local = src ? localSrc(src) : undefined;
    if (local) {
      img.setAttribute('src', local);
      img.setAttribute('data-original', src);
      continue;
    }
    img.replaceWith(missingNotice(doc, src, img.getAttribute('alt') ?? '', words));
  }
  return doc.body.innerHTML;
}

function missingNotice(doc: Document, src: string, alt: string, words: MissingImageWords): Element {
  const notice = doc.createElement('span');
  notice.setAttribute('class', 'image-missing');
  notice.setAttribute('data-testid', 'image-missing');
  notice.setAttribute('role', 'note');
  notice.append(words.notice);
  if (alt) {
    const caption = doc.createElement('span');
    caption.setAttribute('class', 'image-alt');
    caption.textContent = alt;
    notice.append(' ', caption);
  }
  if (/^https?:\/\//i.test(src)) {
    const link = doc.createElement('a');
    link.setAttribute('href', src);
    link.setAttribute('target', '_blank');
    link.setAttribute('rel', 'noopener noreferrer');
    link.textContent = words.link;
    notice.append(' ', link);
  }
  return notice;
}

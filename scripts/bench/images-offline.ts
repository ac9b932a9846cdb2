/**
 * `save.images_offline`: the share of a saved article's images that the
 * reader still shows with the network cut off. The share page with images
 * (tests/fixtures/pages/share-images) is saved from the popup with every
 * image answering, then all network is blocked and the reader opened.
 * Also the tiny, valid images the browser tests serve.
 */
import { crc32, deflateSync } from 'node:zlib';
import type { BrowserContext, Page, Route } from 'playwright-core';
import type { ExtensionBrowser, Served } from '../chromium';
import { fixturePage, serveFixture } from '../fixtures';

/** The fixture of a share page whose body has several images, some on Eastmoney's photo CDN. */
export const IMAGES_FIXTURE = 'share-images';

function chunk(type: string, data: Buffer): Buffer {
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}

/** A valid PNG of one colour, `width`×`height` (8-bit RGB). */
export function png(width: number, height: number, [r, g, b]: [number, number, number]): Buffer {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 2, 0, 0, 0], 8); // depth 8, RGB, deflate, no filter, no interlace
  const row = Buffer.from([0, ...Array.from({ length: width }, () => [r, g, b]).flat()]); // filter byte 0, then pixels
  const pixels = Buffer.concat(Array.from({ length: height }, () => row));
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(pixels)),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

/**
 * A valid JPEG of `width`×`height` (a sky over a sea), encoded by the
 * browser itself: drawn on an OffscreenCanvas in the extension's worker.
 */
export async function jpeg(browser: ExtensionBrowser, width: number, height: number): Promise<Buffer> {
  const bytes = await browser.worker.evaluate(
    async ([w, h]) => {
      const canvas = new OffscreenCanvas(w, h);
      const g = canvas.getContext('2d')!;
      const sky = g.createLinearGradient(0, 0, 0, h);
      sky.addColorStop(0, '#9cc9e8');
      sky.addColorStop(1, '#2a6f97');
      g.fillStyle = sky;
      g.fillRect(0, 0, w, h);
      g.fillStyle = '#f4a259';
      g.fillRect(w * 0.15, h * 0.55, w * 0.5, h * 0.15);
      g.fillStyle = '#1d3557';
      g.fillRect(0, h * 0.7, w, h * 0.3);
      const blob = await canvas.convertToBlob({ type: 'image/jpeg', quality: 0.85 });
      return [...new Uint8Array(await blob.arrayBuffer())];
    },
    [width, height] as const,
  );
  return Buffer.from(bytes);
}

/** An image answer for every image of `urls`: JPEGs for `.jpg` addresses, else PNGs. */
export async function imageAnswers(browser: ExtensionBrowser, urls: readonly string[]): Promise<Map<string, Served>> {
  const photo = await jpeg(browser, 480, 320);
  return new Map(
    urls.map((url): [string, Served] => [
      url,
      url.endsWith('.jpg') ? { body: photo, contentType: 'image/jpeg' } : { body: png(360, 200, [42, 122, 42]), contentType: 'image/png' },
    ]),
  );
}

/** Cuts every http(s) request off, and tells the browser it is offline; returns the undo. */
export async function blockNetwork(context: BrowserContext): Promise<() => Promise<void>> {
  const abort = (route: Route) => route.abort('internetdisconnected');
  // Added last, so it goes before the harness's own route.
  await context.route(/^https?:\/\//, abort);
  await context.setOffline(true);
  return async () => {
    await context.setOffline(false);
    await context.unroute(/^https?:\/\//, abort);
  };
}

/** How the reader's images stand once every one has loaded or failed. */
export async function readerImages(reader: Page): Promise<{ shown: number; total: number; missing: number }> {
  await reader.getByTestId('reader-body').waitFor();
  await reader.waitForFunction(() => [...document.querySelectorAll<HTMLImageElement>('[data-testid="reader-body"] img')].every((img) => img.complete));
  return reader.evaluate(() => {
    const imgs = [...document.querySelectorAll<HTMLImageElement>('[data-testid="reader-body"] img')];
    const missing = document.querySelectorAll('[data-testid="image-missing"]').length;
    return { shown: imgs.filter((img) => img.naturalWidth > 0).length, total: imgs.length + missing, missing };
  });
}

/** Saves the share page through the popup, as a reader would; throws unless it was saved. */
export async function saveThroughPopup(browser: ExtensionBrowser, url: string): Promise<void> {
  const page = await browser.context.newPage();
  await page.goto(url);
  const { popup, kind, text } = await browser.savePage(page);
  await Promise.all([page.close(), popup.close()]);
  if (kind !== 'info') throw new Error(`not saved: ${text}`);
}

export async function openReader(browser: ExtensionBrowser, id: string): Promise<Page> {
  const reader = await browser.context.newPage();
  await reader.goto(`chrome-extension://${browser.extensionId}/reader.html?id=${encodeURIComponent(id)}`);
  await reader.getByTestId('reader-title').waitFor();
  return reader;
}

/**
 * Saves the images fixture with all its images answering, blocks the network
 * and opens the reader: the share of the article's images it shows (0–1).
 */
export async function measureImagesOffline(browser: ExtensionBrowser): Promise<number> {
  const fixture = fixturePage(IMAGES_FIXTURE);
  if (!fixture.expected.ok) throw new Error(`${IMAGES_FIXTURE} must be an article`);
  const { article } = fixture.expected;
  serveFixture(browser.sites, fixture);
  for (const [url, answer] of await imageAnswers(browser, article.images)) browser.sites.set(url, answer);
  await saveThroughPopup(browser, fixture.url);
  const unblock = await blockNetwork(browser.context);
  try {
    const reader = await openReader(browser, article.id);
    const { shown } = await readerImages(reader);
    await reader.close();
    return shown / article.images.length;
  } finally {
    await unblock();
  }
}

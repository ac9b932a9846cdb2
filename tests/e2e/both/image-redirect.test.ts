/**
 * An image address that redirects is refused, not followed, in real
 * Chromium and stock Firefox: the background checked only the address the
 * page gave, and a browser hides where a redirect leads, so following one
 * could send it on to the reader's own machine or network. Photos on the
 * photo CDN (served at their real addresses) redirect to a real server on
 * 127.0.0.1 that answers a readable image: a background that followed would
 * reach that server and store its image.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { png } from '../../../scripts/bench/images-offline';
import { fixturePage, serveFixture } from '../../../scripts/fixtures';
import { LABEL, launchDriver, type Driver } from '../driver/driver';
import { storedLibrary } from '../driver/stored';

const IMAGES = fixturePage('share-images');
if (!IMAGES.expected.ok) throw new Error('share-images must be an article');
const article = IMAGES.expected.article;
// Three of its photos are on the photo CDN, which the extension may read once allowed (as here).
const [found, , moved, direct] = article.images as [string, string, string, string];

let driver: Driver;
// Stands in for a router's admin page or another service on the reader's machine.
let local: Server;
// What reached it, with the Referer: the share page's own <img> requests carry the page's address.
const localHits: { url: string; referer: string }[] = [];

beforeAll(async () => {
  local = createServer((request, answer) => {
    localHits.push({ url: request.url ?? '', referer: request.headers.referer ?? '' });
    answer.writeHead(200, { 'content-type': 'image/png', 'access-control-allow-origin': '*' }).end(png(30, 20, [40, 90, 160]));
  });
  await new Promise<void>((resolve) => local.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${(local.address() as AddressInfo).port}`;
  driver = await launchDriver();
  serveFixture(driver.sites, IMAGES);
  for (const url of article.images) driver.sites.set(url, { body: png(30, 20, [40, 90, 160]), contentType: 'image/png' });
  driver.sites.set(found, { body: '', contentType: 'text/plain', status: 302, headers: { location: `${origin}/router-admin.png` } });
  driver.sites.set(moved, { body: '', contentType: 'text/plain', status: 301, headers: { location: `${origin}/camera.png` } });
});

afterAll(async () => {
  await driver?.close();
  await new Promise((resolve) => local?.close(resolve));
});

describe(`${LABEL} an image that redirects`, () => {
  it('is refused: where it leads is never requested by the extension nor stored', async () => {
    const page = await driver.open(IMAGES.url);
    await page.click('[data-testid="finews-save"][data-state="ready"]');
    await page.waitFor('[data-testid="finews-save"][data-state="saved"]', { timeout: 30_000 });
    const popup = await driver.openExtensionPage('popup.html');
    await popup.waitFor(`[data-testid="library-item"][data-article-id="${article.id}"]`);
    // The extension's requests carry no web page as Referer; the page may load what it likes.
    expect(localHits.filter((hit) => !hit.referer.startsWith('http'))).toEqual([]);
    const stored = (await storedLibrary(popup)).images.filter((image) => image.articleId === article.id).map((image) => image.url);
    // The photo that did not redirect proves photos were fetched at all.
    expect(stored).toContain(direct);
    expect(stored).not.toContain(found);
    expect(stored).not.toContain(moved);
    await Promise.all([page.close(), popup.close()]);
  });
});

/**
 * An image address that redirects is refused, not followed, in real
 * Chromium: the background checked only the address the page gave, and a
 * browser hides where a redirect leads, so following one could send the
 * service worker on to the reader's own machine or network. Here photos on
 * the photo CDN (served at their real addresses) redirect to a real server
 * on 127.0.0.1, which answers with a readable image: a background that
 * followed would both reach that server and store its image.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchExtension, type ExtensionBrowser } from '../../scripts/chromium';
import { fixturePage, serveFixture } from '../../scripts/fixtures';
import { IMAGES_FIXTURE, png } from '../../scripts/bench/images-offline';
import { dumpLibrary } from './library-check';

const fixture = fixturePage(IMAGES_FIXTURE);
if (!fixture.expected.ok) throw new Error(`${IMAGES_FIXTURE} must be an article`);
const article = fixture.expected.article;
// Three of its photos are on the photo CDN, which the extension may read once allowed (as here).
const [found, , moved, direct] = article.images as [string, string, string, string];

let browser: ExtensionBrowser;
// Stands in for a router's admin page or another service on the reader's machine.
let local: Server;
const localHits: string[] = [];

beforeAll(async () => {
  local = createServer((request, answer) => {
    localHits.push(request.url ?? '');
    answer.writeHead(200, { 'content-type': 'image/png', 'access-control-allow-origin': '*' }).end(png(40, 30, [200, 120, 80]));
  });
  await new Promise<void>((resolve) => local.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${(local.address() as AddressInfo).port}`;
  browser = await launchExtension();
  serveFixture(browser.sites, fixture);
  for (const url of article.images) browser.sites.set(url, { body: png(40, 30, [200, 120, 80]), contentType: 'image/png' });
  browser.sites.set(found, { body: '', contentType: 'text/plain', status: 302, headers: { location: `${origin}/router-admin.png` } });
  browser.sites.set(moved, { body: '', contentType: 'text/plain', status: 301, headers: { location: `${origin}/camera.png` } });
});

afterAll(async () => {
  await browser?.close();
  await new Promise((resolve) => local?.close(resolve));
});

describe('an image that redirects', () => {
  it('is asked for, refused, and where it leads is never requested nor stored', async () => {
    const page = await browser.context.newPage();
    await page.goto(fixture.url);
    const saved = await browser.savePage(page);
    const stored = (await dumpLibrary(saved.popup)).images.filter((image) => image.articleId === article.id).map((image) => image.url);
    // The photo that did not redirect proves photos were fetched at all.
    expect(stored).toContain(direct);
    expect(stored).not.toContain(found);
    expect(stored).not.toContain(moved);
    const fromExtension = browser.requests.filter((request) => request.from.startsWith('chrome-extension://')).map((request) => request.url);
    expect(fromExtension).toEqual(expect.arrayContaining([found, moved, direct]));
    expect(localHits).toEqual([]);
    await Promise.all([page.close(), saved.popup.close()]);
  });
});

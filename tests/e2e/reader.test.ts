/**
 * The reader in real Chromium: a share page with several images is saved
 * from the popup, the reader shows its text and saved images, and still does
 * with all network cut off.
 *
 * Playwright's context.route also answers the extension service worker's
 * fetches (checked: the background's image requests reach the harness), so
 * the image hosts are served the same way as the pages. Playwright adds a
 * permissive Access-Control-Allow-Origin to answers that lack one; here every
 * image answer names another origin instead, as a CDN without CORS would
 * behave: only the extension's host access lets the background read it.
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Page, Route } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchExtension, ROOT, type ExtensionBrowser } from '../../scripts/chromium';
import { fixturePage, serveFixture } from '../../scripts/fixtures';
import { blockNetwork, IMAGES_FIXTURE, jpeg, measureImagesOffline, png, readerImages } from '../../scripts/bench/images-offline';

const SCREENSHOTS = path.join(ROOT, 'test-output', 'screenshots');

const fixture = fixturePage(IMAGES_FIXTURE);
if (!fixture.expected.ok) throw new Error(`${IMAGES_FIXTURE} must be an article`);
const article = fixture.expected.article;
const [PHOTO, OWN_ORIGIN, CHART, GONE, NO_ACCESS] = article.images as [string, string, string, string, string];

type ImageAnswer = { body: Buffer; contentType: string; status?: number; size?: [number, number] };
/** Each image's answer, and the size it must show at when saved (filled in once the browser runs). */
const IMAGES = new Map<string, ImageAnswer>();
const SAVED = [PHOTO, OWN_ORIGIN, CHART];

let browser: ExtensionBrowser;
/** Image requests seen by the image hosts, by URL. */
const imageRequests: string[] = [];

const isImage = (url: URL) => IMAGES.has(url.href);

async function serveImage(route: Route): Promise<void> {
  const url = route.request().url();
  const image = IMAGES.get(url)!;
  imageRequests.push(url);
  await route
    .fulfill({
      status: image.status ?? 200,
      contentType: image.contentType,
      body: image.body,
      headers: { 'access-control-allow-origin': 'https://no-such-reader.invalid' },
    })
    .catch(() => undefined);
}

beforeAll(async () => {
  browser = await launchExtension();
  const photo = await jpeg(browser, 480, 320);
  IMAGES.set(PHOTO, { body: photo, contentType: 'image/jpeg', size: [480, 320] });
  IMAGES.set(OWN_ORIGIN, { body: png(600, 240, [214, 232, 220]), contentType: 'image/png', size: [600, 240] });
  IMAGES.set(CHART, { body: png(360, 200, [244, 162, 89]), contentType: 'image/png', size: [360, 200] });
  // The photo CDN no longer has this one.
  IMAGES.set(GONE, { body: Buffer.from('not found'), contentType: 'text/plain', status: 404 });
  // Answers, but on a host the extension has no access to.
  IMAGES.set(NO_ACCESS, { body: photo, contentType: 'image/jpeg' });
  serveFixture(browser.sites, fixture);
  // Added after the harness's route, so it answers these addresses first.
  await browser.context.route(isImage, serveImage);
});

afterAll(async () => {
  await browser?.close();
});

async function storedImages(page: Page): Promise<{ url: string; type: string; size: number }[]> {
  return page.evaluate(
    (id) =>
      new Promise((resolve, reject) => {
        const request = indexedDB.open('finews-library');
        request.onerror = () => reject(request.error);
        request.onsuccess = () => {
          const db = request.result;
          const all = db.transaction('images', 'readonly').objectStore('images').index('articleId').getAll(id);
          all.onsuccess = () => {
            db.close();
            resolve(all.result.map((r: { url: string; type: string; blob: Blob }) => ({ url: r.url, type: r.type, size: r.blob.size })));
          };
          all.onerror = () => reject(all.error);
        };
      }),
    article.id,
  );
}

async function imageSizes(reader: Page): Promise<Record<string, [number, number]>> {
  return reader.evaluate(() =>
    Object.fromEntries(
      [...document.querySelectorAll<HTMLImageElement>('[data-testid="reader-body"] img')].map((img) => [
        img.dataset.original ?? '',
        [img.naturalWidth, img.naturalHeight],
      ]),
    ),
  );
}

/** What the reader must show for this article, online or off. */
async function expectArticleShown(reader: Page) {
  expect(await reader.getByTestId('reader-title').textContent()).toBe(article.title);
  expect(await reader.getByTestId('reader-time').textContent()).toBe('2022-03-15 09:30:12');
  expect(await reader.getByTestId('reader-source').textContent()).toBe('中国证券报');
  expect(await reader.locator('.reader-tags .tag').allTextContents()).toEqual(['中国证券报新闻']);
  expect(await reader.getByTestId('reader-original').getAttribute('href')).toBe(article.url);
  const body = reader.getByTestId('reader-body');
  expect(await body.locator('p').first().textContent()).toContain('沿海主要港口集装箱吞吐量保持增长');
  expect(await body.textContent()).toContain('降低综合物流成本');

  const images = await readerImages(reader);
  expect(images).toEqual({ shown: 3, total: 5, missing: 2 });
  expect(await imageSizes(reader)).toEqual(Object.fromEntries(SAVED.map((url) => [url, IMAGES.get(url)!.size])));
  const sources = await body.locator('img').evaluateAll((imgs) => imgs.map((img) => img.getAttribute('src')));
  for (const src of sources) expect(src).toMatch(/^blob:chrome-extension:\/\//);

  const missing = reader.getByTestId('image-missing');
  expect(await missing.count()).toBe(2);
  for (const [i, url] of [GONE, NO_ACCESS].entries()) {
    expect(await missing.nth(i).textContent()).toContain('此图片未能保存');
    expect(await missing.nth(i).locator('a').getAttribute('href')).toBe(url);
    expect(await missing.nth(i).isVisible()).toBe(true);
  }
}

describe('the reader in real Chromium', () => {
  let reader: Page;

  it('saves the article with its images: those the extension can fetch, as blobs', async () => {
    const page = await browser.context.newPage();
    await page.goto(fixture.url);
    const popup = await browser.openPopup(await browser.tabIdOf(page));
    imageRequests.length = 0;
    await popup.getByTestId('save-article').click();
    await popup.locator('[data-testid="status-message"][data-kind="info"]').waitFor({ timeout: 30_000 });
    // The background asked for every image of the article.
    for (const url of article.images) expect(imageRequests).toContain(url);

    const stored = await storedImages(popup);
    expect(stored.map((s) => s.url).sort()).toEqual([...SAVED].sort());
    for (const image of stored) {
      const served = IMAGES.get(image.url)!;
      expect(image.type).toBe(served.contentType);
      expect(image.size).toBe(served.body.length);
    }

    // Opened as a reader would, from the popup's list.
    await popup.reload();
    [reader] = await Promise.all([
      browser.context.waitForEvent('page'),
      popup.locator(`[data-article-id="${article.id}"] [data-testid="open-reader"]`).click(),
    ]);
    await reader.getByTestId('reader-title').waitFor();
    await Promise.all([page.close(), popup.close()]);
  });

  it('shows the text and the saved images; each unsaved image is a notice linking to its original', async () => {
    await expectArticleShown(reader);
  });

  it('adjusts the text size and remembers it', async () => {
    const size = () => reader.locator('.reader').evaluate((el) => getComputedStyle(el).fontSize);
    await expect.poll(size).toBe('18px');
    await reader.getByTestId('text-larger').click();
    await reader.getByTestId('text-larger').click();
    await expect.poll(size).toBe('22px');
    await reader.reload();
    await reader.getByTestId('reader-title').waitFor();
    await expect.poll(size).toBe('22px');
    // Each click waits for its step to show, so the loop never clicks ahead of the page.
    for (const px of ['20px', '18px', '16px', '14px']) {
      await reader.getByTestId('text-smaller').click();
      await expect.poll(size).toBe(px);
    }
    await expect.poll(() => reader.getByTestId('text-smaller').isDisabled()).toBe(true);
    for (let i = 0; i < 2; i++) await reader.getByTestId('text-larger').click();
    await expect.poll(size).toBe('18px');
  });

  it('still shows text and images with all network blocked, and asks the network for nothing', async () => {
    const requests: string[] = [];
    const watch = (request: { url(): string }) => {
      if (/^https?:/.test(request.url())) requests.push(request.url());
    };
    const unblock = await blockNetwork(browser.context);
    browser.context.on('request', watch);
    try {
      await reader.reload();
      await reader.getByTestId('reader-title').waitFor();
      expect(await reader.evaluate(() => navigator.onLine)).toBe(false);
      await expectArticleShown(reader);
      expect(requests).toEqual([]);
    } finally {
      browser.context.off('request', watch);
      await unblock();
    }
  });

  it('follows the system colour scheme, light and dark (screenshots in test-output/screenshots)', async () => {
    mkdirSync(SCREENSHOTS, { recursive: true });
    const background = () => reader.evaluate(() => getComputedStyle(document.body).backgroundColor);
    await reader.setViewportSize({ width: 900, height: 1400 });
    await reader.emulateMedia({ colorScheme: 'light' });
    const light = await background();
    await reader.screenshot({ path: path.join(SCREENSHOTS, 'reader-light.png'), fullPage: true });
    await reader.emulateMedia({ colorScheme: 'dark' });
    const dark = await background();
    await reader.screenshot({ path: path.join(SCREENSHOTS, 'reader-dark.png'), fullPage: true });
    expect(light).toBe('rgb(253, 252, 248)');
    expect(dark).toBe('rgb(28, 27, 25)');
    await reader.emulateMedia({ colorScheme: null });
  });

  it('reports the benchmark figure: every image of a save shows offline when all could be fetched', async () => {
    await reader.close();
    // measureImagesOffline serves every image through the harness; this file's answers step aside.
    await browser.context.unroute(isImage, serveImage);
    serveFixture(browser.sites, fixture);
    expect(await measureImagesOffline(browser)).toBe(1);
  });
});

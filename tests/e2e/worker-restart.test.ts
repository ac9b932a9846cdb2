/**
 * The MV3 service worker stopped in the middle of a save and of an export,
 * in real Chromium with the built extension (DevTools closes the worker's
 * target, which terminates it at once):
 * - a save is either whole in the library or absent, never half (no row
 *   without its body, images or derived rows), and the in-page button and
 *   the popup say which (no endless spinner); saving again then works;
 * - kills swept across the moment the save writes, until one lands after it
 *   committed, each leaving the article whole or absent, as the button says;
 * - the export (its own tab, reading the library directly) finishes whole
 *   while the worker is stopped, and the library stays consistent.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { strFromU8, unzipSync } from 'fflate';
import type { Page, Route } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postFor } from '../../lib/export/post/post';
import { DEFAULT_EXPORT_SETTINGS } from '../../lib/export/settings';
import { launchExtension, ROOT, type ExtensionBrowser } from '../../scripts/chromium';
import { backupFile, EASTMONEY, FINEWS, generatedArticle, imageBytes, imageUrls, pageUrl, serveArticle, sha256, sharePageHtml } from './generated-library';
import { dumpLibrary, libraryProblems, type LibraryDump } from './library-check';
import { holdExport } from './held-export';
import { button, closeAll, openShareTabs, tabIdsOf } from './tabs';
import { markWorker, readyToStop, stopServiceWorker, workerMark } from './worker';

const locale = (name: string) =>
  JSON.parse(readFileSync(path.join(ROOT, 'public/_locales/zh_CN/messages.json'), 'utf8'))[name].message as string;
const INTERRUPTED = locale('errorInterrupted');

let browser: ExtensionBrowser;
let reader: Page;

beforeAll(async () => {
  browser = await launchExtension();
  reader = await browser.openPopup();
});

afterAll(async () => {
  await browser?.close();
});

/**
 * Holds the background's requests for `urls` (the pages' own image loads go
 * through) until released. `asked` settles at the first held request;
 * `delivered` once every one of `urls` has been answered to the background.
 */
async function holdImages(browser: ExtensionBrowser, urls: readonly string[], hold = true) {
  const { context, sites } = browser;
  const wanted = new Set(urls);
  const held: Route[] = [];
  let holding = hold;
  let answered = 0;
  let asked: () => void = () => undefined;
  let delivered: () => void = () => undefined;
  const result = {
    asked: new Promise<void>((resolve) => (asked = resolve)),
    delivered: new Promise<void>((resolve) => (delivered = resolve)),
    async release() {
      holding = false;
      await Promise.all(held.splice(0).map((route) => answer(route)));
    },
    remove: () => context.unroute(match, handler),
  };
  const match = (url: URL) => wanted.has(url.href);
  const handler = async (route: Route) => {
    if (!route.request().serviceWorker()) return route.fallback();
    asked();
    if (holding) return void held.push(route);
    await answer(route);
    if (++answered >= wanted.size) delivered();
  };
  // Answered here rather than by the harness, so `delivered` means sent.
  const answer = async (route: Route) => {
    const served = sites.get(route.request().url())!;
    await route.fulfill({ status: 200, contentType: served.contentType, body: served.body }).catch(() => undefined);
  };
  await context.route(match, handler);
  return result;
}

/** The article's rows in a dump: all there, or none. */
function rowsOf(dump: LibraryDump, id: string) {
  return {
    article: dump.articles.find((a) => a.id === id),
    body: dump.bodies.find((b) => b.id === id),
    images: dump.images.filter((image) => image.articleId === id),
    docs: dump.searchDocs.filter((doc) => doc.id === id),
  };
}

function expectAbsent(dump: LibraryDump, id: string) {
  const rows = rowsOf(dump, id);
  expect(rows.article, `${id} row`).toBeUndefined();
  expect(rows.body, `${id} body`).toBeUndefined();
  expect(rows.images, `${id} images`).toEqual([]);
  expect(rows.docs, `${id} search doc`).toEqual([]);
}

/** Whole: row, body, search doc and each image with the bytes served for article `i`. */
function expectWhole(dump: LibraryDump, id: string, images: { url: string; sha256: string }[]) {
  const rows = rowsOf(dump, id);
  expect(rows.article, `${id} row`).toBeDefined();
  expect(rows.body?.html, `${id} body`).toContain('<p>');
  expect(rows.docs).toHaveLength(1);
  expect(rows.images.map(({ url, sha256 }) => ({ url, sha256 })).sort((a, b) => a.url.localeCompare(b.url))).toEqual(
    [...images].sort((a, b) => a.url.localeCompare(b.url)),
  );
}

const servedImages = (i: number, urls: string[]) => urls.map((url, k) => ({ url, sha256: sha256(imageBytes(i, k)) }));

describe('the service worker stopped mid-way', () => {
  it('a save from the in-page button is reported failed, leaves nothing, and saving again works', async () => {
    const article = generatedArticle(0, 'NW2040');
    const url = pageUrl(article, FINEWS);
    serveArticle(browser.sites, 0, article, url);
    const images = imageUrls(article, url);
    const hold = await holdImages(browser, images);
    const [page] = (await openShareTabs(browser, [url])) as [Page];
    await markWorker(browser, 'before');

    await page.getByTestId('finews-save').click();
    await hold.asked; // the background is fetching the images: mid-save
    await stopServiceWorker(browser);
    await button(page, 'failed').waitFor({ timeout: 15_000 });
    expect(await page.getByTestId('finews-save-message').textContent()).toBe(INTERRUPTED);
    await hold.release();
    await hold.remove();

    const dump = await dumpLibrary(reader);
    expect(libraryProblems(dump)).toEqual([]);
    expectAbsent(dump, article.code);

    // Saving again starts a new worker, which saves it whole.
    await page.getByTestId('finews-save').click();
    await button(page, 'saved').waitFor({ timeout: 15_000 });
    expect(await workerMark(browser)).toBeUndefined();
    const after = await dumpLibrary(reader);
    expect(libraryProblems(after)).toEqual([]);
    expectWhole(after, article.code, servedImages(0, images));
    await page.close();
  });

  it('a save from the popup is reported failed, leaves nothing, and saving again works', async () => {
    const article = generatedArticle(1, 'NW2040');
    const url = pageUrl(article, EASTMONEY);
    serveArticle(browser.sites, 1, article, url);
    const images = imageUrls(article, url);
    const hold = await holdImages(browser, images);
    const [page] = (await openShareTabs(browser, [url])) as [Page];
    const [tabId] = await tabIdsOf(browser, [page]);
    const popup = await browser.openPopup(tabId);
    await markWorker(browser, 'before');

    await popup.getByTestId('save-article').click();
    await hold.asked;
    await stopServiceWorker(browser);
    const status = popup.getByTestId('status-message');
    await status.waitFor({ timeout: 15_000 });
    expect(await status.getAttribute('data-kind')).toBe('error');
    expect(await status.textContent()).toBe(INTERRUPTED);
    expect(await popup.getByTestId('save-article').isEnabled()).toBe(true);
    await hold.release();
    await hold.remove();
    const dump = await dumpLibrary(reader);
    expect(libraryProblems(dump)).toEqual([]);
    expectAbsent(dump, article.code);

    await popup.getByTestId('save-article').click();
    await expect.poll(() => status.getAttribute('data-kind'), { timeout: 15_000 }).toBe('info');
    await button(page, 'saved').waitFor({ timeout: 15_000 });
    expect(await workerMark(browser)).toBeUndefined();
    const after = await dumpLibrary(reader);
    expect(libraryProblems(after)).toEqual([]);
    expectWhole(after, article.code, servedImages(1, images));
    await closeAll([page, popup]);
  });

  it('kills swept across the write leave each article whole or absent, as its button says', async () => {
    // A long body and big images make the write itself take a while.
    const big = (k: number) => Buffer.concat([imageBytes(0, k), Buffer.alloc(3 * 1024 * 1024, k + 1)]);
    let n = 0;
    /** Saves a new article, stopping the worker `killAfterMs` after its images arrived (or never); its button's end state. */
    const saveOne = async (killAfterMs?: number) => {
      const article = generatedArticle(n, 'NW2042');
      const url = pageUrl(article, n++ % 2 ? EASTMONEY : FINEWS);
      const extra = Array.from({ length: 300 }, (_, p) => `　　补充段落${p}：${article.paragraphs[p % 5]}`);
      browser.sites.set(url, { body: sharePageHtml(article, extra), contentType: 'text/html; charset=utf-8' });
      const images = imageUrls(article, url);
      images.forEach((address, k) => browser.sites.set(address, { body: big(k), contentType: 'image/png' }));
      const watch = await holdImages(browser, images, false);
      const [page] = (await openShareTabs(browser, [url])) as [Page];

      const stop = killAfterMs === undefined ? undefined : await readyToStop(browser);
      await page.getByTestId('finews-save').click();
      await watch.delivered;
      const delivered = performance.now();
      if (stop) {
        await new Promise((resolve) => setTimeout(resolve, killAfterMs));
        await stop();
      }
      await page.locator('[data-testid="finews-save"]:not([data-state="saving"])').waitFor({ timeout: 20_000 });
      const writeMs = performance.now() - delivered;
      const state = await page.getByTestId('finews-save').getAttribute('data-state');
      await watch.remove();

      const dump = await dumpLibrary(reader);
      expect(libraryProblems(dump)).toEqual([]);
      if (state === 'saved') {
        expectWhole(dump, article.code, images.map((url, k) => ({ url, sha256: sha256(big(k)) })));
      } else {
        expect(state).toBe('failed');
        expect(await page.getByTestId('finews-save-message').textContent()).toBe(INTERRUPTED);
        expectAbsent(dump, article.code);
      }
      await page.close();
      return { state, writeMs };
    };

    // Unhurt, the save takes this long from its images' arrival to "saved":
    // the body's search index, the images' 9 MB and the answer.
    const { state, writeMs } = await saveOne();
    expect(state).toBe('saved');
    // Kills spread over that window, then later and later until one lands
    // after the save committed.
    const outcomes: string[] = [];
    const delays = [0, 1, 2, 3, 4, 5, 6].map((k) => Math.round((k * writeMs) / 6));
    for (let extra = 2; delays.length < 14; extra *= 2) delays.push(Math.round(writeMs * extra));
    for (const delay of delays) {
      const { state } = await saveOne(delay);
      outcomes.push(`${delay} ms: ${state}`);
      if (state === 'saved' && outcomes.some((o) => o.endsWith('failed'))) break;
    }
    console.info(`save write window ${Math.round(writeMs)} ms; kills after the images arrived: ${outcomes.join(', ')}`);
    // The sweep crossed the commit: some kills came before it, one after.
    expect(outcomes.some((o) => o.endsWith('failed'))).toBe(true);
    expect(outcomes.at(-1)).toMatch(/saved$/);
  });

  it('an export in its own tab finishes whole while the worker is stopped, with a save failing beside it', async () => {
    // A library large enough that the export takes seconds.
    const options = await browser.context.newPage();
    await options.goto(`chrome-extension://${browser.extensionId}/options.html`);
    await options.getByTestId('restore-file').setInputFiles({
      name: 'finews-library.jsonl',
      mimeType: 'application/x-ndjson',
      buffer: Buffer.from(backupFile(3000, 'NW2043', Date.parse('2025-01-01T00:00:00Z'))),
    });
    await options.getByTestId('backup-message').waitFor({ timeout: 60_000 });
    const before = await dumpLibrary(reader);

    // A save in flight when the worker stops.
    const article = generatedArticle(0, 'NW2044');
    const url = pageUrl(article, FINEWS);
    serveArticle(browser.sites, 0, article, url);
    const hold = await holdImages(browser, imageUrls(article, url));
    const [page] = (await openShareTabs(browser, [url])) as [Page];

    const download = browser.nextDownload(120_000);
    const { exportTab, resume } = await holdExport(browser);
    await page.getByTestId('finews-save').click();
    await hold.asked;
    await stopServiceWorker(browser);
    await button(page, 'failed').waitFor({ timeout: 15_000 });
    await resume();
    await hold.release();
    await hold.remove();

    const zip = unzipSync(new Uint8Array(readFileSync(await (await download).path())));
    await exportTab.getByTestId('export-done').waitFor();
    const bodies = new Map(before.bodies.map((b) => [b.id, b.html]));
    const posts = before.articles.map((record) => postFor({ ...record, html: bodies.get(record.id)! }, DEFAULT_EXPORT_SETTINGS));
    expect(Object.keys(zip).sort()).toEqual(posts.map((post) => `_posts/${post.fileName}`).sort());
    for (const post of posts) expect(strFromU8(zip[`_posts/${post.fileName}`]!)).toBe(post.content);

    const after = await dumpLibrary(reader);
    expect(libraryProblems(after)).toEqual([]);
    expect(after.articles).toEqual(before.articles);
    expectAbsent(after, article.code);
    // And the failed save works the second time.
    await page.getByTestId('finews-save').click();
    await button(page, 'saved').waitFor({ timeout: 15_000 });
    expectWhole(await dumpLibrary(reader), article.code, servedImages(0, imageUrls(article, url)));
    await closeAll([page, exportTab, options]);
  });
});

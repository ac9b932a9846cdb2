/**
 * Saves at the same time, in real Chromium with the built extension:
 * - one article from 20 tabs at once (both hosts, in-page button, popup and
 *   shortcut mixed): one record, one body, its images once each, derived
 *   tables agreeing, and every tab saying it is saved;
 * - LOAD_SCALE (default 40; 100 is the full test) different articles from as many tabs at once:
 *   each stored with exactly its own images, byte for byte;
 * - a save while the options page restores a backup, and while the export
 *   tab zips the library: the save is whole, the restore and the export too.
 */
import type { Page, Route } from 'playwright-core';
import { strFromU8, unzipSync } from 'fflate';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postFor } from '../../lib/export/post/post';
import { DEFAULT_EXPORT_SETTINGS } from '../../lib/export/settings';
import { tagFor } from '../../lib/finews/source-tag';
import { png } from '../../scripts/bench/images-offline';
import { launchExtension, type ExtensionBrowser } from '../../scripts/chromium';
import { addressesOf, fixturePage } from '../../scripts/fixtures';
import {
  backupFile,
  backupRecord,
  EASTMONEY,
  FINEWS,
  generatedArticle,
  imageBytes,
  imageUrls,
  pageUrl,
  serveArticle,
  sha256,
} from './generated-library';
import { dumpLibrary, libraryProblems } from './library-check';
import { holdExport } from './held-export';
import { button, closeAll, openShareTabs, pressSaveShortcut, saveShortcut, tabIdsOf } from './tabs';
import { encodeBackupLine } from '../../lib/backup/format';

/** Different articles saved at once: 40 by default (about 15 s); LOAD_SCALE=100 is the full test (about 30 s more). */
const LOAD_SCALE = Number(process.env.LOAD_SCALE ?? 40);

let browser: ExtensionBrowser;
/** An extension page kept open to read the library from. */
let reader: Page;

beforeAll(async () => {
  browser = await launchExtension();
  reader = await browser.openPopup();
});

afterAll(async () => {
  await browser?.close();
});

const seconds = (since: number) => `${((performance.now() - since) / 1000).toFixed(1)} s`;

describe('saving at the same time', () => {
  it('one article from 20 tabs at once, by button, popup and shortcut on both hosts, is stored once', async () => {
    const fixture = fixturePage('share-images');
    if (!fixture.expected.ok) throw new Error('share-images must be an article');
    const { article } = fixture.expected;
    // 20 addresses of the same article: two hosts, two schemes, extra query parameters.
    const origins = addressesOf(fixture.url).map((url) => new URL(url).origin);
    expect(new Set(origins.map((o) => new URL(o).hostname)).size).toBe(2);
    const urls = Array.from({ length: 20 }, (_, i) => {
      const base = `${origins[i % origins.length]}/html_News/NewsShare.html?infoCode=${article.infoCode}`;
      const round = Math.floor(i / origins.length);
      return round === 0 ? base : `${base}&from=share&n=${round}`;
    });
    for (const url of urls) browser.sites.set(url, { body: fixture.html, contentType: 'text/html; charset=utf-8' });

    // Every image the page can show, from any of its addresses, with its own bytes.
    const served = new Map<string, Buffer>();
    for (const url of urls) {
      for (const [k, src] of ['images/port-chart-20220315.png', ...article.images].entries()) {
        const address = new URL(src, url).href;
        if (!served.has(address)) served.set(address, png(5 + k, 4 + served.size, [k * 40, 90, served.size * 9]));
      }
    }
    // The photo CDN holds every request for the first photo until all 20
    // saves have asked for it: proof that they are all in flight at once.
    const [PHOTO] = article.images as [string];
    let photoRequests = 0;
    let release: () => void = () => undefined;
    const allAsked = new Promise<void>((resolve) => (release = resolve));
    const gate = setTimeout(release, 7_000); // below the 8 s an image may take
    const serveImage = async (route: Route) => {
      const url = route.request().url();
      // Only the background's fetches count (the pages show the photo too).
      const fromBackground = route.request().serviceWorker() !== null;
      if (fromBackground && url === PHOTO && ++photoRequests === urls.length) release();
      if (fromBackground && url === PHOTO) await allAsked;
      await route.fulfill({ status: 200, contentType: 'image/png', body: served.get(url)! }).catch(() => undefined);
    };
    const isImage = (url: URL) => served.has(url.href) && !url.hostname.endsWith('example.com');
    await browser.context.route(isImage, serveImage);

    let started = performance.now();
    const pages = await openShareTabs(browser, urls);
    const ids = await tabIdsOf(browser, pages);
    const roles = urls.map((_, i) => (['button', 'popup', 'shortcut'] as const)[i % 3]);
    const popups = await Promise.all(
      pages.map(async (_, i) => (roles[i] === 'popup' ? browser.openPopup(ids[i]) : undefined)),
    );
    for (const popup of popups) await popup?.getByTestId('save-article').waitFor();
    expect(await saveShortcut(browser)).toBe('Alt+Shift+S');
    console.info(`20 tabs opened in ${seconds(started)}`);

    started = performance.now();
    await Promise.all(
      pages.map((page, i) => {
        if (roles[i] === 'button') return page.getByTestId('finews-save').click();
        if (roles[i] === 'popup') return popups[i]!.getByTestId('save-article').click();
        return pressSaveShortcut(browser, ids[i]!);
      }),
    );
    // Every tab ends saved: its own button, and the popup that saved it says so.
    await Promise.all(pages.map((page) => button(page, 'saved').waitFor({ timeout: 30_000 })));
    for (const popup of popups) {
      if (!popup) continue;
      const status = popup.getByTestId('status-message');
      await status.waitFor({ timeout: 30_000 });
      expect(await status.getAttribute('data-kind'), await status.textContent() ?? '').toBe('info');
    }
    console.info(`20 saves of one article done in ${seconds(started)}`);
    clearTimeout(gate);
    expect(photoRequests).toBe(urls.length);

    const dump = await dumpLibrary(reader);
    expect(libraryProblems(dump)).toEqual([]);
    const records = dump.articles.filter((a) => a.id === article.id);
    expect(records).toHaveLength(1);
    expect(dump.bodies.filter((b) => b.id === article.id)).toHaveLength(1);
    const record = records[0]!;
    expect(urls).toContain(record.url);
    // Row, body and images all come from the same save: the chart's address
    // is relative to the page, so each host gives its own, and they agree.
    const chart = (from: string) => new URL('images/port-chart-20220315.png', from).href;
    expect(dump.bodies.find((b) => b.id === article.id)!.html).toBe(article.html.replace(chart(article.url), chart(record.url)));
    expect(record.images).toContain(chart(record.url));
    // Its images: each once, exactly those of the copy stored last (the
    // chart's address follows the page's host), byte for byte.
    const images = dump.images.filter((image) => image.articleId === article.id);
    const wanted = record.images.filter((url) => !url.includes('example.com'));
    expect(images.map((image) => image.url).sort()).toEqual([...wanted].sort());
    for (const image of images) expect(image.sha256, image.url).toBe(sha256(served.get(image.url)!));
    // Its groups count it once.
    const group = (kind: string, key: string) => dump.groups.find((g) => g.kind === kind && g.key === key)?.count;
    expect(group('category', article.source!)).toBe(1);
    expect(group('tag', tagFor(article.source!))).toBe(1);
    expect(dump.searchDocs.filter((d) => d.id === article.id)).toHaveLength(1);

    // The popup's search finds it once.
    const popup = await browser.openPopup();
    await popup.getByTestId('search').fill(article.title);
    await popup.getByTestId('search-count').waitFor();
    await expect.poll(() => popup.locator(`[data-testid="library-item"][data-article-id="${article.id}"]`).count()).toBe(1);

    await browser.context.unroute(isImage, serveImage);
    await closeAll([...pages, ...popups.filter((p): p is Page => p !== undefined), popup]);
  });

  it(`${LOAD_SCALE} different articles from as many tabs at once are each stored with exactly their own images`, async () => {
    const articles = Array.from({ length: LOAD_SCALE }, (_, i) => generatedArticle(i, 'NW2032'));
    // Half on each host; each page's chart is on its own host, its photo on the CDN.
    const urls = articles.map((article, i) => pageUrl(article, i % 2 ? EASTMONEY : FINEWS));
    articles.forEach((article, i) => serveArticle(browser.sites, i, article, urls[i]!));

    // The photo CDN holds the background's photo requests until every save
    // has asked (or 6 s, below the 8 s an image may take): how many it held
    // at once is how many saves were in flight together.
    const photos = new Set(articles.map((article) => imageUrls(article, FINEWS)[0]!));
    let held = 0;
    let heldAtOnce = 0;
    let release: () => void = () => undefined;
    const allAsked = new Promise<void>((resolve) => (release = resolve));
    let gate: ReturnType<typeof setTimeout> | undefined;
    const isPhoto = (url: URL) => photos.has(url.href);
    const holdPhoto = async (route: Route) => {
      if (route.request().serviceWorker()) {
        gate ??= setTimeout(release, 6_000);
        heldAtOnce = Math.max(heldAtOnce, ++held);
        if (held === LOAD_SCALE) release();
        await allAsked;
      }
      await route.fallback();
    };

    let started = performance.now();
    const pages = await openShareTabs(browser, urls);
    console.info(`${LOAD_SCALE} tabs opened in ${seconds(started)}`);
    await browser.context.route(isPhoto, holdPhoto);
    started = performance.now();
    await Promise.all(pages.map((page) => page.getByTestId('finews-save').click()));
    await Promise.all(pages.map((page) => button(page, 'saved').waitFor({ timeout: 60_000 })));
    console.info(`${LOAD_SCALE} saves at once done in ${seconds(started)}; ${heldAtOnce} were in flight together`);
    clearTimeout(gate);
    await browser.context.unroute(isPhoto, holdPhoto);
    expect(held).toBe(LOAD_SCALE);
    // Most saves overlapped (a loaded machine may start the last ones late).
    expect(heldAtOnce).toBeGreaterThanOrEqual(Math.ceil(LOAD_SCALE / 2));

    const dump = await dumpLibrary(reader);
    expect(libraryProblems(dump)).toEqual([]);
    const byId = new Map(dump.articles.map((a) => [a.id, a]));
    articles.forEach((article, i) => {
      const record = byId.get(article.code);
      expect(record, article.code).toBeDefined();
      expect(record!.title).toBe(article.title);
      expect(record!.url).toBe(urls[i]);
      const want = imageUrls(article, urls[i]!);
      expect(record!.images).toEqual(want);
      const stored = dump.images.filter((image) => image.articleId === article.code);
      expect(stored.map((image) => image.url).sort(), article.code).toEqual([...want].sort());
      for (const image of stored) expect(image.sha256, image.url).toBe(sha256(imageBytes(i, want.indexOf(image.url))));
    });
    // Nothing stored under any other id than those saved.
    expect(dump.articles.filter((a) => a.id.startsWith('NW2032'))).toHaveLength(LOAD_SCALE);
    await closeAll(pages);
  });

  it('a save while a backup is being restored is whole, and so is the restore', async () => {
    const before = await dumpLibrary(reader);
    // The article saved during the restore is in the backup too, as an older
    // copy the reader had tagged and read: both must survive, merged.
    const saved = generatedArticle(0, 'NW2034');
    const url = pageUrl(saved, EASTMONEY);
    serveArticle(browser.sites, 0, saved, url);
    const old = { ...backupRecord(saved, BACKUP_TIME), tags: [tagFor(saved.source), '备份里的标签'], read: true };
    const oldLine = encodeBackupLine({ kind: 'article', record: old, html: '<p>旧的正文：备份里的旧版本。</p>' });
    const file = backupFile(RESTORED, 'NW2033', BACKUP_TIME, { at: RESTORED / 2, lines: [oldLine] });
    const [page] = await openShareTabs(browser, [url]);

    const options = await browser.context.newPage();
    await options.goto(`chrome-extension://${browser.extensionId}/options.html`);
    const started = performance.now();
    await options.getByTestId('restore-file').setInputFiles({ name: 'finews-library.jsonl', mimeType: 'application/x-ndjson', buffer: Buffer.from(file) });
    // Save once the restore has begun writing.
    await expect.poll(() => articleCount(reader), { timeout: 30_000, interval: 50 }).toBeGreaterThan(before.articles.length);
    await page!.getByTestId('finews-save').click();
    await button(page!, 'saved').waitFor({ timeout: 30_000 });
    const restoredWhenSaved = (await articleCount(reader)) - before.articles.length;
    expect(await options.getByTestId('backup-message').count(), 'the restore had already finished').toBe(0);
    const message = options.getByTestId('backup-message');
    await message.waitFor({ timeout: 60_000 });
    console.info(`restore of ${RESTORED} articles took ${seconds(started)}; the save landed after ${restoredWhenSaved} were written`);
    expect(await message.getAttribute('data-kind')).toBe('info');
    const [added, updated, unchanged] = ((await message.textContent()) ?? '').match(/\d+/g)!.map(Number) as [number, number, number];
    expect(added + updated).toBe(RESTORED + 1);
    expect(unchanged).toBe(0);

    const dump = await dumpLibrary(reader);
    expect(libraryProblems(dump)).toEqual([]);
    expect(dump.articles.filter((a) => a.id.startsWith('NW2033'))).toHaveLength(RESTORED);
    const record = dump.articles.find((a) => a.id === saved.code)!;
    // The fresh save's text and images, the backup's tag and read state.
    expect(record.url).toBe(url);
    expect(record.tags.sort()).toEqual([tagFor(saved.source), '备份里的标签'].sort());
    expect(record.read).toBe(true);
    const body = dump.bodies.find((b) => b.id === saved.code)!.html;
    expect(body).not.toContain('旧的正文');
    expect(body).toContain(saved.paragraphs[4]!.trim());
    const images = dump.images.filter((image) => image.articleId === saved.code);
    expect(images.map((image) => image.sha256).sort()).toEqual([0, 1].map((k) => sha256(imageBytes(0, k))).sort());
    await closeAll([page!, options]);
  });

  it('a save while the whole library is exported is whole, and the zip holds the library before or after it, never half', async () => {
    // One article newer than any and one older than any: the export reads
    // newest first, a page at a time, so it may hold either, both or none.
    const newest = { ...generatedArticle(1, 'NW2035'), time: '2030-06-01 08:00:00' };
    const oldest = { ...generatedArticle(2, 'NW2035'), time: '2001-01-01 08:00:00' };
    const urls = [pageUrl(newest), pageUrl(oldest, EASTMONEY)];
    serveArticle(browser.sites, 1, newest, urls[0]!);
    serveArticle(browser.sites, 2, oldest, urls[1]!);
    // A library of thousands, so the export reads it in several pages: the
    // restore test above leaves one; run alone, this test restores its own.
    if ((await articleCount(reader)) < RESTORED) await restoreThrough(backupFile(RESTORED, 'NW2036', BACKUP_TIME));
    const pages = await openShareTabs(browser, urls);
    const before = await dumpLibrary(reader);

    const download = browser.nextDownload(120_000);
    const { exportTab, resume } = await holdExport(browser);
    const started = performance.now();
    await Promise.all(pages.map((page) => page.getByTestId('finews-save').click()));
    await Promise.all(pages.map((page) => button(page, 'saved').waitFor({ timeout: 30_000 })));
    const savedAfter = seconds(started);
    await resume();
    const zip = unzipSync(new Uint8Array(readFileSync(await (await download).path())));
    const exported = seconds(started);

    const dump = await dumpLibrary(reader);
    expect(libraryProblems(dump)).toEqual([]);
    const bodies = new Map(dump.bodies.map((b) => [b.id, b.html]));
    const posts = new Map(
      dump.articles.map((record) => {
        const post = postFor({ ...record, html: bodies.get(record.id)! }, DEFAULT_EXPORT_SETTINGS);
        return [record.id, { name: `_posts/${post.fileName}`, content: post.content }];
      }),
    );
    // Every article there before is in the zip, whole; of the two saved, each
    // is in it whole or not at all.
    const expected = before.articles.map((a) => posts.get(a.id)!);
    for (const post of expected) expect(post.name in zip, post.name).toBe(true);
    for (const id of [newest.code, oldest.code]) {
      const post = posts.get(id)!;
      expect(post, id).toBeDefined();
      if (post.name in zip) expected.push(post);
    }
    expect(Object.keys(zip).sort()).toEqual(expected.map((post) => post.name).sort());
    for (const post of expected) expect(strFromU8(zip[post.name]!), post.name).toBe(post.content);
    const included = [newest, oldest].filter((a) => posts.get(a.code)!.name in zip).length;
    console.info(`export of ${before.articles.length} articles took ${exported}; the saves were done after ${savedAfter}, ${included} of 2 in the zip`);
    await closeAll([...pages, exportTab]);
  });
});

/** Articles in the restored backup: enough that restoring and exporting take seconds. */
const RESTORED = 2000;
const BACKUP_TIME = Date.parse('2025-01-01T00:00:00Z');

/** How many articles the library holds, read directly. */
/** Restores `file` through the options page, as a reader would, and waits until it is done. */
async function restoreThrough(file: string): Promise<void> {
  const options = await browser.context.newPage();
  await options.goto(`chrome-extension://${browser.extensionId}/options.html`);
  await options.getByTestId('restore-file').setInputFiles({ name: 'finews-library.jsonl', mimeType: 'application/x-ndjson', buffer: Buffer.from(file) });
  const message = options.getByTestId('backup-message');
  await message.waitFor({ timeout: 60_000 });
  expect(await message.getAttribute('data-kind')).toBe('info');
  await options.close();
}

async function articleCount(page: Page): Promise<number> {
  return page.evaluate(
    () =>
      new Promise<number>((resolve, reject) => {
        const open = indexedDB.open('finews-library');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const count = open.result.transaction('articles', 'readonly').objectStore('articles').count();
          count.onsuccess = () => {
            open.result.close();
            resolve(count.result);
          };
          count.onerror = () => reject(count.error);
        };
      }),
  );
}

/**
 * The core of the extension, the same test in real Chromium and in stock
 * Firefox (driver.ts): saving from the page's button on both hosts, a body
 * that arrives late, one record per article; the popup's list, search,
 * delete and undo; the reader with its photos offline; export of the whole
 * library as a zip; backup and restore.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { strFromU8, unzipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { png } from '../../../scripts/bench/images-offline';
import { ROOT } from '../../../scripts/chromium';
import { fixturePage, fixturePages, serveFixture } from '../../../scripts/fixtures';
import { badgeOf, LABEL, launchDriver, saveThroughPopup, type Driver, type Tab } from '../driver/driver';
import { readerPhotos } from '../driver/reader-photos';
import { storedLibrary, wipeLibrary, type Stored } from '../driver/stored';

const SEED = 'NW202202102271830933';
const SEED_URL = `http://finews.zning.xyz/html_News/NewsShare.html?infoCode=${SEED}`;
const SEED_ON_EASTMONEY = `https://choicewzp1.eastmoney.com/html_News/NewsShare.html?infoCode=${SEED}&from=share`;
const LATE = fixturePage('late-body');
const IMAGES = fixturePage('share-images');
/** Words of the late body's first paragraph, as the page shows them once GetNewsText has answered. */
const LATE_WORDS = (LATE.expected.ok ? LATE.expected.article.html : '').replace(/<[^>]*>/g, '').trim().slice(0, 12);
if (!LATE.expected.ok || !IMAGES.expected.ok) throw new Error('late-body and share-images must be articles');
const photos = IMAGES.expected.article;
// The photo CDN (allowed optional host), the page's own origin, the CDN again; then one gone, one never served.
const [PHOTO, OWN_ORIGIN, CHART, GONE, ELSEWHERE] = photos.images as [string, string, string, string, string];
const SAVED_PHOTOS = [PHOTO, OWN_ORIGIN, CHART];
const item = (id: string) => `[data-testid="library-item"][data-article-id="${id}"]`;

let driver: Driver;
const work = mkdtempSync(path.join(tmpdir(), 'finews-core-'));

beforeAll(async () => {
  driver = await launchDriver();
  // Every share page's body comes from GetNewsText after load, 1.5 s late.
  for (const page of fixturePages()) serveFixture(driver.sites, page, { newsTextDelayMs: 1500 });
  // Later still for the page whose button is looked at before its body comes: room for a loaded machine.
  serveFixture(driver.sites, LATE, { newsTextDelayMs: 3000 });
  driver.sites.set(SEED_ON_EASTMONEY, { body: fixturePage('seed-share').html, contentType: 'text/html; charset=utf-8' });
  for (const [i, url] of SAVED_PHOTOS.entries()) driver.sites.set(url, { body: png(60 + i * 10, 40, [200, 100 + i * 30, 60]), contentType: 'image/png' });
  driver.sites.set(GONE, { body: 'gone', contentType: 'text/plain', status: 404 });
});

afterAll(async () => {
  await driver?.close();
  rmSync(work, { recursive: true, force: true });
});

async function saveWithButton(url: string, onOpen?: (page: Tab) => Promise<void>): Promise<Tab> {
  const page = await driver.open(url);
  await onOpen?.(page);
  await page.click('[data-testid="finews-save"][data-state="ready"]');
  await page.waitFor('[data-testid="finews-save"][data-state="saved"]', { timeout: 30_000 });
  return page;
}

function expectStoredAsExtracted(stored: Stored, expected: typeof photos) {
  const record = stored.articles.find((a) => a.id === expected.id);
  expect(record, expected.id).toBeDefined();
  const { html, url: _url, ...fields } = expected;
  for (const [key, value] of Object.entries(fields)) expect(record?.[key], `${expected.id}.${key}`).toEqual(value);
  expect(stored.bodies.find((b) => b.id === expected.id)?.html).toBe(html);
}

describe(`${LABEL} saving, listing, reading and exporting`, () => {
  it('the in-page button saves on both hosts, a body that arrives late included; the badge shows it', async () => {
    const seed = await saveWithButton(SEED_URL);
    expect(await badgeOf(driver, seed)).toBe('✓');
    // The other host, over https, and a body that is not in the page until GetNewsText answers.
    const lateUrl = LATE.url.replace('http://', 'https://');
    // Once loaded the page has no body yet, and its button waits for it (disabled) rather than saving half.
    const late = await saveWithButton(lateUrl, async (page) => {
      expect(await page.evaluate((words) => document.body.textContent!.includes(words), LATE_WORDS)).toBe(false);
      expect(await page.attribute('[data-testid="finews-save"]', 'data-state')).toBe('waiting');
    });
    const popup = await driver.openExtensionPage('popup.html');
    await popup.waitFor(item(SEED));
    await popup.waitFor(item(LATE.expected.ok ? LATE.expected.article.id : ''));
    const stored = await storedLibrary(popup);
    expect(stored.articles.map((a) => a.id).sort()).toEqual([LATE.expected.ok ? LATE.expected.article.id : '', SEED].sort());
    if (LATE.expected.ok) expectStoredAsExtracted(stored, LATE.expected.article);
    expect(await popup.text(item(SEED))).toContain('定西:以高质量监督助力优化营商环境');
    await Promise.all([seed.close(), late.close(), popup.close()]);
  });

  it('saving again, and from the other host, keeps one record', async () => {
    const page = await driver.open(SEED_ON_EASTMONEY);
    // The page's button already knows the article is in the library.
    await page.waitFor('[data-testid="finews-save"][data-state="saved"]');
    const first = await saveThroughPopup(driver, page);
    expect(first.kind).toBe('info');
    const again = await saveThroughPopup(driver, page);
    expect(again.kind).toBe('info');
    const { articles } = await storedLibrary(again.popup);
    expect(articles.filter((a) => a.infoCode === SEED)).toHaveLength(1);
    const record = articles.find((a) => a.id === SEED)!;
    expect(record.canonicalUrl).toBe(SEED_URL);
    expect(record.updatedAt).toBeGreaterThan(record.savedAt);
    await again.popup.reload();
    await again.popup.waitFor(item(SEED));
    expect(await again.popup.count(item(SEED))).toBe(1);
    await Promise.all([page.close(), first.popup.close(), again.popup.close()]);
  });

  it('the popup groups, searches, and deletes with undo', async () => {
    const popup = await driver.openExtensionPage('popup.html');
    await popup.click('[data-testid="view-by-category"]');
    await popup.waitFor('[data-testid="group"][data-group-key="dingxiribao"]');
    expect(await popup.text('[data-testid="group"][data-group-key="dingxiribao"] [data-testid="group-count"]')).toBe('1');

    await popup.fill('[data-testid="search"]', '营商环境');
    await popup.waitFor(`[data-testid="search-count"]`);
    await popup.waitFor(item(LATE.expected.ok ? LATE.expected.article.id : ''), { gone: true });
    expect(await popup.count('[data-testid="library-item"]')).toBe(1);
    expect(await popup.count(item(SEED))).toBe(1);
    await popup.fill('[data-testid="search"]', '');
    await popup.waitFor('[data-testid="group"]');

    // Delete sits in the row's menu, which a click on "…" keeps open.
    await popup.click(`${item(SEED)} [data-testid="row-menu"]`);
    await popup.click(`${item(SEED)} [data-testid="delete-article"]`);
    await popup.waitFor(item(SEED), { gone: true });
    expect((await storedLibrary(popup)).articles.some((a) => a.id === SEED)).toBe(false);
    await popup.waitFor('[data-testid="group"][data-group-key="dingxiribao"]', { gone: true });
    await popup.click('[data-testid="undo"]');
    // Its group, emptied by the delete, comes back with it.
    await popup.waitFor('[data-testid="group"][data-group-key="dingxiribao"]');
    expect(await popup.text('[data-testid="group"][data-group-key="dingxiribao"] [data-testid="group-count"]')).toBe('1');
    expect((await storedLibrary(popup)).articles.some((a) => a.id === SEED)).toBe(true);
    await popup.close();
  });

  it('the reader shows the article and its saved photos, and still does offline', async () => {
    const page = await driver.open(IMAGES.url);
    const { popup, kind } = await saveThroughPopup(driver, page);
    expect(kind).toBe('info');
    const stored = await storedLibrary(popup);
    expect(stored.images.filter((image) => image.articleId === photos.id).map((image) => image.url).sort()).toEqual([...SAVED_PHOTOS].sort());
    expectStoredAsExtracted(stored, photos);
    await popup.reload();
    const reader = await driver.tabOpenedBy(() => popup.click(`${item(photos.id)} [data-testid="open-reader"]`), 'reader.html');
    await Promise.all([page.close(), popup.close()]);

    const shown = async () => {
      await reader.waitFor('[data-testid="reader-title"]');
      expect(await reader.text('[data-testid="reader-title"]')).toBe(photos.title);
      expect(await reader.text('[data-testid="reader-body"]')).toContain('降低综合物流成本');
      return readerPhotos(reader, driver.origin);
    };
    const expected = {
      fromSavedCopies: true,
      sizes: SAVED_PHOTOS.map((url, i) => [url, 60 + i * 10, 40]),
      missing: [GONE, ELSEWHERE],
    };
    expect(await shown()).toEqual(expected);
    await driver.setOffline(true);
    try {
      const before = driver.requested().length;
      await reader.reload();
      expect(await shown()).toEqual(expected);
      const asked = driver.requested().slice(before);
      expect(asked.filter((url) => photos.images.includes(url) || url.includes('NewsShare'))).toEqual([]);
    } finally {
      await driver.setOffline(false);
    }
    await reader.close();
  });

  it('exports the whole library from the popup as a zip of blog posts', async () => {
    const popup = await driver.openExtensionPage('popup.html');
    await popup.waitFor('[data-testid="library-item"]');
    const next = driver.nextDownload();
    await popup.click('[data-testid="export-all"]');
    const zip = await next;
    expect(zip.name).toMatch(/^finews-posts-\d{8}\.zip$/);
    const files = unzipSync(new Uint8Array(zip.bytes));
    const { articles } = await storedLibrary(popup);
    expect(Object.keys(files)).toHaveLength(articles.length);
    // The seed is the blog's own post, byte for byte.
    const golden = readFileSync(path.join(ROOT, 'tests/fixtures/posts/seed/expected.md'), 'utf8');
    expect(strFromU8(files[`_posts/2022-02-10-${SEED}.md`]!)).toBe(golden);
    await popup.close();
  });

  it('backs up, wipes, and restores the same library', async () => {
    const options = await driver.openExtensionPage('options.html');
    await options.waitFor('[data-testid="backup-download"]');
    const before = await storedLibrary(options);
    const next = driver.nextDownload();
    await options.click('[data-testid="backup-download"]');
    const backup = await next;
    expect(backup.name).toMatch(/^finews-library-\d{8}\.jsonl$/);
    expect(JSON.parse(backup.bytes.toString('utf8').split('\n')[0]!)).toMatchObject({ format: 'finews-reader-backup', version: 1 });
    const file = path.join(work, backup.name);
    writeFileSync(file, backup.bytes);

    await wipeLibrary(options);
    await options.reload();
    const empty = await driver.openExtensionPage('popup.html');
    await empty.waitFor('[data-testid="library-empty"]');

    await options.chooseFile('[data-testid="restore-file"]', file);
    await options.waitFor('[data-testid="backup-message"][data-kind="info"]');
    const after = await storedLibrary(options);
    const byId = <T extends { id?: string; url?: string }>(rows: T[]) => [...rows].sort((a, b) => `${a.id}${a.url}`.localeCompare(`${b.id}${b.url}`));
    expect(byId(after.articles)).toEqual(byId(before.articles));
    expect(byId(after.bodies)).toEqual(byId(before.bodies));
    expect(byId(after.images)).toEqual(byId(before.images));
    await empty.reload();
    await empty.waitFor('[data-testid="library-item"]');
    expect(await empty.count('[data-testid="library-item"]')).toBe(before.articles.length);
    await Promise.all([options.close(), empty.close()]);
  });
});

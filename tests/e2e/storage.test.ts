// Full storage in real Chromium: IndexedDB itself refuses the extension's
// writes with QuotaExceededError, and every way of changing the library says
// so, writes nothing half, and keeps what was saved before.
//
// How the disk is "filled": CDP's Storage.overrideQuotaForOrigin gives the
// extension's origin a tiny quota. Chromium never applies a quota to an
// extension holding `unlimitedStorage` (ours does: there, only a really full
// disk refuses a write), so this file loads a copy of the same build with
// that one permission taken out of its manifest. Chromium also trusts the
// space it found free for a while (about 30 s) before asking again, unless a
// write needs more than that: so the quota is made finite before the library
// is first opened, and then one oversized write settles the question at once.
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { CDPSession, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IMAGES_FIXTURE, imageAnswers } from '../../scripts/bench/images-offline';
import { EXTENSION_DIR, launchExtension, ROOT, type ExtensionBrowser } from '../../scripts/chromium';
import { fixturePage, serveFixture } from '../../scripts/fixtures';
import { DB_NAME } from '../../lib/library/db';
import type { ArticleRecord, GroupRecord } from '../../lib/library/records';
import { readRawLibrary, type RawLibrary } from '../old-library/write-raw';
import { openRowMenu } from './row-menu';

const ZH = JSON.parse(readFileSync(path.join(ROOT, 'public', '_locales', 'zh_CN', 'messages.json'), 'utf8')) as Record<string, { message: string }>;
const BACKUP = path.join(ROOT, 'tests', 'fixtures', 'backups', 'v1-sample.jsonl');
const SEED = 'NW202202102271830933';
const CODES = 'NW202203082296543210';
const MB = 1024 * 1024;

let browser: ExtensionBrowser;
let extensionDir: string;
let session: CDPSession;
let origin: string;

/** The extension origin's quota, in bytes; undefined gives the browser's own back. */
async function setQuota(quotaSize: number | undefined): Promise<void> {
  await session.send('Storage.overrideQuotaForOrigin', { origin, ...(quotaSize === undefined ? {} : { quotaSize }) });
}

/** Writes `bytes` into a scratch database of the extension's origin: 'ok', or the error IndexedDB gave. */
function scratchWrite(page: Page, bytes: number): Promise<string> {
  return page.evaluate(
    (size) =>
      new Promise<string>((resolve) => {
        const opening = indexedDB.open('quota-scratch', 1);
        opening.onupgradeneeded = () => opening.result.createObjectStore('s');
        opening.onerror = () => resolve(opening.error?.name ?? 'error');
        opening.onsuccess = () => {
          const db = opening.result;
          const tx = db.transaction('s', 'readwrite');
          tx.objectStore('s').put(new Blob([new Uint8Array(size)]), 'x');
          tx.oncomplete = () => (db.close(), resolve('ok'));
          tx.onabort = () => (db.close(), resolve(tx.error?.name ?? 'aborted'));
        };
      }),
    bytes,
  );
}

const stored = (page: Page): Promise<RawLibrary> => page.evaluate(readRawLibrary, { name: DB_NAME });

/** The library holds together: every body, image and index entry has its article, and the counts agree with the rows. */
function expectConsistent(library: RawLibrary): void {
  const articles = library.tables.articles!.rows as ArticleRecord[];
  const ids = articles.map((a) => a.id).sort();
  expect((library.tables.bodies!.rows as { id: string }[]).map((b) => b.id).sort()).toEqual(ids);
  for (const image of library.tables.images!.rows as { articleId: string }[]) expect(ids).toContain(image.articleId);
  expect((library.tables.searchDocs!.rows as { id: string }[]).map((d) => d.id).sort()).toEqual(ids);
  const counts = new Map<string, number>();
  const bump = (key: string) => counts.set(key, (counts.get(key) ?? 0) + 1);
  for (const a of articles) {
    bump(`category:${a.source || a.site}`);
    for (const tag of new Set(a.tags)) bump(`tag:${tag}`);
    if (!a.read) bump('unread:');
    bump('saved:'); // every article is in the recently saved list
  }
  const groups = (library.tables.groups!.rows as GroupRecord[]).filter((g) => g.count > 0);
  expect(new Map(groups.map((g) => [`${g.kind}:${g.key}`, g.count]))).toEqual(counts);
  expect(library.tables.members!.keys).toHaveLength([...counts.values()].reduce((sum, n) => sum + n, 0));
}

async function openPage(url: string): Promise<Page> {
  const page = await browser.context.newPage();
  await page.goto(url);
  return page;
}

/** Clicks the share page's own save button; returns the state it ends in and its message. */
async function saveInPage(page: Page): Promise<{ state: string | null; message: string | null }> {
  const button = page.getByTestId('finews-save');
  await page.locator('[data-testid="finews-save"]:is([data-state="ready"], [data-state="saved"])').waitFor();
  await button.click();
  await page.locator('[data-testid="finews-save"]:is([data-state="saved"], [data-state="failed"])').waitFor();
  const state = await button.getAttribute('data-state');
  return { state, message: state === 'failed' ? await page.getByTestId('finews-save-message').textContent() : null };
}

beforeAll(async () => {
  extensionDir = mkdtempSync(path.join(tmpdir(), 'finews-reader-limited-'));
  cpSync(EXTENSION_DIR, extensionDir, { recursive: true });
  const manifestFile = path.join(extensionDir, 'manifest.json');
  const manifest = JSON.parse(readFileSync(manifestFile, 'utf8')) as { permissions: string[] };
  expect(manifest.permissions).toContain('unlimitedStorage');
  manifest.permissions = manifest.permissions.filter((p) => p !== 'unlimitedStorage');
  writeFileSync(manifestFile, JSON.stringify(manifest));

  browser = await launchExtension({ extensionDir });
  origin = `chrome-extension://${browser.extensionId}`;
  session = await browser.context.newCDPSession(await browser.context.newPage());
  // Room for the first articles, set before anything opens the library.
  const usage = await browser.worker.evaluate(async () => (await navigator.storage.estimate()).usage ?? 0);
  await setQuota(usage + 8 * MB);

  for (const slug of ['seed-share', 'codes-mixed', 'time-seconds', IMAGES_FIXTURE]) serveFixture(browser.sites, fixturePage(slug));
  const images = fixturePage(IMAGES_FIXTURE).expected;
  if (!images.ok) throw new Error(`${IMAGES_FIXTURE} must be an article`);
  for (const [url, answer] of await imageAnswers(browser, images.article.images)) browser.sites.set(url, answer);
});

afterAll(async () => {
  await browser?.close();
  if (extensionDir) rmSync(extensionDir, { recursive: true, force: true });
});

describe('when storage is full, in real Chromium', () => {
  let popup: Page;
  let before: RawLibrary;

  it('saves from the page button and the popup are refused with a clear message, and nothing is half-written', async () => {
    // Two articles saved while there is room: one from the page's button, one from the popup; one read, one tagged.
    const seedPage = await openPage(fixturePage('seed-share').url);
    expect(await saveInPage(seedPage)).toEqual({ state: 'saved', message: null });
    const codesPage = await openPage(fixturePage('codes-mixed').url);
    const saved = await browser.savePage(codesPage);
    expect(saved.kind).toBe('info');
    popup = saved.popup;
    await popup.reload();
    const seedItem = popup.locator(`[data-testid="library-item"][data-article-id="${SEED}"]`);
    await seedItem.getByTestId('toggle-read').click();
    await popup.locator(`[data-article-id="${SEED}"][data-read="true"]`).waitFor();
    await openRowMenu(seedItem);
    await seedItem.getByTestId('tag-input').fill('营商');
    await seedItem.getByTestId('tag-input').press('Enter');
    await seedItem.locator('[data-testid="tag"][data-tag="营商"]').waitFor();
    before = await stored(popup);
    expect((before.tables.articles!.rows as ArticleRecord[]).map((a) => a.id).sort()).toEqual([SEED, CODES]);
    expectConsistent(before);

    // The disk fills: IndexedDB itself now refuses the extension's writes.
    expect(await scratchWrite(popup, 1)).toBe('ok');
    await setQuota(1);
    expect(await scratchWrite(popup, 16 * MB)).toBe('QuotaExceededError');

    // A new article with photos, from the popup.
    const imagesPage = await openPage(fixturePage(IMAGES_FIXTURE).url);
    const refused = await browser.savePage(imagesPage);
    expect(refused).toMatchObject({ kind: 'error', text: ZH.errorQuota!.message });
    // A new article from the page's own button.
    const timePage = await openPage(fixturePage('time-seconds').url);
    expect(await saveInPage(timePage)).toEqual({ state: 'failed', message: ZH.errorQuota!.message });
    // Saving again an article the library has.
    const again = await browser.savePage(seedPage);
    expect(again).toMatchObject({ kind: 'error', text: ZH.errorQuota!.message });

    expect(await stored(popup)).toEqual(before);
    await Promise.all([seedPage, codesPage, imagesPage, timePage, refused.popup, again.popup].map((page) => page.close()));
  });

  it('changes in the popup (read, tag, delete) are refused with the message and leave the article as it was', async () => {
    const codesItem = popup.locator(`[data-testid="library-item"][data-article-id="${CODES}"]`);
    const seedItem = popup.locator(`[data-testid="library-item"][data-article-id="${SEED}"]`);
    const status = popup.getByTestId('status-message');
    const actions: [string, () => Promise<void>][] = [
      ['mark read', () => codesItem.getByTestId('toggle-read').click()],
      ['add a tag', async () => {
        await openRowMenu(codesItem);
        await codesItem.getByTestId('tag-input').fill('新标签');
        await codesItem.getByTestId('tag-input').press('Enter');
      }],
      // The user's own tag: the automatic one has no × to press.
      ['remove a tag', async () => (await openRowMenu(seedItem)).locator('[data-testid="tag"][data-tag="营商"]').getByTestId('remove-tag').click()],
      ['delete', async () => (await openRowMenu(codesItem)).getByTestId('delete-article').click()],
    ];
    for (const [name, act] of actions) {
      await popup.reload(); // a fresh popup, with no message yet
      await codesItem.waitFor();
      expect(await status.count()).toBe(0);
      await act();
      await status.waitFor();
      expect([await status.getAttribute('data-kind'), await status.textContent()], name).toEqual(['error', ZH.errorQuota!.message]);
    }
    await popup.reload();
    await codesItem.waitFor();
    expect(await codesItem.getAttribute('data-read')).toBe('false');
    const tagsShown = (item: typeof codesItem) => item.locator('[data-testid="tag"], [data-testid="tag-automatic"]').evaluateAll((els) => els.map((el) => el.getAttribute('data-tag')).sort());
    const tagsStored = (id: string) => [...(before.tables.articles!.rows as ArticleRecord[]).find((a) => a.id === id)!.tags].sort();
    expect(await tagsShown(codesItem)).toEqual(tagsStored(CODES));
    expect(await tagsShown(seedItem)).toEqual(tagsStored(SEED));
    expect(await stored(popup)).toEqual(before);

    // The earlier articles are all there, found by search, read in the reader.
    await popup.getByTestId('search').fill('营商环境');
    await expect
      .poll(() => popup.getByTestId('library-item').evaluateAll((els) => els.map((el) => el.getAttribute('data-article-id'))))
      .toEqual([SEED]);
    const reader = await openPage(`${origin}/reader.html?id=${SEED}`);
    await reader.getByTestId('reader-title').waitFor();
    expect(await reader.getByTestId('reader-body').textContent()).toContain('营商环境');
    await reader.close();
  });

  it('a backup restore is refused with a message and changes nothing; a backup can still be made', async () => {
    const options = await openPage(`${origin}/options.html`);
    await options.getByTestId('settings-save').waitFor();
    await options.getByTestId('restore-file').setInputFiles(BACKUP);
    const message = options.locator('[data-testid="backup-message"][data-kind="error"]');
    await message.waitFor();
    expect(await message.textContent()).toBe(ZH.restoreNotWritten!.message.replace('$REASON$', ZH.errorQuota!.message));
    expect(await stored(options)).toEqual(before);

    // Saving settings is refused as storage full, not as an invalid setting.
    await options.getByTestId('setting-back-links').click();
    await options.getByTestId('settings-save').click();
    const refusal = options.locator('[data-testid="settings-message"][data-kind="error"]');
    await refusal.waitFor();
    expect(await refusal.textContent()).toBe(ZH.settingsInvalid!.message.replace('$REASON$', ZH.errorQuota!.message));
    expect(await stored(options)).toEqual(before);

    // Reading needs no room: the whole library still downloads.
    const [download] = await Promise.all([browser.nextDownload(), options.getByTestId('backup-download').click()]);
    const lines = readFileSync(await download.path(), 'utf8').trimEnd().split('\n').map((line) => JSON.parse(line) as { kind?: string });
    expect(lines.filter((line) => line.kind === 'article')).toHaveLength(2);
    await options.close();
  });

  it('once there is room again, saving works and the library stays whole', async () => {
    await setQuota(undefined);
    const imagesPage = await openPage(fixturePage(IMAGES_FIXTURE).url);
    const saved = await browser.savePage(imagesPage);
    expect(saved.kind, saved.text).toBe('info');
    const after = await stored(saved.popup);
    expect((after.tables.articles!.rows as ArticleRecord[]).length).toBe(3);
    expect(after.tables.images!.rows.length).toBeGreaterThan(0);
    expectConsistent(after);

    // The popup asked the browser to keep the library; three articles are no cause to warn, whatever it answered.
    await saved.popup.getByTestId('library-stats').waitFor();
    expect(await saved.popup.getByTestId('storage-persistence').count()).toBe(0);
    await Promise.all([imagesPage.close(), saved.popup.close(), popup.close()]);
  });
});

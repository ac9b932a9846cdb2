// A library written by the first schema version, opened by the built
// extension in real Chromium, as after an update: everything is there, and an
// upgrade that fails says so and leaves the old library as it was.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Page, Worker } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DB_NAME } from '../../lib/library/db';
import { EXTENSION_DIR, launchExtension, ROOT, type ExtensionBrowser } from '../../scripts/chromium';
import { fixturePage, serveFixture } from '../../scripts/fixtures';
import { codeOf, oldLibrary, rawLibrary, type OldLibrary } from '../old-library/rows';
import { SHAPES, type RawShape } from '../old-library/shapes';
import { readRawLibrary, writeRawLibrary, type RawLibrary } from '../old-library/write-raw';
import { isAutomaticTag } from '../../lib/library/tags';

const COUNT = 1000;
const ZH = JSON.parse(readFileSync(path.join(ROOT, 'public', '_locales', 'zh_CN', 'messages.json'), 'utf8')) as Record<string, { message: string }>;
const BASE = ['articles', 'bodies', 'images', 'settings'];

let browser: ExtensionBrowser;
let worker: Worker;

beforeAll(async () => {
  browser = await launchExtension();
  worker = browser.worker;
});
afterAll(async () => {
  await browser?.close();
});

/**
 * Lays `library` down as the extension's own database, with plain
 * IndexedDB from its service worker (the seeder deletes any database there
 * first; Dexie lets go of it when asked), then loads the extension again
 * from its folder, as an update does: a new background and new pages meet
 * the old database. (`chrome.runtime.reload()` unloads an extension loaded
 * from the command line for good; CDP's `Extensions.loadUnpacked` of the
 * same folder reloads it under the same id, its storage kept.)
 */
async function installOld(library: RawLibrary): Promise<void> {
  await worker.evaluate(writeRawLibrary, { name: DB_NAME, library });
  const session = await browser.context.browser()!.newBrowserCDPSession();
  try {
    const restarted = browser.context.waitForEvent('serviceworker');
    const { id } = (await session.send('Extensions.loadUnpacked' as never, { path: EXTENSION_DIR } as never)) as { id: string };
    expect(id).toBe(browser.extensionId);
    worker = await restarted;
  } finally {
    await session.detach();
  }
}

/** The extension's database as stored, read with plain IndexedDB from one of its pages. */
const stored = (page: Page, stores?: string[]) => page.evaluate(readRawLibrary, { name: DB_NAME, stores });

const byName = <T extends { name: string }>(list: T[]) => [...list].sort((a, b) => (a.name < b.name ? -1 : 1));
const sorted = (shape: RawShape): RawShape => ({
  version: shape.version,
  stores: byName(shape.stores).map((store) => ({ ...store, indexes: byName(store.indexes) })),
});
// IndexedDB orders string keys by UTF-16 code units, as `<` does.
const order = <T>(rows: T[], key: (row: T) => string) => [...rows].sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
const expectedBase = (library: OldLibrary) => ({
  articles: { rows: order(library.articles, (r) => r.id) },
  bodies: { rows: order(library.bodies, (r) => r.id) },
  images: { rows: order(library.images, (r) => `${r.articleId}\u0000${r.url}`) },
  settings: { rows: order(library.settings, (r) => r.key) },
});

/** Group name → count, as the popup shows them. */
async function shownGroups(popup: Page): Promise<Record<string, number>> {
  const groups = await popup.getByTestId('group').evaluateAll((els) =>
    els.map((el) => [el.querySelector('.group-name')!.textContent!, Number(el.querySelector('[data-testid="group-count"]')!.textContent)] as const),
  );
  return Object.fromEntries(groups);
}

function expectedCounts(library: OldLibrary, kind: 'category' | 'tag'): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const row of library.articles) for (const key of kind === 'category' ? [row.source || row.site] : row.tags) counts[key] = (counts[key] ?? 0) + 1;
  if (kind === 'category') return counts;
  // By tag shows the reader's own tags, not the automatic <source>新闻 ones.
  const sources = new Set(library.articles.map((row) => row.source || row.site));
  return Object.fromEntries(Object.entries(counts).filter(([tag]) => !isAutomaticTag(tag, sources)));
}

describe('a version 1 library after an update, in real Chromium', () => {
  it('opens with all 1,000 articles, their tags, read state and images, every field as stored', async () => {
    const library = oldLibrary(COUNT);
    await installOld(rawLibrary(library, 1));
    const popup = await browser.openPopup();

    const unread = library.articles.filter((a) => !a.read).length;
    await popup.getByTestId('view-by-category').click();
    await popup.getByTestId('group').first().waitFor();
    await expect.poll(() => popup.getByTestId('library-stats').textContent()).toContain(`共 ${COUNT} 篇，未读 ${unread} 篇`);
    expect(await shownGroups(popup)).toEqual(expectedCounts(library, 'category'));
    await popup.getByTestId('view-by-tag').click();
    await popup.locator('[data-testid="group"][data-group-key="待读 清单"]').waitFor();
    expect(await shownGroups(popup)).toEqual(expectedCounts(library, 'tag'));

    // A group lists its articles newest first, with their tags and read state.
    const tag = '<b>标签&amp;</b>';
    const group = popup.locator(`[data-testid="group"][data-group-key="${tag}"]`);
    // The newest groups open by themselves; open this one unless it is.
    if ((await group.locator('.group-toggle').getAttribute('aria-expanded')) !== 'true') await group.locator('.group-toggle').click();
    await group.getByTestId('library-item').nth(19).waitFor();
    const items = await group.getByTestId('library-item').evaluateAll((els) =>
      els.map((el) => ({
        id: el.getAttribute('data-article-id')!,
        read: el.getAttribute('data-read') === 'true',
        // The automatic tag is drawn apart (fixed, first); the set is what was stored.
        tags: [...el.querySelectorAll('[data-testid="tag"], [data-testid="tag-automatic"]')].map((t) => t.getAttribute('data-tag')!).sort(),
      })),
    );
    const members = library.articles.filter((a) => a.tags.includes(tag)).sort((a, b) => b.sortTime - a.sortTime || (a.id < b.id ? 1 : -1));
    expect(items).toEqual(members.slice(0, 20).map((a) => ({ id: a.id, read: a.read, tags: [...a.tags].sort() })));
    expect(items.some((item) => item.read) && items.some((item) => !item.read)).toBe(true);

    // Search answers from the index the upgrade built.
    await popup.getByTestId('search').fill(codeOf(613));
    await expect
      .poll(() => popup.getByTestId('library-item').evaluateAll((els) => els.map((el) => el.getAttribute('data-article-id'))))
      .toEqual([library.articles[613]!.id]);

    // What is stored is exactly what version 1 wrote, in the current shape.
    const after = await stored(popup, BASE);
    expect(after.shape).toEqual(sorted(SHAPES[4]));
    expect(after.tables).toEqual(expectedBase(library));

    // The reader shows the article's saved images (two 3×2 and 4×2 PNGs).
    const withImages = library.articles[23]!;
    expect(withImages.images).toHaveLength(2);
    const reader = await browser.context.newPage();
    await reader.goto(`chrome-extension://${browser.extensionId}/reader.html?id=${encodeURIComponent(withImages.id)}`);
    await reader.getByTestId('reader-title').waitFor();
    expect(await reader.getByTestId('reader-title').textContent()).toBe(withImages.title);
    const images = reader.locator('[data-testid="reader-body"] img');
    await expect.poll(() => images.evaluateAll((els) => (els as HTMLImageElement[]).map((img) => [img.src.slice(0, 5), img.naturalWidth, img.naturalHeight]))).toEqual([
      ['blob:', 3, 2],
      ['blob:', 4, 2],
    ]);
    expect(await reader.getByTestId('image-missing').count()).toBe(0);
    await Promise.all([popup.close(), reader.close()]);
  });

  it('an upgrade that fails leaves the version 1 library untouched, and the popup and the save button say so', async () => {
    const library = oldLibrary(COUNT);
    const bad = library.articles[444]!;
    (bad as unknown as { tags: string }).tags = '坏的标签';
    await installOld(rawLibrary(library, 1));

    const popup = await browser.openPopup();
    const error = popup.getByTestId('library-error');
    await error.waitFor();
    expect(await error.textContent()).toBe(
      ZH.libraryOpenFailed!.message.replace('$REASON$', `Article "${bad.id}" has an unreadable "tags"; the library was not changed.`),
    );
    expect(await popup.getByTestId('library-empty').count()).toBe(0);
    // So does the reader, for an article the old library has.
    const reader = await browser.context.newPage();
    await reader.goto(`chrome-extension://${browser.extensionId}/reader.html?id=${encodeURIComponent(library.articles[1]!.id)}`);
    await reader.getByTestId('reader-error').waitFor();
    expect(await reader.getByTestId('reader-error').textContent()).toBe(await error.textContent());

    // Saving from the page's own button is refused with the reason, not lost silently.
    const seed = fixturePage('seed-share');
    serveFixture(browser.sites, seed);
    const page = await browser.context.newPage();
    await page.goto(seed.url);
    await page.locator('[data-testid="finews-save"][data-state="ready"]').waitFor();
    await page.getByTestId('finews-save').click();
    await page.locator('[data-testid="finews-save"][data-state="failed"]').waitFor();
    expect(await page.getByTestId('finews-save-message').textContent()).toBe(ZH.errorUpgrade!.message);

    // Still version 1, every row as it was.
    const after = await stored(popup);
    expect(after.shape).toEqual(sorted(SHAPES[1]));
    expect(after.tables).toEqual(expectedBase(library));
    await Promise.all([popup.close(), page.close(), reader.close()]);
  });
});

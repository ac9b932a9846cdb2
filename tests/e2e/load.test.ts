/**
 * A full library in real Chromium: the library is filled through the
 * extension's own storage code (as the benchmark does), then a real share
 * page is saved, the popup opens, search finds, and the whole library
 * exports. CI runs it at LOAD_SIZE (default 3,000 articles);
 * `npm run test:load` runs it at 50,000. The speed targets at 50,000 are in
 * `npm run bench`, not here.
 */
import { readFileSync } from 'node:fs';
import { strFromU8, unzipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postFor } from '../../lib/export/post/post';
import { DEFAULT_EXPORT_SETTINGS } from '../../lib/export/settings';
import { bundle } from '../../scripts/bundle';
import { article } from '../../scripts/bench/library-in-page';
import { launchExtension, type ExtensionBrowser } from '../../scripts/chromium';
import { fixturePage, serveFixture } from '../../scripts/fixtures';

const SIZE = Number(process.env.LOAD_SIZE ?? 3_000);
// Filling runs at roughly 700 articles a second here; leave room for a slow machine.
const FILL_MS = 60_000 + SIZE * 10;
const seed = fixturePage('seed-share');
if (!seed.expected.ok) throw new Error('the seed fixture must be an article');

let browser: ExtensionBrowser;

beforeAll(async () => {
  browser = await launchExtension();
  serveFixture(browser.sites, seed);
  const page = await browser.context.newPage();
  await page.goto(`chrome-extension://${browser.extensionId}/options.html`);
  await page.evaluate(await bundle('library-in-page.ts'));
  await page.evaluate((n) => (globalThis as any).finewsLibraryBench.fill(0, n), SIZE);
  await page.close();
}, FILL_MS);

afterAll(async () => {
  await browser?.close();
});

describe(`a library of ${SIZE} articles`, () => {
  it('still saves a real page, from the in-page button and the popup', async () => {
    const page = await browser.context.newPage();
    await page.goto(seed.url);
    await page.locator('[data-testid="finews-save"][data-state="ready"]').waitFor();
    await page.getByTestId('finews-save').click();
    await page.locator('[data-testid="finews-save"][data-state="saved"]').waitFor({ timeout: 30_000 });
    const again = await browser.savePage(page);
    expect(again.kind).toBe('info');
    await Promise.all([page.close(), again.popup.close()]);
  });

  it('opens the popup with every article counted, and searches the bodies', async () => {
    const popup = await browser.openPopup();
    await popup.getByTestId('group').first().waitFor();
    expect(await popup.getByTestId('library-stats').textContent()).toContain(String(SIZE + 1));
    // A phrase only the saved page has, then a word thousands of generated bodies have.
    await popup.getByTestId('search').fill('高质量监督');
    const seedItem = popup.locator(`[data-testid="library-item"][data-article-id="${seed.expected.ok && seed.expected.article.id}"]`);
    await seedItem.waitFor({ timeout: 30_000 });
    expect(await popup.getByTestId('library-item').count()).toBe(1);
    await popup.getByTestId('search').fill('营商环境');
    await popup.locator('[data-testid="library-item"]:nth-child(2)').waitFor({ timeout: 30_000 });
    await popup.close();
  });

  it('exports the whole library as one zip holding every post, each as lib/ writes it in Node', async () => {
    const popup = await browser.openPopup();
    await popup.getByTestId('group').first().waitFor();
    const next = browser.nextDownload(FILL_MS);
    await popup.getByTestId('export-all').click();
    const files = unzipSync(readFileSync(await (await next).path()));
    expect(Object.keys(files)).toHaveLength(SIZE + 1);
    // Bodies converted on either of the export's threads (page and worker) must match.
    for (let i = 0; i < SIZE; i++) {
      const generated = { ...article(i), savedAt: 0, updatedAt: 0, sortTime: 0, tags: [], read: false };
      const post = postFor(generated, DEFAULT_EXPORT_SETTINGS);
      const written = files[`_posts/${post.fileName}`];
      if (!written || strFromU8(written) !== post.content) expect(written && strFromU8(written), post.fileName).toBe(post.content);
    }
    await popup.close();
  }, FILL_MS);
});

/**
 * The README's screenshots, written by the tests so they never go stale:
 * the popup (with a row menu open), the reader and the options, in Chinese
 * and English, light and dark, into docs/.
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, describe, it } from 'vitest';
import { launchExtension, ROOT, type ExtensionBrowser } from '../../scripts/chromium';
import { fixturePage, saveFixtures } from '../../scripts/fixtures';

const DOCS = path.join(ROOT, 'docs');
const SAVED = ['eastmoney-noise', 'time-seconds', 'codes-mixed', 'seed-share'];
const SCHEMES = ['light', 'dark'] as const;

async function shoot(page: Page, name: string, size: { width: number; height: number }): Promise<void> {
  mkdirSync(DOCS, { recursive: true });
  await page.setViewportSize(size);
  await page.evaluate(() => document.fonts.ready);
  await page.screenshot({ path: path.join(DOCS, name) });
}

let browser: ExtensionBrowser | undefined;
afterAll(async () => {
  await browser?.close();
});

describe.each(['zh_CN', 'en'] as const)('screenshots for the README (%s)', (locale) => {
  it('popup, reader and options, light and dark', async () => {
    browser = await launchExtension({ locale });
    await saveFixtures(browser, SAVED);
    // The popup as it opens over a share page (its fixture is still served).
    const share = await browser.context.newPage();
    await share.goto(fixturePage(SAVED[0]!).url);
    const popup = await browser.openPopup(await browser.tabIdOf(share));
    await popup.getByTestId('library-item').nth(SAVED.length - 1).waitFor();
    const first = popup.getByTestId('library-item').first();
    const [reader] = await Promise.all([browser.context.waitForEvent('page'), first.getByTestId('open-reader').click()]);
    await reader.getByTestId('reader-title').waitFor();
    const options = await browser.context.newPage();
    await options.goto(`chrome-extension://${browser.extensionId}/options.html`);
    await options.getByTestId('backup-download').waitFor();
    for (const scheme of SCHEMES) {
      for (const page of [popup, reader, options]) await page.emulateMedia({ colorScheme: scheme });
      await popup.reload();
      await popup.getByTestId('library-item').nth(SAVED.length - 1).waitFor();
      // The second row's menu open, as a pointer over "…" shows it.
      await popup.getByTestId('library-item').nth(1).getByTestId('row-menu').hover();
      await shoot(popup, `popup-${locale}-${scheme}.png`, { width: 400, height: 600 });
      await shoot(reader, `reader-${locale}-${scheme}.png`, { width: 900, height: 800 });
      await shoot(options, `options-${locale}-${scheme}.png`, { width: 900, height: 800 });
    }
    await browser.close();
    browser = undefined;
  });
});

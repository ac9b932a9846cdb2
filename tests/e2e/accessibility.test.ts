/**
 * axe-core (WCAG 2.2 AA, target size included, plus best practice) finds
 * nothing on any page of the extension: the popup empty, filled, in each
 * view, with search results (their count, "more", marked words) and in the
 * selection mode; the reader light and dark; the options; the export page,
 * also with nothing to export. axe runs inside each page through page.evaluate: the pages'
 * content security policy refuses an added script tag.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchExtension, type ExtensionBrowser } from '../../scripts/chromium';
import { saveFixtures } from '../../scripts/fixtures';
import { fillGenerated } from './bench-articles';
import { openRowMenu } from './row-menu';

const AXE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'];

interface Found {
  id: string;
  impact: string | null;
  nodes: string[];
}

/** The violations axe finds on the page as it is now, each with the elements at fault. */
async function violations(page: Page): Promise<Found[]> {
  await page.evaluate(AXE);
  return page.evaluate(async (tags) => {
    const axe = (globalThis as any).axe;
    const result = await axe.run(document, { runOnly: { type: 'tag', values: tags }, rules: { 'target-size': { enabled: true } } });
    return result.violations.map((v: any) => ({ id: v.id, impact: v.impact, nodes: v.nodes.slice(0, 3).map((n: any) => `${n.target.join(' ')}: ${n.failureSummary}`) }));
  }, TAGS);
}

let browser: ExtensionBrowser;
beforeAll(async () => {
  browser = await launchExtension();
});
afterAll(async () => {
  await browser?.close();
});

describe('accessibility (axe-core, WCAG 2.2 AA and best practice)', () => {
  it('the empty popup', async () => {
    const popup = await browser.openPopup();
    await popup.getByTestId('library-empty').waitFor();
    expect(await violations(popup)).toEqual([]);
    await popup.close();
  });

  it('the filled popup in each view, with a row menu open, and with search results', async () => {
    await saveFixtures(browser, ['seed-share', 'codes-mixed', 'time-seconds', 'eastmoney-noise']);
    const popup = await browser.openPopup();
    await popup.getByTestId('library-item').first().waitFor();
    expect(await violations(popup), 'recent').toEqual([]);
    await openRowMenu(popup.getByTestId('library-item').first());
    await popup.getByTestId('tag-input').first().fill('营商');
    await popup.getByTestId('tag-input').first().press('Enter');
    expect(await violations(popup), 'row menu').toEqual([]);
    await popup.getByTestId('view-by-category').click();
    await popup.getByTestId('group').first().waitFor();
    expect(await violations(popup), 'by category').toEqual([]);
    await popup.getByTestId('view-by-tag').click();
    await popup.locator('[data-testid="group"][data-group-key="营商"]').waitFor();
    expect(await violations(popup), 'by tag').toEqual([]);
    await popup.getByTestId('search').fill('银行');
    await popup.getByTestId('search-count').waitFor();
    await popup.waitForTimeout(300);
    expect(await violations(popup), 'search').toEqual([]);
    await popup.getByTestId('search').fill('');
    await popup.getByTestId('search-count').waitFor({ state: 'detached' });
    await popup.getByTestId('view-recent').click();
    await popup.getByTestId('select-mode').click();
    await popup.getByTestId('select-row').first().check();
    expect(await violations(popup), 'selection mode').toEqual([]);
    await popup.getByTestId('select-done').click();
    await popup.close();
  });

  it('search results with a count, more to load and marked words', async () => {
    await fillGenerated(browser, 120);
    const popup = await browser.openPopup();
    await popup.getByTestId('search').fill('银行');
    await popup.getByTestId('load-more').waitFor();
    await popup.locator('[data-testid="open-reader"] mark').first().waitFor();
    expect(await popup.getByTestId('search-count').textContent()).toMatch(/^找到 \d+ 篇，显示最新的 50 篇$/);
    expect(await violations(popup), 'search with more').toEqual([]);
    await popup.close();
  });

  it('the reader, light and dark', async () => {
    const popup = await browser.openPopup();
    await popup.getByTestId('library-item').first().waitFor();
    const [reader] = await Promise.all([browser.context.waitForEvent('page'), popup.getByTestId('open-reader').first().click()]);
    await reader.getByTestId('reader-title').waitFor();
    await reader.emulateMedia({ colorScheme: 'light' });
    expect(await violations(reader), 'light').toEqual([]);
    await reader.emulateMedia({ colorScheme: 'dark' });
    expect(await violations(reader), 'dark').toEqual([]);
    await Promise.all([reader.close(), popup.close()]);
  });

  it('the export page with nothing to export', async () => {
    const empty = await launchExtension();
    try {
      const page = await empty.context.newPage();
      await page.goto(`chrome-extension://${empty.extensionId}/export.html?all=1`);
      await page.getByTestId('export-empty').waitFor();
      expect(await violations(page)).toEqual([]);
    } finally {
      await empty.close();
    }
  });

  it('the options and the export page', async () => {
    const options = await browser.context.newPage();
    await options.goto(`chrome-extension://${browser.extensionId}/options.html`);
    await options.getByTestId('backup-download').waitFor();
    expect(await violations(options), 'options').toEqual([]);
    const exporting = await browser.context.newPage();
    const done = browser.nextDownload();
    await exporting.goto(`chrome-extension://${browser.extensionId}/export.html?all=1`);
    await done;
    expect(await violations(exporting), 'export').toEqual([]);
    await Promise.all([options.close(), exporting.close()]);
  });
});

/**
 * axe-core (WCAG 2.2 AA, target size included, plus best practice; see
 * driver/axe.ts) finds nothing on any page of the extension, in real
 * Chromium and in stock Firefox: the popup empty, filled, in each view, with
 * a row menu open, with search results (their count, "more", marked words)
 * and in the selection mode; the reader light and dark; the options; the
 * export page, also with nothing to export.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { localeWords } from '../../locale-words';
import { axeViolations } from '../driver/axe';
import { LABEL, launchDriver, type Driver } from '../driver/driver';
import { fillGeneratedArticles, saveFixturePages } from '../driver/fill';

const item = '[data-testid="library-item"]';
let driver: Driver;
beforeAll(async () => {
  driver = await launchDriver();
});
afterAll(async () => {
  await driver?.close();
});

describe(`${LABEL} accessibility (axe-core, WCAG 2.2 AA and best practice)`, () => {
  it('the empty popup', async () => {
    const popup = await driver.openExtensionPage('popup.html');
    await popup.waitFor('[data-testid="library-empty"]');
    expect(await axeViolations(popup)).toEqual([]);
    // axe does look, in this browser's extension pages: a button with no name is found.
    await popup.evaluate(() => document.body.append(Object.assign(document.createElement('button'), { id: 'nameless' })), undefined);
    expect((await axeViolations(popup)).join('\n')).toMatch(/^button-name .*#nameless/m);
    await popup.close();
  });

  it('the filled popup in each view, with a row menu open, and with search results', async () => {
    await saveFixturePages(driver, ['seed-share', 'codes-mixed', 'time-seconds', 'eastmoney-noise']);
    const popup = await driver.openExtensionPage('popup.html');
    await popup.waitFor(item);
    expect(await axeViolations(popup), 'recent').toEqual([]);
    await popup.click(`${item} [data-testid="row-menu"]`);
    await popup.fill(`${item} [data-testid="tag-input"]`, '营商');
    await popup.press(`${item} [data-testid="tag-input"]`, 'Enter');
    await popup.waitFor(`${item} [data-testid="tag"][data-tag="营商"]`);
    expect(await axeViolations(popup), 'row menu').toEqual([]);
    await popup.click('[data-testid="view-by-category"]');
    await popup.waitFor('[data-testid="group"]');
    expect(await axeViolations(popup), 'by category').toEqual([]);
    await popup.click('[data-testid="view-by-tag"]');
    await popup.waitFor('[data-testid="group"][data-group-key="营商"]');
    expect(await axeViolations(popup), 'by tag').toEqual([]);
    await popup.fill('[data-testid="search"]', '银行');
    await popup.waitFor('[data-testid="search-count"]');
    await popup.waitFor(`${item} mark`);
    expect(await axeViolations(popup), 'search').toEqual([]);
    await popup.fill('[data-testid="search"]', '');
    await popup.waitFor('[data-testid="search-count"]', { gone: true });
    await popup.click('[data-testid="view-recent"]');
    await popup.click('[data-testid="select-mode"]');
    await popup.click('[data-testid="select-row"]');
    await popup.waitFor('[data-testid="select-row"]:checked');
    expect(await axeViolations(popup), 'selection mode').toEqual([]);
    await popup.click('[data-testid="select-done"]');
    await popup.close();
  });

  it('search results with a count, more to load and marked words', async () => {
    await fillGeneratedArticles(driver, 120);
    const popup = await driver.openExtensionPage('popup.html');
    await popup.fill('[data-testid="search"]', '银行');
    await popup.waitFor('[data-testid="load-more"]');
    await popup.waitFor('[data-testid="open-reader"] mark');
    const { t } = localeWords(driver.locale);
    const [before, after] = t('searchResultsOf', '\u0000', '50').split('\u0000') as [string, string];
    const count = await popup.text('[data-testid="search-count"]');
    expect(count.startsWith(before) && count.endsWith(after) && /^\d+$/.test(count.slice(before.length, count.length - after.length)), count).toBe(true);
    expect(await axeViolations(popup), 'search with more').toEqual([]);
    await popup.close();
  });

  it('the reader, light and dark', async () => {
    const popup = await driver.openExtensionPage('popup.html');
    await popup.waitFor(item);
    const reader = await driver.tabOpenedBy(() => popup.click('[data-testid="open-reader"]'), 'reader.html');
    await reader.waitFor('[data-testid="reader-title"]');
    await reader.colorScheme('light');
    expect(await axeViolations(reader), 'light').toEqual([]);
    await reader.colorScheme('dark');
    expect(await axeViolations(reader), 'dark').toEqual([]);
    await reader.colorScheme('light');
    await Promise.all([reader.close(), popup.close()]);
  });

  it('the export page with nothing to export', async () => {
    const empty = await launchDriver();
    try {
      const page = await empty.openExtensionPage('export.html?all=1');
      await page.waitFor('[data-testid="export-empty"]');
      expect(await axeViolations(page)).toEqual([]);
    } finally {
      await empty.close();
    }
  });

  it('the options and the export page', async () => {
    const options = await driver.openExtensionPage('options.html');
    await options.waitFor('[data-testid="backup-download"]');
    expect(await axeViolations(options), 'options').toEqual([]);
    const done = driver.nextDownload();
    const exporting = await driver.openExtensionPage('export.html?all=1');
    await done;
    expect(await axeViolations(exporting), 'export').toEqual([]);
    await Promise.all([options.close(), exporting.close()]);
  });
});

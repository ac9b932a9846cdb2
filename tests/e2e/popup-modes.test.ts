/**
 * The popup's search count and "more", its selection mode (keyboard and
 * mouse, export of the chosen, leaving it), and the export page with nothing
 * to export, in real Chromium with the built extension (zh_CN). The library
 * holds the benchmark's generated articles; what should match is computed
 * here from the generator, not by the extension.
 */
import { mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { unzipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchExtension, ROOT, type ExtensionBrowser } from '../../scripts/chromium';
import { fillGenerated, generatedHolding, rowIds } from './bench-articles';

const SIZE = 130;
const SCREENSHOTS = path.join(ROOT, 'test-output', 'screenshots');

let browser: ExtensionBrowser;

beforeAll(async () => {
  browser = await launchExtension();
});
afterAll(async () => {
  await browser?.close();
});

describe('the popup, beyond the first screen (zh_CN)', () => {
  it('with nothing to export, the export page says why instead of drawing an empty bar', async () => {
    const page = await browser.context.newPage();
    await page.goto(`chrome-extension://${browser.extensionId}/export.html?all=1`);
    const empty = page.getByTestId('export-empty');
    await empty.waitFor();
    expect(await empty.getAttribute('data-empty')).toBe('library');
    expect(await empty.textContent()).toContain('文库里还没有文章');
    expect(await page.locator('progress').count()).toBe(0);
    expect(await page.getByTestId('export-progress').count()).toBe(0);
    await page.close();
    await fillGenerated(browser, SIZE);
    // A group that is gone meanwhile (its last article deleted): said as such.
    const gone = await browser.context.newPage();
    await gone.goto(`chrome-extension://${browser.extensionId}/export.html?category=${encodeURIComponent("没有这个来源")}`);
    await gone.getByTestId('export-empty').waitFor();
    expect(await gone.getByTestId('export-empty').getAttribute('data-empty')).toBe('scope');
    await gone.close();
  });

  it('counts the matches, shows more on demand, and marks the words in the titles', async () => {
    const holding = generatedHolding(SIZE, '银行');
    expect(holding.length).toBeGreaterThan(100);
    const popup = await browser.openPopup();
    await popup.getByTestId('library-item').first().waitFor();
    await popup.getByTestId('search').fill('银行');
    const count = popup.getByTestId('search-count');
    await expect.poll(() => count.textContent()).toBe(`找到 ${holding.length} 篇，显示最新的 50 篇`);
    expect(await popup.getByTestId('library-item').count()).toBe(50);
    await popup.getByTestId('load-more').click();
    await expect.poll(() => popup.getByTestId('library-item').count()).toBe(100);
    expect(await count.textContent()).toBe(`找到 ${holding.length} 篇，显示最新的 100 篇`);
    await popup.getByTestId('load-more').click();
    await expect.poll(() => count.textContent()).toBe(`找到 ${holding.length} 篇`);
    expect((await rowIds(popup)).sort()).toEqual([...holding].sort());
    expect(await popup.getByTestId('load-more').count()).toBe(0);
    // Every title holding the word has it marked, and only the word.
    const titles = await popup.getByTestId('open-reader').evaluateAll((els) =>
      els.map((el) => ({ text: el.textContent ?? '', marks: [...el.querySelectorAll('mark')].map((m) => m.textContent) })),
    );
    const withWord = titles.filter((title) => title.text.includes('银行'));
    expect(withWord.length).toBeGreaterThan(0);
    for (const title of withWord) expect(title.marks, title.text).toEqual(Array(title.text.split('银行').length - 1).fill('银行'));
    await popup.close();
  });

  it('has a selection mode: entered, rows checked by keyboard and mouse, exported, left', async () => {
    const popup = await browser.openPopup();
    await popup.getByTestId('library-item').first().waitFor();
    expect(await popup.getByTestId('select-row').count()).toBe(0);
    await popup.getByTestId('select-mode').click();
    const bar = popup.getByTestId('select-bar');
    await bar.waitFor();
    const ids = await rowIds(popup);
    expect(await popup.getByTestId('select-row').count()).toBe(ids.length);
    expect(await popup.getByTestId('export-selected').isDisabled()).toBe(true);
    const row = (id: string) => popup.locator(`[data-testid="library-item"][data-article-id="${id}"]`);

    // Keyboard: from the search box down to the first row, Space checks it; the next likewise.
    await popup.getByTestId('search').focus();
    await popup.keyboard.press('ArrowDown');
    await popup.keyboard.press(' ');
    await popup.keyboard.press('ArrowDown');
    await popup.keyboard.press(' ');
    await expect.poll(() => row(ids[1]!).getByTestId('select-row').isChecked()).toBe(true);
    expect(await row(ids[0]!).getByTestId('select-row').isChecked()).toBe(true);
    // Mouse: a row's checkbox, and a title, which chooses instead of opening the reader while choosing.
    await row(ids[2]!).getByTestId('select-row').click();
    const pages = browser.context.pages().length;
    await row(ids[3]!).getByTestId('open-reader').click();
    await expect.poll(() => row(ids[3]!).getByTestId('select-row').isChecked()).toBe(true);
    expect(browser.context.pages()).toHaveLength(pages);
    // Unchecked again with Space.
    await row(ids[2]!).focus();
    await popup.keyboard.press(' ');
    await expect.poll(() => row(ids[2]!).getByTestId('select-row').isChecked()).toBe(false);
    const chosen = [ids[0]!, ids[1]!, ids[3]!];
    expect(await popup.getByTestId('select-count').textContent()).toBe('已选 3 篇');
    mkdirSync(SCREENSHOTS, { recursive: true });
    await popup.setViewportSize({ width: 400, height: 600 });
    await popup.screenshot({ path: path.join(SCREENSHOTS, 'popup-selecting-zh_CN.png') });

    const download = browser.nextDownload();
    await popup.getByTestId('export-selected').click();
    const names = Object.keys(unzipSync(new Uint8Array(readFileSync(await (await download).path()))));
    expect(names.map((name) => /-(NW\d+)\.md$/.exec(name)?.[1]).sort()).toEqual([...chosen].sort());
    for (const page of browser.context.pages()) if (page.url().includes('/export.html')) await page.close();

    // Select all shown, then none; Esc leaves the mode and forgets the choice.
    await popup.getByTestId('select-shown').click();
    await expect.poll(() => popup.getByTestId('select-count').textContent()).toBe(`已选 ${ids.length} 篇`);
    await popup.getByTestId('select-shown').click();
    await expect.poll(() => popup.getByTestId('select-count').textContent()).toBe('已选 0 篇');
    await row(ids[0]!).focus();
    await popup.keyboard.press(' ');
    await popup.keyboard.press('Escape');
    await bar.waitFor({ state: 'detached' });
    expect(await popup.getByTestId('select-row').count()).toBe(0);
    // Out of the mode, a title opens the reader again; entering anew starts with nothing chosen.
    const [reader] = await Promise.all([browser.context.waitForEvent('page'), row(ids[0]!).getByTestId('open-reader').click()]);
    await reader.getByTestId('reader-title').waitFor();
    await reader.close();
    await popup.getByTestId('select-mode').click();
    expect(await popup.getByTestId('select-count').textContent()).toBe('已选 0 篇');
    await popup.getByTestId('select-done').click();
    await bar.waitFor({ state: 'detached' });
    await popup.close();
  });
});

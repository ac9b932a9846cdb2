import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchExtension, ROOT, type ExtensionBrowser } from '../../scripts/chromium';
import { launchWithSaved, saveFixtures } from '../../scripts/fixtures';
import { openRowMenu } from './row-menu';

const SAVED = ['seed-share', 'codes-mixed', 'time-seconds', 'eastmoney-noise'];
const SEED = 'NW202202102271830933';
const CODES = 'NW202203082296543210';
export const SCREENSHOTS = path.join(ROOT, 'test-output', 'screenshots');

const group = (popup: Page, key: string) => popup.locator(`[data-testid="group"][data-group-key="${key}"]`);
const countOf = async (popup: Page, key: string) => Number(await group(popup, key).getByTestId('group-count').textContent());
const keysOf = (popup: Page) => popup.getByTestId('group').evaluateAll((els) => els.map((el) => el.getAttribute('data-group-key')));

async function screenshot(popup: Page, name: string): Promise<void> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  await popup.getByTestId('library-item').first().waitFor();
  await popup.setViewportSize({ width: 400, height: 640 });
  await popup.screenshot({ path: path.join(SCREENSHOTS, name), fullPage: true });
}

describe('browsing the library in real Chromium (zh_CN)', () => {
  let browser: ExtensionBrowser;
  let popup: Page;

  beforeAll(async () => {
    ({ browser, popup } = await launchWithSaved(SAVED));
  });

  it('opens on recently saved: one flat list, the latest save first', async () => {
    expect(await popup.getByTestId('view-recent').getAttribute('aria-pressed')).toBe('true');
    expect(await popup.getByTestId('group').count()).toBe(0);
    const ids = await popup.getByTestId('library-item').evaluateAll((els) => els.map((el) => el.getAttribute('data-article-id')));
    expect(ids).toHaveLength(SAVED.length);
    // saveFixtures saves in order, so the last one saved comes first.
    expect(ids[0]).toBe(await popup.evaluate(async () => {
      const open = indexedDB.open('finews-library');
      const db = await new Promise<IDBDatabase>((resolve) => (open.onsuccess = () => resolve(open.result)));
      const rows = await new Promise<{ id: string; updatedAt: number }[]>((resolve) => {
        const all = db.transaction('articles').objectStore('articles').getAll();
        all.onsuccess = () => resolve(all.result);
      });
      db.close();
      return rows.sort((a, b) => b.updatedAt - a.updatedAt)[0]!.id;
    }));
    // The meta line leaves out the automatic <source>新闻 tag.
    expect(await popup.getByTestId('library-item').first().locator('.item-meta').textContent()).not.toContain('新闻');
    await screenshot(popup, 'popup-recent-zh_CN.png');
  });
  afterAll(async () => {
    await browser?.close();
  });

  it('groups by source with counts, newest group first, and by tag; the view is remembered', async () => {
    await popup.getByTestId('view-by-category').click();
    await group(popup, 'dingxiribao').waitFor();
    expect(await keysOf(popup)).toEqual(['zhengquanshibaowang', 'zhongguozhengquanbao·zhongzhengwang', 'dingxiribao']);
    expect(await countOf(popup, 'zhengquanshibaowang')).toBe(2);
    expect(await countOf(popup, 'dingxiribao')).toBe(1);
    expect(await group(popup, 'dingxiribao').textContent()).toContain('定西日报');
    await screenshot(popup, 'popup-category-zh_CN.png');

    // By tag lists only the reader's own tags: the automatic ones would repeat the sources.
    await popup.getByTestId('view-by-tag').click();
    await popup.getByTestId('tags-empty').waitFor();
    expect(await popup.getByTestId('group').count()).toBe(0);

    await popup.reload();
    await popup.getByTestId('tags-empty').waitFor();
    expect(await popup.getByTestId('view-by-tag').getAttribute('aria-pressed')).toBe('true');
  });

  it('searches bodies and titles by Chinese substring and by code', async () => {
    const search = popup.getByTestId('search');
    const found = async (query: string) => {
      await search.fill(query);
      await popup.getByTestId('search-count').waitFor();
      await popup.waitForTimeout(300); // the search runs a moment after the last key
      return popup.getByTestId('library-item').evaluateAll((els) => els.map((el) => el.getAttribute('data-article-id')));
    };
    expect(await found('营商环境')).toEqual([SEED]);
    expect(await found('000338')).toEqual([CODES]);
    expect(await found('HFO-1234yf')).toEqual([CODES]);
    expect(await found('重卡 订单')).toEqual([CODES]);
    // The words found are marked in the title.
    expect(await popup.locator(`[data-article-id="${CODES}"] .item-title mark`).allTextContents()).toEqual(['重卡', '订单']);
    // And in the reader's body, opened from the results.
    const [reader] = await Promise.all([browser.context.waitForEvent('page'), popup.locator(`[data-article-id="${CODES}"]`).getByTestId('open-reader').click()]);
    await reader.getByTestId('reader-body').locator('mark').first().waitFor();
    expect(new Set(await reader.getByTestId('reader-body').locator('mark').allTextContents())).toEqual(new Set(['重卡', '订单']));
    await reader.close();
    expect(await found('没有这样的词语组合')).toEqual([]);
    await search.fill('');
    await popup.getByTestId('search-count').waitFor({ state: 'detached' });
  });

  it('deletes with undo, by button and by keyboard', async () => {
    await popup.getByTestId('view-by-category').click();
    const item = popup.locator(`[data-article-id="${CODES}"]`);
    await item.waitFor();
    await (await openRowMenu(item)).getByTestId('delete-article').click();
    await item.waitFor({ state: 'detached' });
    expect(await countOf(popup, 'zhengquanshibaowang')).toBe(1);
    await popup.getByTestId('undo').click();
    await item.waitFor();
    expect(await countOf(popup, 'zhengquanshibaowang')).toBe(2);

    // An article alone in its open group comes back in that group, open, and focus returns to it.
    const alone = group(popup, 'dingxiribao');
    await alone.locator(`[data-article-id="${SEED}"]`).waitFor();
    await (await openRowMenu(alone.locator(`[data-article-id="${SEED}"]`))).getByTestId('delete-article').click();
    await alone.waitFor({ state: 'detached' });
    await popup.keyboard.press('Control+z');
    await alone.locator(`[data-article-id="${SEED}"]`).waitFor();
    await expect.poll(() => popup.evaluate(() => document.activeElement?.getAttribute('data-article-id'))).toBe(SEED);
    // Home and End jump to the first and the last article drawn.
    await popup.keyboard.press('End');
    const ids = await popup.getByTestId('library-item').evaluateAll((els) => els.map((el) => el.getAttribute('data-article-id')));
    expect(await popup.evaluate(() => document.activeElement?.getAttribute('data-article-id'))).toBe(ids.at(-1));
    await popup.keyboard.press('Home');
    expect(await popup.evaluate(() => document.activeElement?.getAttribute('data-article-id'))).toBe(ids[0]);

    // Without a mouse: `/` to search, arrow down into the list, Delete.
    await popup.keyboard.press('/');
    expect(await popup.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('search');
    await popup.keyboard.press('ArrowDown');
    const focused = await popup.evaluate(() => document.activeElement?.getAttribute('data-article-id'));
    expect(focused).toBeTruthy();
    await popup.keyboard.press('Delete');
    await popup.locator(`[data-article-id="${focused}"]`).waitFor({ state: 'detached' });
    await popup.getByTestId('undo').click();
    await popup.locator(`[data-article-id="${focused}"]`).waitFor();
  });

  it('adds and removes a tag, marks read, and shows counts and storage use', async () => {
    const seed = popup.locator(`[data-article-id="${SEED}"]`);
    await openRowMenu(seed);
    await seed.getByTestId('tag-input').fill('营商');
    await seed.getByTestId('tag-input').press('Enter');
    await seed.locator('[data-testid="tag"][data-tag="营商"]').waitFor();
    await popup.getByTestId('view-by-tag').click();
    await group(popup, '营商').waitFor();
    expect(await countOf(popup, '营商')).toBe(1);
    expect(await keysOf(popup)).toEqual(['营商']);
    await screenshot(popup, 'popup-tag-zh_CN.png');
    await (await openRowMenu(popup.locator(`[data-article-id="${SEED}"]`).first())).locator('[data-tag="营商"] [data-testid="remove-tag"]').click();
    await group(popup, '营商').waitFor({ state: 'detached' });

    // The search above opened the codes article in the reader, which read it.
    expect(await popup.getByTestId('library-stats').textContent()).toMatch(/共 4 篇，未读 3 篇，占用 [\d.]+ [KM]B/);
    // A library of four articles is no cause for a storage warning, whatever the browser answered.
    expect(await popup.getByTestId('storage-persistence').count()).toBe(0);
    await popup.getByTestId('view-recent').click();
    await popup.locator(`[data-article-id="${SEED}"]`).first().getByTestId('toggle-read').click();
    await popup.locator(`[data-article-id="${SEED}"][data-read="true"]`).first().waitFor();
    await expect.poll(() => popup.getByTestId('library-stats').textContent()).toContain('未读 2 篇');
  });
});

describe('the popup in English', () => {
  let browser: ExtensionBrowser;
  afterAll(async () => {
    await browser?.close();
  });

  it('speaks the browser language and draws both views', async () => {
    browser = await launchExtension({ locale: 'en' });
    await saveFixtures(browser, SAVED);
    const popup = await browser.openPopup();
    await popup.getByTestId('view-by-category').click();
    await group(popup, 'dingxiribao').waitFor();
    expect(await popup.getByTestId('view-by-category').textContent()).toBe('By source');
    await screenshot(popup, 'popup-category-en.png');
    await popup.getByTestId('view-recent').click();
    await popup.getByTestId('library-item').first().waitFor();
    await screenshot(popup, 'popup-recent-en.png');
  });
});

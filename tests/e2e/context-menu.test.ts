// The page's context-menu item "save this article", driven through the
// service worker's own listener (tabs.ts clickSaveMenuItem): it saves the
// tab's article like the popup does, and says a failure on the badge.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchExtension, ROOT, type ExtensionBrowser } from '../../scripts/chromium';
import { fixturePage, fixturePages, serveFixture } from '../../scripts/fixtures';
import { readLibrary } from './library-reader';
import { button, clickSaveMenuItem, liveWorker, saveMenuItemExists } from './tabs';

const ZH = JSON.parse(readFileSync(path.join(ROOT, 'public', '_locales', 'zh_CN', 'messages.json'), 'utf8')) as Record<string, { message: string }>;

let browser: ExtensionBrowser;

beforeAll(async () => {
  browser = await launchExtension();
  for (const page of fixturePages()) serveFixture(browser.sites, page);
});

afterAll(async () => {
  await browser?.close();
});

async function badgeOf(tabId: number): Promise<{ text: string; title: string }> {
  const worker = await liveWorker(browser);
  return worker.evaluate(async (id) => {
    const chrome = (globalThis as any).chrome;
    return { text: await chrome.action.getBadgeText({ tabId: id }), title: await chrome.action.getTitle({ tabId: id }) };
  }, tabId);
}

async function open(url: string): Promise<Page> {
  const page = await browser.context.newPage();
  await page.goto(url);
  return page;
}

describe('the context-menu item', () => {
  it('is registered when the extension is installed', async () => {
    expect(await saveMenuItemExists(browser)).toBe(true);
  });

  it('saves the tab\'s article: the badge and the in-page button say so, and the library has it once', async () => {
    const seed = fixturePage('seed-share');
    const expected = seed.expected;
    if (!expected.ok) throw new Error('seed-share must be an article');
    const page = await open(seed.url);
    await button(page, 'ready').waitFor();
    const tabId = await browser.tabIdOf(page);
    await clickSaveMenuItem(browser, tabId);
    await button(page, 'saved').waitFor({ timeout: 30_000 });
    await expect.poll(async () => (await badgeOf(tabId)).text).toBe('✓');
    const popup = await browser.openPopup();
    const { articles } = await readLibrary(popup);
    expect(articles.filter((a) => a.id === expected.article.id)).toHaveLength(1);
    await Promise.all([page.close(), popup.close()]);
  });

  it('on a page it may not read, saves nothing and names the missing access on the badge', async () => {
    const page = await open(fixturePage('not-article').url);
    const tabId = await browser.tabIdOf(page);
    await clickSaveMenuItem(browser, tabId);
    // A synthetic click grants no activeTab, unlike a real one: the extension may not read this site.
    await expect.poll(async () => badgeOf(tabId), { timeout: 30_000 }).toEqual({ text: '!', title: ZH.errorPermission!.message });
    await page.close();
  });

  it('on a page that is not an article, saves nothing and says why on the badge', async () => {
    const page = await open(fixturePage('not-article').url);
    const tabId = await browser.tabIdOf(page);
    // The reader's click on the toolbar button grants activeTab, as a real menu click would.
    await browser.clickToolbarButton(page);
    const popup = await browser.openPopup();
    const before = (await readLibrary(popup)).articles.length;
    await clickSaveMenuItem(browser, tabId);
    await expect.poll(async () => badgeOf(tabId), { timeout: 30_000 }).toEqual({ text: '!', title: ZH.errorNotArticle!.message });
    expect((await readLibrary(popup)).articles.length).toBe(before);
    await Promise.all([page.close(), popup.close()]);
  });
});

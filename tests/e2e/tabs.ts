/**
 * Many tabs at once, for the load tests: opening them in batches (a 2-core
 * machine cannot lay out a hundred pages at once), finding their tab ids,
 * and the shortcut's code path.
 */
import type { Page, Worker } from 'playwright-core';
import type { ExtensionBrowser } from '../../scripts/chromium';

/** The in-page button in `state`. */
export const button = (page: Page, state: string) => page.locator(`[data-testid="finews-save"][data-state="${state}"]`);

/** Opens `urls`, `batch` at a time, each once its save button is ready. */
export async function openShareTabs(browser: ExtensionBrowser, urls: readonly string[], batch = 10): Promise<Page[]> {
  const pages: Page[] = [];
  for (let i = 0; i < urls.length; i += batch) {
    pages.push(
      ...(await Promise.all(
        urls.slice(i, i + batch).map(async (url) => {
          const page = await browser.context.newPage();
          // Not waiting for `load`: the button being ready is what counts.
          await page.goto(url, { waitUntil: 'domcontentloaded' });
          await button(page, 'ready').waitFor({ timeout: 30_000 });
          return page;
        }),
      )),
    );
  }
  return pages;
}

export async function closeAll(pages: readonly Page[], batch = 20): Promise<void> {
  for (let i = 0; i < pages.length; i += batch) await Promise.all(pages.slice(i, i + batch).map((page) => page.close()));
}

/** The extension's service worker as it runs now (a stopped one is replaced by a new one). */
export async function liveWorker(browser: ExtensionBrowser): Promise<Worker> {
  const prefix = `chrome-extension://${browser.extensionId}/`;
  const running = browser.context.serviceWorkers().filter((w) => w.url().startsWith(prefix));
  return running.at(-1) ?? browser.context.waitForEvent('serviceworker', { predicate: (w) => w.url().startsWith(prefix) });
}

/**
 * The browser's tab id of every page. Without the `tabs` permission the
 * extension cannot match tabs by address, so each page is brought to front
 * and read as the active tab, one after the other.
 */
export async function tabIdsOf(browser: ExtensionBrowser, pages: readonly Page[]): Promise<number[]> {
  const ids: number[] = [];
  for (const page of pages) {
    await page.bringToFront();
    const worker = await liveWorker(browser);
    const id = await worker.evaluate(async () => {
      const [tab] = await (globalThis as any).chrome.tabs.query({ active: true, lastFocusedWindow: true });
      return tab?.id as number | undefined;
    });
    if (id === undefined) throw new Error(`No tab shows ${page.url()}`);
    ids.push(id);
  }
  return ids;
}

/**
 * Presses the save shortcut (Alt+Shift+S) for `tabId`, as far as a test can.
 * Chromium handles extension shortcuts in its browser window's accelerator
 * table; key events sent through DevTools (Playwright's keyboard) go to the
 * page and never reach it, headless or headful (checked). So this fires
 * the `chrome.commands.onCommand` event inside the service worker with the
 * command's name and the tab, as Chromium does after a real key press: the
 * listener the extension registered runs unchanged. The key binding itself
 * (manifest `commands`) is checked by reading `chrome.commands.getAll()`.
 */
export async function pressSaveShortcut(browser: ExtensionBrowser, tabId: number): Promise<void> {
  const worker = await liveWorker(browser);
  await worker.evaluate(async (id) => {
    const chrome = (globalThis as any).chrome;
    const tab = await chrome.tabs.get(id);
    chrome.commands.onCommand.dispatch('save-article', tab);
  }, tabId);
}

/**
 * Clicks the page's context-menu item "save this article" for `tabId`, as
 * far as a test can: a headless browser shows no menu, so this fires
 * `chrome.contextMenus.onClicked` inside the service worker with the item's
 * id and the tab, as Chromium does after a real click (as pressSaveShortcut
 * does for the shortcut); the listener the extension registered runs unchanged.
 */
export async function clickSaveMenuItem(browser: ExtensionBrowser, tabId: number): Promise<void> {
  const worker = await liveWorker(browser);
  await worker.evaluate(async (id) => {
    const chrome = (globalThis as any).chrome;
    const tab = await chrome.tabs.get(id);
    chrome.contextMenus.onClicked.dispatch({ menuItemId: 'save-article', editable: false, pageUrl: tab.url }, tab);
  }, tabId);
}

/** Whether the extension's context-menu item exists: creating it again fails only if it does. */
export async function saveMenuItemExists(browser: ExtensionBrowser): Promise<boolean> {
  const worker = await liveWorker(browser);
  return worker.evaluate(
    () =>
      new Promise<boolean>((resolve) => {
        const chrome = (globalThis as any).chrome;
        chrome.contextMenus.create({ id: 'save-article', title: 'probe', contexts: ['page'] }, () => {
          const exists = /duplicate|already exists/i.test(chrome.runtime.lastError?.message ?? '');
          // A probe that did create it (the item was missing) is taken away again.
          if (!exists) chrome.contextMenus.remove('save-article', () => void chrome.runtime.lastError);
          resolve(exists);
        });
      }),
  );
}

/** The shortcut bound to the save command, as Chromium registered it. */
export async function saveShortcut(browser: ExtensionBrowser): Promise<string | undefined> {
  const worker = await liveWorker(browser);
  const commands: { name: string; shortcut: string }[] = await worker.evaluate(() => (globalThis as any).chrome.commands.getAll());
  return commands.find((c) => c.name === 'save-article')?.shortcut;
}

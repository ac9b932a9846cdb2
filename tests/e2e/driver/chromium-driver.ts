/** The neutral driver (driver.ts) over the Chromium harness (scripts/chromium.ts, Playwright). */
import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { blockNetwork } from '../../../scripts/bench/images-offline';
import { allowSiteInExtensionsPage, launchExtension, type ExtensionBrowser } from '../../../scripts/chromium';
import type { Driver, DriverOptions, Tab } from './driver';

function tabOf(page: Page): Tab {
  // Playwright's CSS locators already reach into open shadow roots.
  const first = (selector: string) => page.locator(selector).first();
  return {
    url: () => page.url(),
    evaluate: (fn, arg) => page.evaluate(fn as never, arg as never),
    expression: (source) => page.evaluate(source) as never,
    waitFor: (selector, options = {}) => first(selector).waitFor({ timeout: options.timeout, state: options.gone ? 'detached' : 'visible' }),
    click: (selector) => first(selector).click(),
    fill: (selector, text) => first(selector).fill(text),
    press: (selector, key) => first(selector).press(key),
    text: async (selector) => (await first(selector).textContent()) ?? '',
    attribute: (selector, name) => first(selector).getAttribute(name),
    count: (selector) => page.locator(selector).count(),
    chooseFile: (selector, file) => first(selector).setInputFiles(file),
    bringToFront: () => page.bringToFront(),
    colorScheme: (scheme) => page.emulateMedia({ colorScheme: scheme }),
    reload: async () => {
      await page.reload();
    },
    close: () => page.close(),
  };
}

/** The neutral driver, with the Playwright harness under it for what only Chromium can do (stop the service worker). */
export interface ChromiumDriver extends Driver {
  harness: ExtensionBrowser;
  pageOf(tab: Tab): Page;
}

export async function launchChromiumDriver(options: DriverOptions): Promise<ChromiumDriver> {
  const locale = options.locale ?? 'zh_CN';
  const browser = await launchExtension({ locale, photoAccess: options.photoAccess });
  const tabs = new WeakMap<Tab, Page>();
  const wrap = (page: Page) => {
    const tab = tabOf(page);
    tabs.set(tab, page);
    return tab;
  };
  let unblock: (() => Promise<void>) | undefined;
  const origin = `chrome-extension://${browser.extensionId}`;
  const errors: string[] = [];
  const listen = (page: Page) => page.on('pageerror', (error) => page.url().startsWith(origin) && errors.push(`${page.url()}: ${error.message}`));
  browser.context.pages().forEach(listen);
  browser.context.on('page', listen);
  return {
    name: 'chromium',
    harness: browser,
    pageOf: (tab) => tabs.get(tab)!,
    locale,
    origin,
    sites: browser.sites,
    requested: () => browser.requests.map((request) => request.url),
    async open(url) {
      const page = await browser.context.newPage();
      await page.goto(url);
      return wrap(page);
    },
    async openExtensionPage(pathAndQuery) {
      const page = await browser.context.newPage();
      await page.goto(`chrome-extension://${browser.extensionId}/${pathAndQuery}`);
      return wrap(page);
    },
    async tabOpenedBy(start, part) {
      const [page] = await Promise.all([browser.context.waitForEvent('page', { predicate: (p) => p.url().includes(part) || p.url() === 'about:blank' }), start()]);
      await page.waitForURL((url) => url.href.includes(part));
      await page.waitForLoadState();
      return wrap(page);
    },
    tabIdOf: (tab) => browser.tabIdOf(tabs.get(tab)!),
    clickToolbarButton: (tab) => browser.clickToolbarButton(tabs.get(tab)!),
    inExtension: (fn, arg) => browser.worker.evaluate(fn as never, arg as never),
    async nextDownload(timeoutMs) {
      const download = await browser.nextDownload(timeoutMs);
      return { name: download.suggestedFilename(), bytes: readFileSync(await download.path()) };
    },
    async useLocalServer(serverOrigin) {
      browser.passThrough.add(serverOrigin);
      // chrome://extensions "Site access": the extension's request for the host is then granted without a prompt.
      const url = new URL(serverOrigin);
      await allowSiteInExtensionsPage(browser.context, browser.extensionId, `${url.protocol}//${url.hostname}/*`);
    },
    async setOffline(offline) {
      if (offline && !unblock) unblock = await blockNetwork(browser.context);
      if (!offline && unblock) {
        await unblock();
        unblock = undefined;
      }
    },
    async addInitScript(source) {
      await browser.context.addInitScript({ content: source });
    },
    initScriptsInExtensionPages: true,
    extensionErrors: () => [...errors],
    close: () => browser.close(),
  };
}

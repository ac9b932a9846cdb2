/** The neutral driver (driver.ts) over the Firefox harness (scripts/firefox.ts, puppeteer-core over BiDi). */
import type { ElementHandle, Page } from 'puppeteer-core';
import { launchFirefox, type FirefoxExtension } from '../../../scripts/firefox';
import { reload } from '../../../scripts/firefox-pages';
import type { Driver, DriverOptions, Tab } from './driver';

function tabOf(page: Page, firefox: FirefoxExtension): Tab {
  // `pierce/` also looks inside open shadow roots, as Playwright's CSS does.
  const deep = (selector: string) => `pierce/${selector}`;
  const element = async (selector: string, visible = true) => (await page.waitForSelector(deep(selector), { visible }))!;
  return {
    url: () => page.url(),
    evaluate: (fn, arg) => page.evaluate(fn as never, arg as never),
    expression: (source) => page.evaluate(source) as never,
    waitFor: async (selector, options = {}) => {
      await page.waitForSelector(deep(selector), { timeout: options.timeout, ...(options.gone ? { hidden: true } : { visible: true }) });
    },
    click: async (selector) => (await element(selector)).click(),
    fill: async (selector, text) => {
      const input = (await element(selector)) as ElementHandle<HTMLInputElement>;
      // Select what is there, so typing replaces it; an empty text just deletes it.
      await input.click({ count: 3 });
      if (text) await input.type(text);
      else await input.press('Backspace');
    },
    press: async (selector, key) => (await element(selector)).press(key as never),
    text: async (selector) => (await element(selector, false)).evaluate((el) => el.textContent ?? ''),
    attribute: async (selector, name) => (await element(selector, false)).evaluate((el, attr) => el.getAttribute(attr), name),
    count: async (selector) => (await page.$$(deep(selector))).length,
    chooseFile: async (selector, file) => ((await element(selector, false)) as ElementHandle<HTMLInputElement>).uploadFile(file),
    bringToFront: () => page.bringToFront(),
    colorScheme: (scheme) => firefox.colorScheme(page, scheme),
    reload: () => reload(page),
    close: () => page.close(),
  };
}

export async function launchFirefoxDriver(options: DriverOptions): Promise<Driver> {
  const locale = options.locale ?? 'en';
  const firefox = await launchFirefox({ photoAccess: options.photoAccess, locale });
  const tabs = new WeakMap<Tab, Page>();
  const wrap = (page: Page) => {
    const tab = tabOf(page, firefox);
    tabs.set(tab, page);
    return tab;
  };
  return {
    name: 'firefox',
    locale,
    origin: firefox.origin,
    sites: firefox.sites,
    requested: () => firefox.proxy.requests.map((request) => request.url),
    open: async (url) => wrap(await firefox.open(url)),
    openExtensionPage: async (pathAndQuery) => wrap(await firefox.openExtensionPage(pathAndQuery)),
    async tabOpenedBy(start, part) {
      // Firefox 153's BiDi does not announce tabs that an extension page opens, so
      // puppeteer never sees them. The extension can: once its tab shows up there,
      // that tab is closed and the same address opened in a tab the driver controls.
      await start();
      const deadline = Date.now() + 30_000;
      while (Date.now() < deadline) {
        const url = await firefox.inExtension(async (wanted) => {
          const api = (globalThis as any).browser;
          const [tab] = (await api.tabs.query({})).filter((t: { url?: string }) => t.url?.includes(wanted));
          if (!tab) return undefined;
          await api.tabs.remove(tab.id);
          return tab.url as string;
        }, part);
        if (url) return wrap(await firefox.openUrl(url));
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      throw new Error(`no tab showing ${part} opened within 30 s`);
    },
    tabIdOf: (tab) => firefox.tabIdOf(tabs.get(tab)!),
    clickToolbarButton: (tab) => firefox.clickToolbarButton(tabs.get(tab)!),
    inExtension: (fn, arg) => firefox.inExtension(fn, arg),
    nextDownload: (timeoutMs) => firefox.nextDownload(timeoutMs),
    // The proxy's PAC file sends 127.0.0.1 direct, and the harness turned the permission prompt off (granted on the click).
    useLocalServer: async () => undefined,
    async setOffline(offline) {
      firefox.proxy.offline = offline;
    },
    async addInitScript(source) {
      firefox.initScripts.push(source);
    },
    initScriptsInExtensionPages: false,
    extensionErrors: () => [...firefox.extensionErrors],
    close: () => firefox.close(),
  };
}

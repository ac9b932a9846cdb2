/**
 * Real Chromium with the built extension loaded: shared by the browser
 * tests, `npm start` and `npm run bench`. Pages are served at their real
 * addresses by intercepting requests, so the content script matches exactly
 * as it does on the web; nothing reaches the network.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium, type BrowserContext, type Page, type Route, type Worker } from 'playwright-core';

// The extension API inside `worker.evaluate` callbacks, which run in the browser.
declare const chrome: any;

export const ROOT = path.resolve(import.meta.dirname, '..');
export const EXTENSION_DIR = path.join(ROOT, '.output', 'chrome-mv3');

const CANDIDATES = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome', '/usr/bin/google-chrome-stable'];

/** `CHROME_PATH`, else a Chromium found on the machine; else a message saying how to get one. */
export function findChromium(): string {
  const fromEnv = process.env.CHROME_PATH;
  if (fromEnv) {
    if (!existsSync(fromEnv)) throw new Error(`CHROME_PATH points to ${fromEnv}, which does not exist.`);
    return fromEnv;
  }
  const found = CANDIDATES.find((candidate) => existsSync(candidate));
  if (found) return found;
  throw new Error(
    'No Chromium found. Install one (Debian/Ubuntu: `sudo apt-get install -y chromium fonts-wqy-microhei`) ' +
      'or set CHROME_PATH to a Chromium or Chrome executable.',
  );
}

/** What a served address answers. `delayMs` holds the answer back; `hang` never answers. */
export interface Served {
  body: string | Buffer;
  contentType: string;
  status?: number;
  delayMs?: number;
  hang?: boolean;
}

export interface ExtensionBrowser {
  context: BrowserContext;
  extensionId: string;
  worker: Worker;
  /** Addresses → answers; change it at any time. Unknown addresses get a 404. */
  sites: Map<string, Served>;
  /** Opens the popup as a tab, acting on `tabId`. */
  openPopup(tabId?: number): Promise<Page>;
  /** The browser's id for the tab showing `page`. */
  tabIdOf(page: Page): Promise<number>;
  close(): Promise<void>;
}

export interface LaunchOptions {
  headless?: boolean;
  downloadsDir?: string;
}

export async function launchExtension(options: LaunchOptions = {}): Promise<ExtensionBrowser> {
  if (!existsSync(path.join(EXTENSION_DIR, 'manifest.json'))) {
    throw new Error(`The extension is not built (${path.relative(ROOT, EXTENSION_DIR)} is missing): run \`npm run build\` first.`);
  }
  const userDataDir = mkdtempSync(path.join(tmpdir(), 'finews-reader-profile-'));
  const headless = options.headless ?? true;
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: findChromium(),
    headless,
    ignoreDefaultArgs: ['--disable-extensions'],
    acceptDownloads: true,
    downloadsPath: options.downloadsDir,
    args: [
      `--disable-extensions-except=${EXTENSION_DIR}`,
      `--load-extension=${EXTENSION_DIR}`,
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--lang=zh-CN',
      ...(headless ? ['--headless=new'] : []),
    ],
    locale: 'zh-CN',
    viewport: { width: 1000, height: 800 },
  });
  const sites = new Map<string, Served>();
  await context.route(/^https?:\/\//, (route) => answer(route, sites));

  const worker = context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker'));
  const extensionId = new URL(worker.url()).host;

  const tabIdOf = async (page: Page) => {
    const url = page.url();
    const id = await worker.evaluate(async (href) => {
      const tabs = await chrome.tabs.query({});
      return tabs.find((tab) => tab.url === href)?.id;
    }, url);
    if (id === undefined) throw new Error(`No tab shows ${url}`);
    return id;
  };

  return {
    context,
    extensionId,
    worker,
    sites,
    tabIdOf,
    async openPopup(tabId) {
      const page = await context.newPage();
      await page.goto(`chrome-extension://${extensionId}/popup.html${tabId === undefined ? '' : `?tab=${tabId}`}`);
      return page;
    },
    async close() {
      await context.close();
      rmSync(userDataDir, { recursive: true, force: true });
    },
  };
}

async function answer(route: Route, sites: Map<string, Served>): Promise<void> {
  const served = sites.get(route.request().url());
  if (!served) return route.fulfill({ status: 404, contentType: 'text/plain', body: 'not served in this run' });
  if (served.hang) return; // never answers: a body that never arrives
  if (served.delayMs) await new Promise((resolve) => setTimeout(resolve, served.delayMs));
  await route
    .fulfill({ status: served.status ?? 200, contentType: served.contentType, body: served.body })
    .catch(() => undefined); // the page may be gone by then
}

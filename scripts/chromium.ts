/**
 * Real Chromium with the built extension loaded: shared by the browser
 * tests, `npm start` and `npm run bench`. Pages are served at their real
 * addresses by intercepting requests, so the content script matches exactly
 * as it does on the web; nothing reaches the network.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PHOTO_HOST_MATCHES } from '../lib/finews/share-url';
import { chromium, type BrowserContext, type Download, type Page, type Route, type Worker } from 'playwright-core';

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
    'No Chromium found. Install one (Debian/Ubuntu: `sudo apt-get install -y chromium chromium-l10n fonts-wqy-microhei`) ' +
      'or set CHROME_PATH to a Chromium or Chrome executable.',
  );
}

/** What a served address answers. `delayMs` holds the answer back; `hang` never answers. */
export interface Served {
  body: string | Buffer;
  contentType: string;
  status?: number;
  /** Extra response headers, e.g. a redirect's `location`. */
  headers?: Record<string, string>;
  delayMs?: number;
  hang?: boolean;
}

export interface ExtensionBrowser {
  context: BrowserContext;
  extensionId: string;
  worker: Worker;
  /** Addresses → answers; change it at any time. Unknown addresses get a 404. */
  sites: Map<string, Served>;
  /**
   * Origins (`http://127.0.0.1:8080`) whose requests go to the real server
   * instead: servers the tests start themselves (a WebDAV folder). Add to it at any time.
   */
  passThrough: Set<string>;
  /** Every http(s) request the browser made, pages and extension alike, in order. */
  requests: SeenRequest[];
  /** Opens the popup as a tab, acting on `tabId`. */
  openPopup(tabId?: number): Promise<Page>;
  /** The browser's id for the tab showing `page`. */
  tabIdOf(page: Page): Promise<number>;
  /**
   * Clicks the extension's toolbar button for `page`'s tab, as a reader
   * would: Chromium then grants activeTab for that tab. (The popup it opens
   * cannot be driven from here; `openPopup(tabId)` stands in for it.)
   */
  clickToolbarButton(page: Page): Promise<void>;
  /**
   * Saves the article in `page`'s tab with the popup's button, as a reader
   * would; returns the popup (still open) and what its status line said.
   */
  savePage(page: Page): Promise<SavedThroughPopup>;
  /** The next download any page starts (an export, a backup), from now on. */
  nextDownload(timeoutMs?: number): Promise<Download>;
  /**
   * Uncaught errors and unhandled rejections so far in the extension's own
   * pages and in its service worker (each worker since it started): the
   * pages' first, each in the order seen. `forget` clears them too (for a
   * test that causes some on purpose).
   */
  extensionErrors(forget?: boolean): Promise<string[]>;
  /** Closes the browser; then throws if the extension had any uncaught error or unhandled rejection. */
  close(): Promise<void>;
}

export interface SeenRequest {
  url: string;
  /** The address of the page, frame or service worker that asked: tells the extension's requests from a page's own. */
  from: string;
}

export interface SavedThroughPopup {
  popup: Page;
  /** `info` when saved, `error` when not. */
  kind: string | null;
  text: string;
}

export interface LaunchOptions {
  headless?: boolean;
  /** The browser's interface language, which the extension follows (default zh_CN). */
  locale?: 'zh_CN' | 'en';
  downloadsDir?: string;
  /**
   * Whether the reader has allowed the optional photo-server access (default
   * true): granted as a reader would, in chrome://extensions and then with
   * the options page's button.
   */
  photoAccess?: boolean;
  /** The built extension to load (default: this worktree's Chrome build). */
  extensionDir?: string;
}

export async function launchExtension(options: LaunchOptions = {}): Promise<ExtensionBrowser> {
  const extensionDir = options.extensionDir ?? EXTENSION_DIR;
  if (!existsSync(path.join(extensionDir, 'manifest.json'))) {
    throw new Error(`The extension is not built (${path.relative(ROOT, extensionDir)} is missing): run \`npm run build\` first.`);
  }
  const userDataDir = mkdtempSync(path.join(tmpdir(), 'finews-reader-profile-'));
  const headless = options.headless ?? true;
  const locale = options.locale ?? 'zh_CN';
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: findChromium(),
    headless,
    ignoreDefaultArgs: ['--disable-extensions'],
    acceptDownloads: true,
    downloadsPath: options.downloadsDir,
    args: [
      `--disable-extensions-except=${extensionDir}`,
      `--load-extension=${extensionDir}`,
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      `--lang=${locale.replace('_', '-')}`,
      // Lets the tests press the toolbar button (CDP Extensions.triggerAction).
      '--enable-unsafe-extension-debugging',
      // Exact heap sizes in performance.memory, for the export benchmark.
      '--enable-precise-memory-info',
      ...(headless ? ['--headless=new'] : []),
    ],
    locale: locale.replace('_', '-'),
    // Chromium on Linux takes its interface language from the environment.
    env: { ...process.env, LANGUAGE: locale, LANG: `${locale}.UTF-8` },
    viewport: { width: 1000, height: 800 },
  });
  // Every page of the extension is watched from its first script on: an
  // uncaught error or unhandled rejection there fails the run at close().
  const pageErrors: string[] = [];
  const watchErrors = (page: Page) =>
    page.on('pageerror', (error) => {
      if (page.url().startsWith('chrome-extension://')) pageErrors.push(`${page.url()}: ${error.stack ?? error.message}`);
    });
  context.pages().forEach(watchErrors);
  context.on('page', watchErrors);
  // Service workers have no pageerror: each one records its own, read back at close().
  context.on('serviceworker', (started) => void watchWorkerErrors(started));
  const sites = new Map<string, Served>();
  const passThrough = new Set<string>();
  const requests: SeenRequest[] = [];
  await context.route((url) => /^https?:$/.test(url.protocol) && !passThrough.has(url.origin), (route) => {
    const request = route.request();
    requests.push({ url: request.url(), from: request.serviceWorker()?.url() ?? request.frame().url() });
    return answer(route, sites);
  });

  const worker = context.serviceWorkers()[0] ?? (await context.waitForEvent('serviceworker'));
  await watchWorkerErrors(worker);
  const extensionId = new URL(worker.url()).host;
  const uiLanguage: string = await worker.evaluate(() => chrome.i18n.getUILanguage());
  if (uiLanguage.replace('-', '_') !== locale && !uiLanguage.startsWith(locale)) {
    await context.close();
    throw new Error(
      `Chromium runs in ${uiLanguage}, not ${locale}: its language packs are missing ` +
        '(Debian/Ubuntu: `sudo apt-get install -y chromium-l10n`).',
    );
  }

  if (options.photoAccess ?? true) await allowPhotos(context, extensionId);

  // Without the `tabs` permission the extension cannot see other sites' URLs,
  // so the tab is found as the active one once the page is brought to front.
  const tabIdOf = async (page: Page) => {
    await page.bringToFront();
    const id = await worker.evaluate(async () => {
      const [tab] = await chrome.tabs.query({ active: true, lastFocusedWindow: true });
      return tab?.id as number | undefined;
    });
    if (id === undefined) throw new Error(`No tab shows ${page.url()}`);
    return id;
  };

  const clickToolbarButton = async (page: Page) => {
    await page.bringToFront(); // the action acts on the active tab
    const session = await context.browser()!.newBrowserCDPSession();
    try {
      // The action belongs to the tab target, not to the page inside it.
      const { targetInfos } = (await session.send('Target.getTargets', { filter: [{}] } as never)) as {
        targetInfos: { type: string; targetId: string; url: string }[];
      };
      const tab = targetInfos.find((target) => target.type === 'tab' && target.url === page.url());
      if (!tab) throw new Error(`No tab target shows ${page.url()}`);
      await session.send('Extensions.triggerAction' as never, { id: extensionId, targetId: tab.targetId } as never);
    } finally {
      await session.detach();
    }
  };

  // Downloads start in pages the tests did not open themselves (the export tab).
  const waiting: ((download: Download) => void)[] = [];
  const watch = (page: Page) => page.on('download', (download) => waiting.shift()?.(download));
  context.pages().forEach(watch);
  context.on('page', watch);
  const nextDownload = (timeoutMs = 30_000) =>
    new Promise<Download>((resolve, reject) => {
      const take = (download: Download) => {
        clearTimeout(timer);
        resolve(download);
      };
      const timer = setTimeout(() => {
        waiting.splice(waiting.indexOf(take), 1);
        reject(new Error(`no download within ${timeoutMs} ms`));
      }, timeoutMs);
      waiting.push(take);
    });

  const openPopup = async (tabId?: number) => {
    const page = await context.newPage();
    await page.goto(`chrome-extension://${extensionId}/popup.html${tabId === undefined ? '' : `?tab=${tabId}`}`);
    return page;
  };

  const savePage = async (page: Page): Promise<SavedThroughPopup> => {
    const popup = await openPopup(await tabIdOf(page));
    await popup.getByTestId('save-article').click();
    const status = popup.getByTestId('status-message');
    await status.waitFor({ timeout: 30_000 });
    return { popup, kind: await status.getAttribute('data-kind'), text: (await status.textContent()) ?? '' };
  };

  const extensionErrors = async (forget = false) => {
    const fromWorkers = await Promise.all(
      context.serviceWorkers().map((running) =>
        running
          .evaluate((clear) => {
            const list = (globalThis as { finewsTestErrors?: string[] }).finewsTestErrors ?? [];
            return clear ? list.splice(0) : [...list];
          }, forget)
          .catch(() => [] as string[]),
      ),
    );
    const fromPages = forget ? pageErrors.splice(0) : [...pageErrors];
    return [...fromPages, ...fromWorkers.flat().map((error) => `service worker: ${error}`)];
  };

  return {
    context,
    extensionId,
    extensionErrors,
    clickToolbarButton,
    savePage,
    nextDownload,
    worker,
    sites,
    passThrough,
    requests,
    tabIdOf,
    openPopup,
    async close() {
      const errors = await extensionErrors();
      await context.close();
      rmSync(userDataDir, { recursive: true, force: true });
      if (errors.length) {
        throw new Error(`The extension had ${errors.length} uncaught error(s) or unhandled rejection(s):\n${errors.join('\n\n')}`);
      }
    },
  };
}

/**
 * What a reader does in chrome://extensions, "Site access": allows the
 * extension on `host`. An optional host allowed there is granted at once,
 * without a prompt, when the extension next asks for it.
 */
export async function allowSiteInExtensionsPage(context: BrowserContext, extensionId: string, host: string): Promise<void> {
  const page = await context.newPage();
  try {
    await page.goto('chrome://extensions');
    await page.evaluate(
      ([id, pattern]) =>
        new Promise<void>((resolve, reject) =>
          chrome.developerPrivate.addHostPermission(id, pattern, () =>
            chrome.runtime.lastError ? reject(new Error(chrome.runtime.lastError.message)) : resolve(),
          ),
        ),
      [extensionId, host] as const,
    );
  } finally {
    await page.close();
  }
}

/**
 * Grants the optional photo-server access as a reader would, without a
 * prompt (a headless browser cannot show one): the site allowed in
 * chrome://extensions, then the options page's button.
 */
async function allowPhotos(context: BrowserContext, extensionId: string): Promise<void> {
  await allowSiteInExtensionsPage(context, extensionId, PHOTO_HOST_MATCHES[0]!);
  const page = await context.newPage();
  try {
    await page.goto(`chrome-extension://${extensionId}/options.html`);
    await page.getByTestId('allow-photos').click();
    await page.locator('[data-testid="photo-access"][data-allowed="true"]').waitFor({ timeout: 10_000 });
  } finally {
    await page.close();
  }
}

/**
 * Makes a service worker keep its uncaught errors and unhandled rejections
 * in a global the harness reads (extensionErrors). Errors before this runs
 * (the worker's first moments) are not seen; a worker that is stopped takes
 * its list with it.
 */
async function watchWorkerErrors(running: Worker): Promise<void> {
  if (!running.url().startsWith('chrome-extension://')) return;
  await running
    .evaluate(() => {
      const scope = globalThis as unknown as { finewsTestErrors?: string[]; addEventListener: (type: string, listener: (event: any) => void) => void };
      if (scope.finewsTestErrors) return;
      const errors: string[] = (scope.finewsTestErrors = []);
      const text = (value: unknown) => (value instanceof Error ? (value.stack ?? value.message) : String(value));
      scope.addEventListener('unhandledrejection', (event) => errors.push(`unhandled rejection: ${text(event.reason)}`));
      scope.addEventListener('error', (event) => errors.push(`uncaught error: ${text(event.error ?? event.message)}`));
    })
    .catch(() => undefined); // a worker stopped meanwhile
}

async function answer(route: Route, sites: Map<string, Served>): Promise<void> {
  const served = sites.get(route.request().url());
  if (!served) return route.fulfill({ status: 404, contentType: 'text/plain', body: 'not served in this run' });
  if (served.hang) return; // never answers: a body that never arrives
  if (served.delayMs) await new Promise((resolve) => setTimeout(resolve, served.delayMs));
  await route
    .fulfill({ status: served.status ?? 200, contentType: served.contentType, headers: served.headers, body: served.body })
    .catch(() => undefined); // the page may be gone by then
}

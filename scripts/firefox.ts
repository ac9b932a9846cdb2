/**
 * Stock Firefox with the built MV2 extension installed, for the browser
 * tests: the counterpart of chromium.ts. Playwright cannot drive stock
 * Firefox; puppeteer-core can, over WebDriver BiDi. The extension is a
 * temporary add-on (folder or the store zip) at a fixed moz-extension://
 * address; pages are served at their real addresses through a PAC file and
 * a local proxy answering from the same kind of `sites` map as Chromium's.
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { unzipSync } from 'fflate';
import puppeteer, { type Browser, type Page } from 'puppeteer-core';
import { ROOT, type Served } from './chromium';
import { FIREFOX_EXTENSION_DIR, FIREFOX_EXTENSION_UUID, findFirefox, MIN_FIREFOX } from './firefox-find';
import { firefoxLanguage, type FirefoxLocale } from './firefox-language';
import { navigate, runToolbarAction, setColorScheme, sleep } from './firefox-pages';
import { startSitesProxy, type SitesProxy } from './proxy';

export interface FirefoxDownload {
  name: string;
  bytes: Buffer;
}

export interface FirefoxExtension {
  browser: Browser;
  /** `moz-extension://<uuid>`. */
  origin: string;
  geckoId: string;
  /** Addresses → answers; change it at any time. Unknown addresses get a 404. */
  sites: Map<string, Served>;
  proxy: SitesProxy;
  downloadsDir: string;
  /**
   * Errors thrown in the extension's pages and background, as Firefox reports
   * them on its stderr (BiDi reports neither their console nor their errors).
   */
  extensionErrors: string[];
  /**
   * Scripts run before the page's own in each page that open() makes from now
   * on. Not in extension pages: Firefox's BiDi preload scripts do not reach them.
   */
  initScripts: string[];
  /** A new tab at `url` (a web address), loaded. */
  open(url: string): Promise<Page>;
  /** A new tab at any address, web or extension, loaded. */
  openUrl(url: string): Promise<Page>;
  /** A new tab showing the extension's `pathAndQuery` (e.g. `popup.html?tab=3`), loaded. */
  openExtensionPage(pathAndQuery: string): Promise<Page>;
  /** Runs `fn` in an extension page kept open for it: the extension's APIs as its background has them. */
  inExtension<A, R>(fn: (arg: A) => R | Promise<R>, arg: A): Promise<R>;
  /** The browser's id for the tab showing `page`. */
  tabIdOf(page: Page): Promise<number>;
  /** Clicks the extension's toolbar button with `page` in front: Firefox grants activeTab for that tab. */
  clickToolbarButton(page: Page): Promise<void>;
  /**
   * Makes every page see `prefers-color-scheme: <scheme>` (a browser-wide
   * pref: BiDi has no per-page emulation in Firefox), and waits until `page` does.
   */
  colorScheme(page: Page, scheme: 'light' | 'dark'): Promise<void>;
  /** Installs the extension again over itself, as an update does (its pages close; its storage stays). */
  reinstall(): Promise<void>;
  /** The next file to land in the download folder, from now on. */
  nextDownload(timeoutMs?: number): Promise<FirefoxDownload>;
  close(): Promise<void>;
}

export interface FirefoxLaunchOptions {
  /** The built extension: its folder or its zip (default: this worktree's Firefox build folder). */
  extension?: string;
  /** Whether the reader has allowed the optional photo-server access (default true), through the options page. */
  photoAccess?: boolean;
  /** The browser's interface language, which the extension speaks (default en). */
  locale?: FirefoxLocale;
}

function geckoIdOf(extension: string): string {
  const text = statSync(extension).isDirectory()
    ? readFileSync(path.join(extension, 'manifest.json'), 'utf8')
    : new TextDecoder().decode(unzipSync(new Uint8Array(readFileSync(extension)), { filter: (file) => file.name === 'manifest.json' })['manifest.json']);
  const id = (JSON.parse(text) as { browser_specific_settings?: { gecko?: { id?: string } } }).browser_specific_settings?.gecko?.id;
  if (!id) throw new Error(`${extension} has no browser_specific_settings.gecko.id`);
  return id;
}

export async function launchFirefox(options: FirefoxLaunchOptions = {}): Promise<FirefoxExtension> {
  const extension = options.extension ?? FIREFOX_EXTENSION_DIR;
  if (!existsSync(extension) || (statSync(extension).isDirectory() && !existsSync(path.join(extension, 'manifest.json')))) {
    throw new Error(`The Firefox extension is not built (${path.relative(ROOT, extension)} is missing): run \`npm run build\` first.`);
  }
  const executablePath = findFirefox();
  const language = firefoxLanguage(options.locale ?? 'en');
  const geckoId = geckoIdOf(extension);
  const sites = new Map<string, Served>();
  const proxy = await startSitesProxy(sites);
  const downloadsDir = mkdtempSync(path.join(tmpdir(), 'finews-firefox-downloads-'));
  let browser: Browser;
  try {
    browser = await puppeteer.launch({
      browser: 'firefox',
      executablePath,
      headless: true,
      // Lets BiDi reach the extension's own pages.
      args: ['--remote-allow-system-access'],
      // FINEWS_FIREFOX_OUTPUT=1 shows Firefox's own output (the consoles, see below) when a test needs debugging.
      dumpio: Boolean(process.env.FINEWS_FIREFOX_OUTPUT),
      // The proxy's certificate is self-signed for this run.
      acceptInsecureCerts: true,
      extraPrefsFirefox: {
        'extensions.webextensions.uuids': JSON.stringify({ [geckoId]: FIREFOX_EXTENSION_UUID }),
        // Every request through the PAC file to the local proxy: real addresses, no network.
        'network.proxy.type': 2,
        'network.proxy.autoconfig_url': proxy.pacUrl,
        // The language asked for, whatever the machine's: the tests know which words to expect.
        'intl.locale.requested': language.requested,
        // The share pages are plain http; Firefox would otherwise try https first.
        'dom.security.https_first': false,
        'browser.download.dir': downloadsDir,
        'browser.download.folderList': 2,
        'browser.download.useDownloadDir': true,
        'browser.download.always_ask_before_handling_new_types': false,
        // A headless browser cannot show the prompt; with this off an optional permission asked for on a click is granted.
        'extensions.webextOptionalPermissionPrompts': false,
        // The extension's consoles (background and pages) on Firefox's stdout: BiDi does not report them.
        'devtools.console.stdout.content': true,
        // Firefox's own settings sync would otherwise keep asking the proxy for Mozilla's servers.
        'services.settings.server': 'data:,#remote-settings-dummy/v1',
      },
    });
  } catch (error) {
    await proxy.close();
    rmSync(downloadsDir, { recursive: true, force: true });
    throw error;
  }
  const origin = `moz-extension://${FIREFOX_EXTENSION_UUID}`;
  const close = async () => {
    await browser.close().catch(() => undefined);
    await proxy.close();
    rmSync(downloadsDir, { recursive: true, force: true });
  };

  // The manifest asks for Firefox 142 or newer: an older one would refuse the add-on with a less clear message.
  const major = Number(/(\d+)\./.exec(await browser.version())?.[1] ?? 0);
  if (major < MIN_FIREFOX) {
    await close();
    throw new Error(`${executablePath} is Firefox ${major}; the extension needs ${MIN_FIREFOX} or newer (Debian: \`apt-get install -y firefox-esr\` with the security updates).`);
  }
  const extensionErrors: string[] = [];
  let partial = '';
  browser.process()?.stderr?.on('data', (chunk: Buffer) => {
    const lines = (partial + chunk.toString('utf8')).split('\n');
    partial = lines.pop() ?? '';
    for (const line of lines) if (line.startsWith(`JavaScript error: ${origin}/`)) extensionErrors.push(line);
  });

  try {
    await browser.installExtension(extension);
  } catch (error) {
    await close();
    throw error;
  }

  const initScripts: string[] = [];
  const newPage = async () => {
    const page = await browser.newPage();
    for (const source of initScripts) await page.evaluateOnNewDocument(source);
    return page;
  };
  const openExtensionPage = async (pathAndQuery: string) => {
    const page = await newPage();
    await navigate(page, `${origin}/${pathAndQuery}`);
    return page;
  };
  const open = async (url: string) => {
    const page = await newPage();
    await page.goto(url);
    return page;
  };
  const openUrl = (url: string) => (url.startsWith(`${origin}/`) ? openExtensionPage(url.slice(origin.length + 1)) : open(url));

  // Opened first, so that a tab the tests bring to front later stays the active one.
  let helper: Page;
  try {
    helper = await openExtensionPage('options.html');
  } catch (error) {
    await close();
    throw error;
  }
  const reinstall = async () => {
    await browser.installExtension(extension);
    // The update closed every page of the extension, the helper with them.
    helper = await openExtensionPage('options.html');
  };
  const inExtension = <A, R>(fn: (arg: A) => R | Promise<R>, arg: A): Promise<R> => helper.evaluate(fn as never, arg as never) as Promise<R>;

  // Without the `tabs` permission the extension cannot see other sites' addresses,
  // so the tab is found as the active one once the page is brought to front.
  const tabIdOf = async (page: Page) => {
    await page.bringToFront();
    const id = await inExtension(async () => {
      const [tab] = await (globalThis as any).browser.tabs.query({ active: true, lastFocusedWindow: true });
      return tab?.id as number | undefined;
    }, undefined);
    if (id === undefined) throw new Error(`No tab shows ${page.url()}`);
    return id;
  };

  const clickToolbarButton = async (page: Page) => {
    await page.bringToFront();
    const shown = await runToolbarAction(browser, geckoId);
    if (shown !== page.url()) throw new Error(`The toolbar button acted on ${shown}, not ${page.url()}`);
  };

  const nextDownload = async (timeoutMs = 30_000): Promise<FirefoxDownload> => {
    const before = new Set(readdirSync(downloadsDir));
    const deadline = Date.now() + timeoutMs;
    let last = '';
    for (;;) {
      const files = readdirSync(downloadsDir);
      // Firefox writes into `<name>.part` and leaves an empty `<name>` until it is done.
      const done = files.find((name) => !before.has(name) && !name.endsWith('.part') && !files.includes(`${name}.part`));
      if (done) {
        const size = statSync(path.join(downloadsDir, done)).size;
        const seen = `${done}:${size}`;
        if (seen === last && size > 0) return { name: done, bytes: readFileSync(path.join(downloadsDir, done)) };
        last = seen;
      }
      if (Date.now() > deadline) throw new Error(`no download within ${timeoutMs} ms`);
      await sleep(100);
    }
  };

  const colorScheme = (page: Page, scheme: 'light' | 'dark') => setColorScheme(browser, page, scheme);

  const firefox: FirefoxExtension = {
    browser,
    origin,
    geckoId,
    sites,
    proxy,
    downloadsDir,
    extensionErrors,
    initScripts,
    open,
    openUrl,
    openExtensionPage,
    inExtension,
    tabIdOf,
    clickToolbarButton,
    colorScheme,
    reinstall,
    nextDownload,
    close,
  };
  // The tests expect the words of the language asked for (see the prefs); say so if Firefox speaks another.
  const uiLanguage = await inExtension(() => (globalThis as any).browser.i18n.getUILanguage() as string, undefined);
  const wrong = language.problem(uiLanguage);
  if (wrong) {
    await close();
    throw new Error(wrong);
  }
  if (options.photoAccess ?? true) await allowPhotos(firefox);
  return firefox;
}

/** Grants the optional photo-server access as a reader would: the options page's button (no prompt, see the prefs). */
async function allowPhotos(firefox: FirefoxExtension): Promise<void> {
  const page = await firefox.openExtensionPage('options.html');
  try {
    await (await page.waitForSelector('[data-testid="allow-photos"]'))!.click();
    await page.waitForSelector('[data-testid="photo-access"][data-allowed="true"]', { timeout: 10_000 }).catch((error: Error) => {
      throw new Error(`Firefox did not grant the optional photo host on the options page's button (is it in the MV2 manifest's optional_permissions?): ${error.message}`);
    });
  } finally {
    await page.close();
  }
}

/**
 * The browser-neutral surface of the browser tests in tests/e2e/both/: the
 * same test file drives the built extension in real Chromium (Playwright)
 * or in stock Firefox (puppeteer-core over WebDriver BiDi). Which one comes
 * from FINEWS_BROWSER, set per Vitest project (vitest.config.ts), so a
 * failure is reported under its browser's project and test names.
 *
 * Selectors are CSS; they also reach into open shadow roots (the in-page
 * save button lives in one).
 */
import type { Served } from '../../../scripts/chromium';
import type { Locale } from '../../locale-words';

export type BrowserName = 'chromium' | 'firefox';

export const BROWSER: BrowserName = process.env.FINEWS_BROWSER === 'firefox' ? 'firefox' : 'chromium';
/** Prefix for describe() names, so every failure names its browser. */
export const LABEL = `[${BROWSER}]`;

export interface WaitOptions {
  timeout?: number;
  /** Wait until no element matches (or none is shown). */
  gone?: boolean;
}

/** One tab. */
export interface Tab {
  url(): string;
  evaluate<A, R>(fn: (arg: A) => R | Promise<R>, arg: A): Promise<R>;
  /** Evaluates JavaScript source through the driver (an extension page's policy would refuse the page's own eval). */
  expression<R>(source: string): Promise<R>;
  waitFor(selector: string, options?: WaitOptions): Promise<void>;
  /** A real click (input events, so it counts as the reader's gesture). */
  click(selector: string): Promise<void>;
  fill(selector: string, text: string): Promise<void>;
  /** Presses a key (`Enter`) with focus in the element. */
  press(selector: string, key: string): Promise<void>;
  text(selector: string): Promise<string>;
  attribute(selector: string, name: string): Promise<string | null>;
  count(selector: string): Promise<number>;
  /** Chooses `file` in a file input, as the reader would in the file dialog. */
  chooseFile(selector: string, file: string): Promise<void>;
  bringToFront(): Promise<void>;
  /**
   * Makes the page see `prefers-color-scheme: <scheme>`. In Firefox it is the
   * whole browser's setting (a pref), so every open page sees it.
   */
  colorScheme(scheme: 'light' | 'dark'): Promise<void>;
  reload(): Promise<void>;
  close(): Promise<void>;
}

export interface Download {
  name: string;
  bytes: Buffer;
}

export interface Driver {
  name: BrowserName;
  /** `chrome-extension://<id>` or `moz-extension://<uuid>`. */
  origin: string;
  /**
   * The browser's interface language, which the extension speaks: the one
   * asked for at launch, else Chinese in Chromium and English in Firefox.
   */
  locale: Locale;
  /** Addresses → answers; change it at any time. Unknown addresses get a 404. */
  sites: Map<string, Served>;
  /** Every http(s) address the browser asked for so far, in order. */
  requested(): string[];
  open(url: string): Promise<Tab>;
  /** The extension's `pathAndQuery` (`popup.html?tab=3`) in a new tab, loaded. */
  openExtensionPage(pathAndQuery: string): Promise<Tab>;
  /** The tab that `start` makes the extension open, once it shows an address containing `part`. */
  tabOpenedBy(start: () => Promise<unknown>, part: string): Promise<Tab>;
  tabIdOf(tab: Tab): Promise<number>;
  /**
   * Clicks the extension's toolbar button with `tab` in front, as a reader
   * does on a page of another site: the browser grants activeTab for it.
   */
  clickToolbarButton(tab: Tab): Promise<void>;
  /**
   * Runs `fn` where the extension's APIs are (its background or one of its
   * pages). Use `globalThis.browser ?? globalThis.chrome` in it: promises in both browsers.
   */
  inExtension<A, R>(fn: (arg: A) => R | Promise<R>, arg: A): Promise<R>;
  /** The next download from now on. */
  nextDownload(timeoutMs?: number): Promise<Download>;
  /**
   * Lets the extension reach a server the test started on this machine
   * (`http://127.0.0.1:<port>`), and allows its host as a reader would in
   * the browser's prompt, so the extension's permission request is granted.
   */
  useLocalServer(origin: string): Promise<void>;
  /** Cuts every http(s) request off, or lets them through again. */
  setOffline(offline: boolean): Promise<void>;
  /**
   * Scripts run, before the page's own, in every page the driver opens from
   * now on. Not in Firefox's extension pages: its BiDi preload scripts do not
   * reach them (`initScriptsInExtensionPages` says which).
   */
  addInitScript(source: string): Promise<void>;
  initScriptsInExtensionPages: boolean;
  /** Uncaught errors in the extension's own pages so far. */
  extensionErrors(): string[];
  close(): Promise<void>;
}

export interface DriverOptions {
  /**
   * The browser's interface language. Default: Chinese in Chromium, English
   * in Firefox (whose Chinese needs its language pack, a separate package).
   */
  locale?: Locale;
  /** Whether the reader has allowed the optional photo server (default true). */
  photoAccess?: boolean;
}

export async function launchDriver(options: DriverOptions = {}): Promise<Driver> {
  // Imported on demand: a Chromium run never loads puppeteer, nor a Firefox run Playwright's harness.
  if (BROWSER === 'firefox') return (await import('./firefox-driver')).launchFirefoxDriver(options);
  return (await import('./chromium-driver')).launchChromiumDriver(options);
}

export interface PopupSave {
  popup: Tab;
  /** `info` when saved, `error` when not. */
  kind: string | null;
}

/** Saves the article in `tab` with the popup's button, as a reader would; the popup stays open. */
export async function saveThroughPopup(driver: Driver, tab: Tab): Promise<PopupSave> {
  const popup = await driver.openExtensionPage(`popup.html?tab=${await driver.tabIdOf(tab)}`);
  await popup.click('[data-testid="save-article"]');
  await popup.waitFor('[data-testid="status-message"]', { timeout: 30_000 });
  return { popup, kind: await popup.attribute('[data-testid="status-message"]', 'data-kind') };
}

/** The badge the extension shows on `tab` (`action` in MV3, `browserAction` in Firefox's MV2). */
export async function badgeOf(driver: Driver, tab: Tab): Promise<string> {
  const tabId = await driver.tabIdOf(tab);
  return driver.inExtension((id) => {
    // Firefox's `chrome` namespace takes callbacks; its `browser` one returns promises, as Chromium's `chrome` does.
    const api = (globalThis as any).browser ?? (globalThis as any).chrome;
    return (api.action ?? api.browserAction).getBadgeText({ tabId: id }) as Promise<string>;
  }, tabId);
}

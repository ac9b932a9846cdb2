/**
 * Loading pages in stock Firefox over BiDi, where a navigation to an
 * extension page may never be answered: the page itself is asked where it is.
 */
import type { Browser, Page } from 'puppeteer-core';

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Navigates `page` to `url` and waits until it has loaded. Firefox may never
 * answer a BiDi navigation to an extension page, so the navigation is
 * started without waiting for it, and the page is asked where it is instead.
 */
export async function navigate(page: Page, url: string, timeoutMs = 20_000): Promise<void> {
  page.goto(url).catch(() => undefined);
  await loaded(page, url, timeoutMs);
}

/** Waits until `page` shows a loaded document at an address `url` says is the one. */
export async function loaded(page: Page, url: string | ((href: string) => boolean), timeoutMs: number): Promise<void> {
  const wanted = typeof url === 'string' ? (href: string) => href === url : url;
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const state = await page
      .evaluate(() => [location.href, document.readyState, (window as { __finewsLeaving?: boolean }).__finewsLeaving === true] as const)
      .catch(() => undefined); // the old document is going away
    if (state && wanted(state[0]) && state[1] === 'complete' && !state[2]) return;
    if (Date.now() > deadline) throw new Error(`${String(url)} did not load within ${timeoutMs} ms (at ${state?.[0]}, ${state?.[1]})`);
    await sleep(50);
  }
}

/** Reloads `page` and waits for the new document (a marker tells the old one from the new). */
export async function reload(page: Page, timeoutMs = 20_000): Promise<void> {
  const url = await page.evaluate(() => {
    (window as { __finewsLeaving?: boolean }).__finewsLeaving = true;
    setTimeout(() => location.reload(), 0);
    return location.href;
  });
  await loaded(page, url, timeoutMs);
}

/**
 * Evaluates `expression` in Firefox's own browser window (chrome scope, a
 * Firefox-only BiDi extension): where extension shortcuts are bound, which
 * key events sent to a page never reach.
 */
export async function evaluateInBrowserWindow(browser: Browser, expression: string): Promise<unknown> {
  const connection = (browser as unknown as { connection: BidiConnection }).connection;
  const tree = await connection.send('browsingContext.getTree', { 'moz:scope': 'chrome' });
  const window = tree.result.contexts.find((context: { url: string }) => context.url === 'chrome://browser/content/browser.xhtml');
  if (!window) throw new Error('No Firefox browser window found');
  const { result } = await connection.send('script.evaluate', { expression, target: { context: window.context }, awaitPromise: true });
  if (result.type !== 'success') throw new Error(`In the browser window: ${result.exceptionDetails?.text}`);
  return result.result.value;
}

/**
 * Clicks the toolbar button of the add-on `geckoId`, in effect: headless
 * Firefox has no toolbar to click, and events sent to a page never reach it,
 * so the button's own action is run in the browser window. Like the click, it
 * grants activeTab for the selected tab and opens the popup. Returns the
 * address of the tab it acted on.
 */
export async function runToolbarAction(browser: Browser, geckoId: string): Promise<string> {
  return String(
    await evaluateInBrowserWindow(
      browser,
      `(async () => {
        const { ExtensionParent } = ChromeUtils.importESModule('resource://gre/modules/ExtensionParent.sys.mjs');
        const extension = ExtensionParent.GlobalManager.getExtension(${JSON.stringify(geckoId)});
        const action = extension && ExtensionParent.apiManager.global.browserActionFor(extension);
        if (!action) return 'no browser action for ' + ${JSON.stringify(geckoId)};
        await action.triggerAction(window);
        return gBrowser.selectedBrowser.currentURI.spec;
      })()`,
    ),
  );
}

/**
 * Makes every page see `prefers-color-scheme: <scheme>`, and waits until
 * `page` does: a browser-wide pref, as Firefox's BiDi has no per-page
 * emulation of it.
 */
export async function setColorScheme(browser: Browser, page: Page, scheme: 'light' | 'dark'): Promise<void> {
  // 0 dark, 1 light: what the pages' prefers-color-scheme says, whatever the system's theme.
  await evaluateInBrowserWindow(browser, `Services.prefs.setIntPref('layout.css.prefers-color-scheme.content-override', ${scheme === 'dark' ? 0 : 1})`);
  await page.waitForFunction((wanted) => matchMedia(`(prefers-color-scheme: ${wanted})`).matches, { timeout: 10_000 }, scheme);
}

/** The raw BiDi connection under puppeteer's Browser, for commands puppeteer has no method for. */
interface BidiConnection {
  send(method: string, params: object): Promise<{ result: any }>;
}

/**
 * The in-page button's history on a share page, in either browser: a script
 * added before the page's own records each state the button takes, and each
 * click, on the page's clock (so a read at load counts from the navigation).
 */
import { expect } from 'vitest';
import type { Tab } from './driver';

export type ButtonLog = { what: string; at: number }[];

/** Runs in every share page (an init script): fills `window.buttonLog`. */
export function recordButton() {
  if (!location.pathname.endsWith('/NewsShare.html')) return;
  const log: { what: string; at: number }[] = [];
  (window as unknown as { buttonLog: typeof log }).buttonLog = log;
  document.addEventListener('click', () => log.push({ what: 'click', at: performance.now() }), true);
  const watch = () => {
    const root = document.querySelector('finews-reader-save')?.shadowRoot;
    if (!root || (root as unknown as { watched?: boolean }).watched) return;
    (root as unknown as { watched?: boolean }).watched = true;
    const note = () => {
      const state = root.querySelector('[data-testid="finews-save"]')?.getAttribute('data-state');
      const last = log.filter((entry) => entry.what !== 'click').at(-1);
      if (state && last?.what !== state) log.push({ what: state, at: performance.now() });
    };
    new MutationObserver(note).observe(root, { attributes: true, subtree: true, childList: true });
    note();
  };
  new MutationObserver(watch).observe(document, { childList: true, subtree: true });
}

/** The source of `recordButton`, for drivers that take an init script as text. */
export const RECORD_BUTTON = `(${recordButton.toString()})();`;

/** What the page's log holds so far (a Playwright page or a driver's tab). */
export function buttonLog(page: Pick<Tab, 'evaluate'>): Promise<ButtonLog> {
  return page.evaluate(() => (window as unknown as { buttonLog?: ButtonLog }).buttonLog ?? [], undefined);
}

/** Waits until the button's log, after entry `from`, ends in `final`; the entries after `from`. */
export async function waitForState(page: Pick<Tab, 'evaluate'>, from: number, final: string, timeout: number): Promise<ButtonLog> {
  let log: ButtonLog = [];
  await expect
    .poll(
      async () => {
        log = (await buttonLog(page)).slice(from);
        return log.at(-1)?.what;
      },
      { timeout, interval: 50 },
    )
    .toBe(final);
  return log;
}

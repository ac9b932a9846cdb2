/**
 * An export of the whole library held mid-way, for tests that do something
 * while an export runs.
 */
import type { Page } from 'playwright-core';
import type { ExtensionBrowser } from '../../scripts/chromium';

export interface HeldExport {
  exportTab: Page;
  /** Lets the export run on to its end. */
  resume(): Promise<void>;
}

/**
 * Opens the export page (what the popup's export-all opens) and holds it,
 * whatever the machine's speed: DevTools pauses the page at the first
 * message from its worker, the first bodies it asks the page to convert.
 * The export has begun reading the library, and cannot end: the worker
 * converts at most a few batches further on its own, then waits for the
 * page's answer.
 */
export async function holdExport(browser: ExtensionBrowser): Promise<HeldExport> {
  const exportTab = await browser.context.newPage();
  // An extension page first: DevTools then stays attached across the (same-process) load of the export page.
  await exportTab.goto(`chrome-extension://${browser.extensionId}/options.html`);
  const cdp = await browser.context.newCDPSession(exportTab);
  await cdp.send('Debugger.enable');
  await cdp.send('DOMDebugger.setEventListenerBreakpoint', { eventName: 'message' });
  const paused = new Promise<void>((resolve) => cdp.once('Debugger.paused', () => resolve()));
  // Not waiting for `load`: the page may be paused before it.
  await exportTab.goto(`chrome-extension://${browser.extensionId}/export.html?all=1`, { waitUntil: 'commit' });
  await paused;
  await cdp.send('DOMDebugger.removeEventListenerBreakpoint', { eventName: 'message' });
  return { exportTab, resume: async () => void (await cdp.send('Debugger.resume')) };
}

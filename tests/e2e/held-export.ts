/**
 * An export of the whole library held mid-way, for tests that do something
 * while an export runs.
 */
import type { Page } from 'playwright-core';
import { expect } from 'vitest';
import type { ExtensionBrowser } from '../../scripts/chromium';

export interface HeldExport {
  exportTab: Page;
  /** Lets the export run on to its end. */
  resume(): Promise<void>;
}

/**
 * Opens the export page (what the popup's export-all opens), slowed down by
 * DevTools CPU throttling set before it loads, so that it is surely still
 * running; then holds it, whatever the machine's speed: the page's thread is
 * paused in the debugger, so its worker, which converts only a few batches
 * ahead of the page, waits for the bodies it asked the page to convert, the
 * library read part way.
 */
export async function holdExport(browser: ExtensionBrowser): Promise<HeldExport> {
  const exportTab = await browser.context.newPage();
  // An extension page first: the throttle then holds across the (same-process) load of the export page.
  await exportTab.goto(`chrome-extension://${browser.extensionId}/options.html`);
  const cdp = await browser.context.newCDPSession(exportTab);
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: 20 });
  // Enabled now, not when pausing: on a throttled page enabling takes seconds, time enough for the export to end.
  await cdp.send('Debugger.enable');
  await exportTab.goto(`chrome-extension://${browser.extensionId}/export.html?all=1`);
  await exportTab.getByTestId('export-progress').waitFor();
  expect(await exportTab.getByTestId('export-done').count(), 'the export had already finished').toBe(0);
  await cdp.send('Debugger.pause');
  return { exportTab, resume: async () => void (await cdp.send('Debugger.resume')) };
}

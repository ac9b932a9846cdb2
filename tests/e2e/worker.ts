/**
 * Stopping the extension's MV3 service worker from a test, as Chromium does
 * when it ends an idle or misbehaving worker: DevTools closes its target
 * (Target.closeTarget), which terminates the worker at once, wherever its
 * code is. The next event (a message, a command) starts a new one.
 */
import type { ExtensionBrowser } from '../../scripts/chromium';
import { liveWorker } from './tabs';

export async function stopServiceWorker(browser: ExtensionBrowser): Promise<void> {
  const stop = await readyToStop(browser);
  await stop();
}

/**
 * Finds the running worker now and returns what stops it: one DevTools
 * call, so a test can time the stop to a few milliseconds.
 */
export async function readyToStop(browser: ExtensionBrowser): Promise<() => Promise<void>> {
  const session = await browser.context.browser()!.newBrowserCDPSession();
  const { targetInfos } = (await session.send('Target.getTargets')) as { targetInfos: { type: string; targetId: string; url: string }[] };
  const worker = targetInfos.find((t) => t.type === 'service_worker' && t.url.startsWith(`chrome-extension://${browser.extensionId}/`));
  if (!worker) {
    await session.detach();
    throw new Error('the extension has no running service worker');
  }
  return async () => {
    try {
      await session.send('Target.closeTarget', { targetId: worker.targetId });
    } finally {
      await session.detach();
    }
  };
}

/** Marks the running worker's global scope; a new worker lacks the mark. */
export async function markWorker(browser: ExtensionBrowser, mark: string): Promise<void> {
  const worker = await liveWorker(browser);
  await worker.evaluate((m) => ((globalThis as { testMark?: string }).testMark = m), mark);
}

export async function workerMark(browser: ExtensionBrowser): Promise<string | undefined> {
  const worker = await liveWorker(browser);
  return worker.evaluate(() => (globalThis as { testMark?: string }).testMark);
}

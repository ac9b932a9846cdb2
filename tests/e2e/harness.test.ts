// The harness itself: an uncaught error or unhandled rejection in any
// extension page or in the service worker is seen, and fails the run.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchExtension, type ExtensionBrowser } from '../../scripts/chromium';
import { liveWorker } from './tabs';

let browser: ExtensionBrowser;

beforeAll(async () => {
  browser = await launchExtension();
});

afterAll(async () => {
  await browser?.close();
});

describe('the Chromium harness', () => {
  it('sees unhandled rejections and uncaught errors in extension pages and in the service worker', async () => {
    expect(await browser.extensionErrors()).toEqual([]);
    const options = await browser.context.newPage();
    await options.goto(`chrome-extension://${browser.extensionId}/options.html`);
    await options.evaluate(() => {
      void Promise.reject(new Error('rejected in a page'));
      setTimeout(() => {
        throw new Error('thrown in a page');
      });
    });
    const worker = await liveWorker(browser);
    await worker.evaluate(() => {
      void Promise.reject(new Error('rejected in the worker'));
    });
    await expect.poll(async () => (await browser.extensionErrors()).length, { timeout: 5_000 }).toBe(3);
    const seen = (await browser.extensionErrors()).join('\n');
    expect(seen).toContain(`chrome-extension://${browser.extensionId}/options.html: Error: rejected in a page`);
    expect(seen).toContain(`chrome-extension://${browser.extensionId}/options.html: Error: thrown in a page`);
    expect(seen).toContain('service worker: unhandled rejection: Error: rejected in the worker');
    // Forgotten here, or close() would fail this file: these errors were made on purpose.
    expect(await browser.extensionErrors(true)).toHaveLength(3);
    expect(await browser.extensionErrors()).toEqual([]);
    await options.close();
  });

  it('ignores errors of web pages: only the extension is under test', async () => {
    browser.sites.set('https://news.example.com/broken', { body: '<script>Promise.reject(new Error("page bug"))</script>', contentType: 'text/html' });
    const page = await browser.context.newPage();
    await page.goto('https://news.example.com/broken');
    await page.waitForTimeout(200);
    expect(await browser.extensionErrors()).toEqual([]);
    await page.close();
  });
});

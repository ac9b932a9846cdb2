/**
 * The export's worker starts with the export page, before the page's own
 * code has loaded and listens to it. A worker that fails that early (here:
 * its code throws as it loads) must still end the export with a message,
 * not leave the page waiting for a zip that never comes.
 */
import { cpSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXTENSION_DIR, launchExtension, type ExtensionBrowser } from '../../scripts/chromium';
import { saveFixtures } from '../../scripts/fixtures';

let browser: ExtensionBrowser;
let extensionDir: string;

beforeAll(async () => {
  // A copy of the build whose export worker throws as soon as it runs.
  extensionDir = mkdtempSync(path.join(tmpdir(), 'finews-reader-broken-worker-'));
  cpSync(EXTENSION_DIR, extensionDir, { recursive: true });
  const assets = path.join(extensionDir, 'assets');
  const worker = readdirSync(assets).find((name) => /^export-worker-.*\.js$/.test(name));
  if (!worker) throw new Error('the build has no export worker in assets/');
  writeFileSync(path.join(assets, worker), "throw new Error('worker code broken on purpose');\n");
  browser = await launchExtension({ extensionDir });
  await saveFixtures(browser, ['seed-share']);
});

afterAll(async () => {
  await browser?.close();
  if (extensionDir) rmSync(extensionDir, { recursive: true, force: true });
});

describe('an export whose worker fails as it starts', () => {
  it('ends with a message naming the failure, and downloads nothing', async () => {
    let downloads = 0;
    const page = await browser.context.newPage();
    page.on('download', () => downloads++);
    await page.goto(`chrome-extension://${browser.extensionId}/export.html?all=1`);
    const error = page.getByTestId('export-error');
    await error.waitFor({ timeout: 15_000 });
    expect(await error.textContent()).toContain('worker code broken on purpose');
    expect(await page.getByTestId('export-done').count()).toBe(0);
    expect(downloads).toBe(0);
  });
});

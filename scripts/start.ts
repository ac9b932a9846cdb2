/**
 * `npm start`: the extension in real Chromium, offline, on the sample share
 * pages of the corpus served at their real addresses. With a display it
 * opens a window to click around in; without one it saves every sample
 * through the popup and writes a screenshot of the library.
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { isSharePage } from '../lib/finews/share-url';
import { launchExtension, ROOT } from './chromium';
import { fixturePages, serveFixture } from './fixtures';

const OUTPUT = path.join(ROOT, 'demo-output');
const headless = !process.env.DISPLAY || process.argv.includes('--headless');

const browser = await launchExtension({ headless });
const pages = fixturePages();
for (const page of pages) serveFixture(browser.sites, page, { newsTextDelayMs: 800 });
const articles = pages.filter((page) => page.expected.ok);

if (!headless) {
  for (const sample of articles.slice(0, 4)) await (await browser.context.newPage()).goto(sample.url);
  console.log('Chromium is open with Finews Reader loaded, offline, on sample share pages:');
  for (const sample of articles) console.log(`  ${sample.url}`);
  console.log('Click the 保存到文库 button on a page, or the extension icon. Close the window to stop.');
  await new Promise((resolve) => browser.context.on('close', resolve));
} else {
  console.log(`No display: saving ${articles.length} sample articles headless…`);
  for (const sample of articles) {
    const page = await browser.context.newPage();
    await page.goto(sample.url);
    // Other sites are read with activeTab, granted by the toolbar button.
    if (!isSharePage(sample.url)) await browser.clickToolbarButton(page);
    const { popup, kind, text } = await browser.savePage(page);
    console.log(`  ${kind === 'info' ? 'saved ' : 'FAILED'} ${sample.url}: ${text}`);
    await Promise.all([page.close(), popup.close()]);
  }
  const popup = await browser.openPopup();
  await popup.setViewportSize({ width: 380, height: 640 });
  await popup.getByTestId('library-item').first().waitFor();
  mkdirSync(OUTPUT, { recursive: true });
  const shot = path.join(OUTPUT, 'popup.png');
  await popup.screenshot({ path: shot, fullPage: true });
  console.log(`Library: ${await popup.getByTestId('library-stats').textContent()} Screenshot: ${path.relative(ROOT, shot)}`);
  await browser.close();
}

/** Filling the extension's library before a test, in either browser (driver.ts). */
import { bundle } from '../../../scripts/bundle';
import { fixturePage, serveFixture } from '../../../scripts/fixtures';
import { saveThroughPopup, type Driver } from './driver';

/** Serves the fixture pages and saves each through the popup; throws unless each was saved. */
export async function saveFixturePages(driver: Driver, slugs: readonly string[]): Promise<void> {
  for (const slug of slugs) {
    const fixture = fixturePage(slug);
    serveFixture(driver.sites, fixture);
    const page = await driver.open(fixture.url);
    const { popup, kind } = await saveThroughPopup(driver, page);
    const text = await popup.text('[data-testid="status-message"]');
    await Promise.all([page.close(), popup.close()]);
    if (kind !== 'info') throw new Error(`${slug} was not saved: ${text}`);
  }
}

/** Adds the benchmark's first `count` generated articles, through the extension's own storage code. */
export async function fillGeneratedArticles(driver: Driver, count: number): Promise<void> {
  const page = await driver.openExtensionPage('options.html');
  await page.expression(await bundle('library-in-page.ts'));
  await page.evaluate((n) => (globalThis as any).finewsLibraryBench.fill(0, n), count);
  await page.close();
}

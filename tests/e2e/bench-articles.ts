import type { Page } from 'playwright-core';
import { article } from '../../scripts/bench/library-in-page';
import { bundle } from '../../scripts/bundle';
import type { ExtensionBrowser } from '../../scripts/chromium';
import { bodyText, searchForm } from '../../lib/library/search/tokenize';

/** Fills the extension's library with the benchmark's first `count` generated articles, through its own storage code. */
export async function fillGenerated(browser: ExtensionBrowser, count: number): Promise<void> {
  const page = await browser.context.newPage();
  await page.goto(`chrome-extension://${browser.extensionId}/options.html`);
  await page.evaluate(await bundle('library-in-page.ts'));
  await page.evaluate((n) => (globalThis as any).finewsLibraryBench.fill(0, n), count);
  await page.close();
}

/** The ids of those articles holding `word` in title or body, computed here from the generator, not by the extension. */
export function generatedHolding(count: number, word: string): string[] {
  const term = searchForm(word);
  return Array.from({ length: count }, (_, i) => article(i)).flatMap((a) =>
    searchForm(a.title).includes(term) || searchForm(bodyText(a.html)).includes(term) ? [a.id] : [],
  );
}

export const rowIds = (popup: Page) => popup.getByTestId('library-item').evaluateAll((els) => els.map((el) => el.getAttribute('data-article-id')!));

/**
 * The row menu's tag editor in real Chromium: the user's own tags are
 * chips with a ×; the automatic `<source>新闻` tag is shown apart, marked as
 * automatic, with no × (it is not the user's to remove). The export does
 * not change: the seed post comes out byte for byte, its `tags:` line
 * included, before, while and after the user has a tag of their own.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchExtension, ROOT, type ExtensionBrowser } from '../../scripts/chromium';
import { saveFixtures } from '../../scripts/fixtures';
import { openRowMenu } from './row-menu';

const SEED = 'NW202202102271830933';
const GOLDEN = readFileSync(path.join(ROOT, 'tests/fixtures/posts/seed/expected.md'), 'utf8');

let browser: ExtensionBrowser;
beforeAll(async () => {
  browser = await launchExtension();
  await saveFixtures(browser, ['seed-share']);
});
afterAll(async () => {
  await browser?.close();
});

async function exportedSeed(popup: Page): Promise<string> {
  const next = browser.nextDownload();
  await (await openRowMenu(popup.locator(`[data-article-id="${SEED}"]`))).getByTestId('export-article').click();
  return readFileSync(await (await next).path(), 'utf8');
}

describe('the row menu\'s tag editor', () => {
  it('shows the automatic tag fixed and marked, edits only the user\'s tags, and leaves the export as it was', async () => {
    const popup = await browser.openPopup();
    const seed = popup.locator(`[data-testid="library-item"][data-article-id="${SEED}"]`);
    await seed.waitFor();
    await openRowMenu(seed);

    const automatic = seed.getByTestId('tag-automatic');
    expect(await automatic.getAttribute('data-tag')).toBe('定西日报新闻');
    expect(await automatic.textContent()).toBe('定西日报新闻自动');
    expect(await automatic.getAttribute('title')).toContain('不能删除');
    expect(await automatic.getByTestId('remove-tag').count()).toBe(0);
    expect(await automatic.locator('button, input, a').count()).toBe(0);
    // Among the editable tags it is not.
    expect(await seed.getByTestId('tag').count()).toBe(0);
    expect(await exportedSeed(popup)).toBe(GOLDEN);

    await openRowMenu(seed);
    await seed.getByTestId('tag-input').fill('营商');
    await seed.getByTestId('tag-input').press('Enter');
    await seed.locator('[data-testid="tag"][data-tag="营商"]').waitFor();
    expect(await seed.getByTestId('tag').evaluateAll((els) => els.map((el) => el.getAttribute('data-tag')))).toEqual(['营商']);
    expect(await seed.getByTestId('tag-automatic').count()).toBe(1);
    // The post's tag is the source's, as the blog has it: a tag of the user's own does not change the post.
    expect(await exportedSeed(popup)).toBe(GOLDEN);

    await openRowMenu(seed);
    await seed.locator('[data-tag="营商"] [data-testid="remove-tag"]').click();
    await seed.locator('[data-testid="tag"][data-tag="营商"]').waitFor({ state: 'detached' });
    expect(await seed.getByTestId('tag-automatic').getAttribute('data-tag')).toBe('定西日报新闻');
    expect(await exportedSeed(popup)).toBe(GOLDEN);
    await popup.close();
  });
});

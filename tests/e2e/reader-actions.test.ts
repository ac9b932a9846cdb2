/**
 * The reader is not a dead end: opened from the popup it marks the article
 * read (unless the options say not to), toggles read/unread, tags, deletes
 * with undo (button and Ctrl+Z), walks previous/next within the list it was
 * opened from, and leads back to the library.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ExtensionBrowser } from '../../scripts/chromium';
import { launchWithSaved } from '../../scripts/fixtures';
import { readLibrary } from './library-reader';

const SAVED = ['seed-share', 'codes-mixed', 'time-seconds'];

let browser: ExtensionBrowser;
let popup: Page;
beforeAll(async () => {
  ({ browser, popup } = await launchWithSaved(SAVED));
});
afterAll(async () => {
  await browser?.close();
});

const readOf = async (id: string) => (await readLibrary(popup)).articles.find((a) => a.id === id)?.read;

async function openFromPopup(index: number): Promise<{ reader: Page; id: string }> {
  const item = popup.getByTestId('library-item').nth(index);
  const id = (await item.getAttribute('data-article-id'))!;
  const [reader] = await Promise.all([browser.context.waitForEvent('page'), item.getByTestId('open-reader').click()]);
  await reader.getByTestId('reader-title').waitFor();
  return { reader, id };
}

describe('the reader in real Chromium', () => {
  it('marks the article read on opening, and toggles it back', async () => {
    const { reader, id } = await openFromPopup(0);
    await expect.poll(() => readOf(id)).toBe(true);
    await reader.getByTestId('reader-toggle-read').click();
    await expect.poll(() => readOf(id)).toBe(false);
    expect(await reader.getByTestId('reader-toggle-read').getAttribute('aria-pressed')).toBe('false');
    await reader.close();
  });

  it('walks previous/next within recently saved, and leads back to the library', async () => {
    const order = await popup.getByTestId('library-item').evaluateAll((els) => els.map((el) => el.getAttribute('data-article-id')));
    const { reader } = await openFromPopup(0);
    expect(await reader.getByTestId('reader-previous').count()).toBe(0);
    await reader.getByTestId('reader-next').click();
    await reader.waitForURL((url) => url.searchParams.get('id') === order[1]);
    await reader.getByTestId('reader-next').click();
    await reader.waitForURL((url) => url.searchParams.get('id') === order[2]);
    await reader.getByTestId('reader-title').waitFor();
    expect(await reader.getByTestId('reader-next').count()).toBe(0);
    await reader.getByTestId('reader-previous').click();
    await reader.waitForURL((url) => url.searchParams.get('id') === order[1]);
    expect(await reader.getByTestId('reader-back').getAttribute('href')).toMatch(/\/popup\.html$/);
    await reader.close();
  });

  it('tags, and deletes with undo by button and by Ctrl+Z, focus on what comes next', async () => {
    const { reader, id } = await openFromPopup(1);
    await reader.getByTestId('tag-input').fill('读后');
    await reader.getByTestId('tag-input').press('Enter');
    await reader.locator('.reader-nav [data-tag="读后"]').waitFor();
    await expect.poll(async () => (await readLibrary(popup)).articles.find((a) => a.id === id)?.tags).toContain('读后');
    await reader.locator('.reader-nav [data-tag="读后"] [data-testid="remove-tag"]').click();
    await expect.poll(async () => (await readLibrary(popup)).articles.find((a) => a.id === id)?.tags).not.toContain('读后');

    await reader.getByTestId('reader-delete').click();
    await expect.poll(async () => (await readLibrary(popup)).articles.some((a) => a.id === id)).toBe(false);
    expect(await reader.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('reader-undo');
    await reader.getByTestId('reader-undo').click();
    await expect.poll(async () => (await readLibrary(popup)).articles.some((a) => a.id === id)).toBe(true);
    await expect.poll(() => reader.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('reader-delete');

    await reader.getByTestId('reader-delete').click();
    await reader.getByTestId('reader-undo').waitFor();
    await reader.keyboard.press('Control+z');
    await reader.getByTestId('reader-delete').waitFor();
    await expect.poll(async () => (await readLibrary(popup)).articles.some((a) => a.id === id)).toBe(true);
    await reader.close();
  });

  it('leaves the article unread when the options turn that off', async () => {
    const options = await browser.context.newPage();
    await options.goto(`chrome-extension://${browser.extensionId}/options.html`);
    await options.getByTestId('mark-read-on-open').uncheck();
    await popup.reload(); // the popup shows what the readers above changed
    const item = popup.getByTestId('library-item').nth(2);
    await item.waitFor();
    if ((await item.getAttribute('data-read')) === 'true') await item.getByTestId('toggle-read').click();
    await expect.poll(() => item.getAttribute('data-read')).toBe('false');
    const { reader, id } = await openFromPopup(2);
    await reader.getByTestId('reader-toggle-read').waitFor();
    expect(await readOf(id)).toBe(false);
    await Promise.all([reader.close(), options.close()]);
  });
});

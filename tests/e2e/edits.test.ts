/**
 * Never an invented date, and corrections by hand, in real Chromium: a share
 * page that shows no time is saved with its time unknown and dated by its
 * infoCode; the reader corrects title, time and source; the correction
 * survives a re-save from the page and shows in the popup and the export; a
 * page from another site with no date is left out of the zip, by name.
 */
import { readFileSync } from 'node:fs';
import { strFromU8, unzipSync } from 'fflate';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchExtension, type ExtensionBrowser } from '../../scripts/chromium';
import { readLibrary, wipeLibrary } from './library-reader';

const CODE = 'NW202205302350000001';
const SHARE = `http://finews.zning.xyz/html_News/NewsShare.html?infoCode=${CODE}`;
const OTHER = 'https://news.example.com/2022/undated-story.html';
const BODY =
  '<p>　　第一段正文，讲述了央行开展公开市场操作的情况，市场流动性保持合理充裕，利率平稳运行。</p>' +
  '<p>　　第二段正文，分析人士认为后续政策仍将保持稳健，关注经济数据的变化。</p><p>　　第三段。</p>' +
  '<p class="em_media">（文章来源：证券时报）</p>';

let browser: ExtensionBrowser;

beforeAll(async () => {
  browser = await launchExtension();
  browser.sites.set(SHARE, {
    contentType: 'text/html; charset=utf-8',
    body: `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>没有时间的文章_东方财富</title></head><body><h2>没有时间的文章</h2><div class="bd">${BODY}</div></body></html>`,
  });
  browser.sites.set(OTHER, {
    contentType: 'text/html; charset=utf-8',
    body:
      '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Undated story</title></head><body><article><h1>Undated story</h1>' +
      `<p>${'A paragraph of plain article text that goes on for a while. '.repeat(8)}</p>` +
      `<p>${'Another paragraph with more words in it to read. '.repeat(8)}</p></article></body></html>`,
  });
});

afterAll(async () => {
  await browser?.close();
});

async function saveWithButton(url: string): Promise<Page> {
  const page = await browser.context.newPage();
  await page.goto(url);
  await page.locator('[data-testid="finews-save"][data-state="ready"], [data-testid="finews-save"][data-state="saved"]').waitFor();
  await page.getByTestId('finews-save').click();
  await page.locator('[data-testid="finews-save"][data-state="saved"]').waitFor();
  return page;
}

async function openReader(popup: Page, id: string): Promise<Page> {
  const [reader] = await Promise.all([
    browser.context.waitForEvent('page'),
    popup.locator(`[data-article-id="${id}"] [data-testid="open-reader"]`).click(),
  ]);
  await reader.getByTestId('reader-title').waitFor();
  return reader;
}

describe('dates and corrections in real Chromium', () => {
  it('a share page with no time is saved with its time unknown, shown as its infoCode day, and exported on that day', async () => {
    const page = await saveWithButton(SHARE);
    const popup = await browser.openPopup();
    const item = popup.locator(`[data-testid="library-item"][data-article-id="${CODE}"]`);
    await item.waitFor();
    expect(await item.textContent()).toContain('2022-05-30 · 时刻未知');
    const record = (await readLibrary(popup)).articles.find((a) => a.id === CODE)!;
    expect(record.title).toBe('没有时间的文章');
    expect(record.publishedAt).toBeUndefined();
    expect(record.sortTime).toBe(Date.parse('2022-05-30T00:00:00+08:00'));

    const download = browser.nextDownload();
    await item.getByTestId('export-article').click();
    const post = readFileSync(await (await download).path(), 'utf8');
    expect((await download).suggestedFilename()).toBe(`2022-05-30-${CODE}.md`);
    expect(post).toContain('\ndate: 2022-05-30 00:00:00 +0800\n');
    expect(post).not.toContain(new Date().toISOString().slice(0, 10));
    await Promise.all([page.close(), popup.close()]);
  });

  it('the reader corrects title, time and source; a re-save keeps the correction; popup and export show it', async () => {
    const popup = await browser.openPopup();
    await popup.getByTestId('library-item').first().waitFor();
    const reader = await openReader(popup, CODE);
    expect(await reader.getByTestId('reader-time').textContent()).toBe('2022-05-30 · 时刻未知');

    await reader.getByTestId('edit-article').click();
    await reader.getByTestId('edit-time').fill('2022-05-30 25:00');
    await reader.getByTestId('edit-save').click();
    expect(await reader.getByTestId('edit-error').textContent()).toContain('时间无法识别');

    await reader.getByTestId('edit-title').fill('改正后的标题');
    await reader.getByTestId('edit-time').fill('2022-05-30 22:00:29');
    await reader.getByTestId('edit-source').fill('上海证券报');
    await reader.getByTestId('edit-save').click();
    await reader.getByTestId('edit-saved').waitFor();
    expect(await reader.getByTestId('reader-title').textContent()).toBe('改正后的标题');
    expect(await reader.getByTestId('reader-time').textContent()).toBe('2022-05-30 22:00:29');
    expect(await reader.getByTestId('reader-source').textContent()).toBe('上海证券报');
    await reader.getByTestId('edited-mark').waitFor();

    // Saved again from the page: the body is refreshed, the correction stays.
    const page = await saveWithButton(SHARE);
    const record = (await readLibrary(popup)).articles.find((a) => a.id === CODE)!;
    expect(record).toMatchObject({ title: '改正后的标题', publishedAt: '2022-05-30T22:00:29+08:00', source: '上海证券报' });
    expect(record.updatedAt).toBeGreaterThan(record.edited!.at);
    expect(record.tags).toEqual(['上海证券报新闻']);

    await popup.reload();
    const item = popup.locator(`[data-testid="library-item"][data-article-id="${CODE}"]`);
    await item.waitFor();
    await item.getByTestId('edited-mark').waitFor();
    expect(await item.textContent()).toContain('2022-05-30 22:00:29');

    const download = browser.nextDownload();
    await reader.getByTestId('export-article').click();
    const post = readFileSync(await (await download).path(), 'utf8');
    expect(post).toContain('title: "改正后的标题"\ndate: 2022-05-30 22:00:29 +0800\ncategories: shanghaizhengquanbao\ntags: 上海证券报新闻\n');
    await Promise.all([page.close(), popup.close(), reader.close()]);
  });

  it('a page from another site that shows no date is left out of the zip by name until it is given one', async () => {
    const page = await browser.context.newPage();
    await page.goto(OTHER);
    await browser.clickToolbarButton(page);
    const { popup, kind, text } = await browser.savePage(page);
    expect(kind, text).toBe('info');
    const id = (await readLibrary(popup)).articles.find((a) => a.url === OTHER)!.id;

    const zip = browser.nextDownload();
    await popup.getByTestId('export-all').click();
    const names = Object.keys(unzipSync(new Uint8Array(readFileSync(await (await zip).path()))));
    expect(names).toEqual([`_posts/2022-05-30-${CODE}.md`]);
    const exportTab = browser.context.pages().find((p) => p.url().includes('/export.html'))!;
    const refused = exportTab.getByTestId('export-refused');
    await refused.waitFor();
    expect(await refused.textContent()).toContain('Undated story');
    await exportTab.close();

    // Given a date in the reader, it is exported.
    await popup.reload();
    await popup.getByTestId('library-item').first().waitFor();
    const reader = await openReader(popup, id);
    await reader.getByTestId('edit-article').click();
    await reader.getByTestId('edit-time').fill('2022-06-01 08:00');
    await reader.getByTestId('edit-save').click();
    await reader.getByTestId('edit-saved').waitFor();
    const again = browser.nextDownload();
    await popup.getByTestId('export-all').click();
    const files = unzipSync(new Uint8Array(readFileSync(await (await again).path())));
    expect(Object.keys(files).sort()).toEqual([`_posts/2022-05-30-${CODE}.md`, '_posts/2022-06-01-undated-story.md']);
    expect(strFromU8(files['_posts/2022-06-01-undated-story.md']!)).toContain('\ndate: 2022-06-01 08:00:00 +0800\n');
    await Promise.all([page.close(), popup.close(), reader.close()]);
  });

  it('corrections go into a backup and come back from it after the library is wiped', async () => {
    const options = await browser.context.newPage();
    await options.goto(`chrome-extension://${browser.extensionId}/options.html`);
    await options.getByTestId('settings-save').waitFor();
    const before = (await readLibrary(options)).articles.find((a) => a.id === CODE)!;
    expect(before.edited).toMatchObject({ title: '改正后的标题', source: '上海证券报' });

    const download = browser.nextDownload();
    await options.getByTestId('backup-download').click();
    const backupFile = await (await download).path();
    await wipeLibrary(options);
    await options.reload();
    await options.getByTestId('restore-file').setInputFiles(backupFile);
    await options.locator('[data-testid="backup-message"][data-kind="info"]').waitFor();
    expect((await readLibrary(options)).articles.find((a) => a.id === CODE)).toEqual(before);

    const popup = await browser.openPopup();
    const item = popup.locator(`[data-testid="library-item"][data-article-id="${CODE}"]`);
    await item.waitFor();
    await item.getByTestId('edited-mark').waitFor();
    expect(await item.textContent()).toContain('改正后的标题');
    await Promise.all([options.close(), popup.close()]);
  });
});

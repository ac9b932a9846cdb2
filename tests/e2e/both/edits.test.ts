/**
 * Never an invented date, and corrections by hand, the same test in real
 * Chromium and in stock Firefox (driver.ts): a share page that shows no time
 * is saved with its time unknown and dated by its infoCode; the reader
 * corrects title, time and source; the correction survives a re-save from
 * the page and shows in the popup and the export; a page from another site
 * with no date is left out of the zip, by name; corrections go into a backup
 * and come back from it. Words are the browser's language's (driver.locale).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { strFromU8, unzipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { localeWords } from '../../locale-words';
import { LABEL, launchDriver, saveThroughPopup, type Driver, type Tab } from '../driver/driver';
import { storedLibrary, wipeLibrary } from '../driver/stored';

const CODE = 'NW202205302350000001';
const SHARE = `http://finews.zning.xyz/html_News/NewsShare.html?infoCode=${CODE}`;
const OTHER = 'https://news.example.com/2022/undated-story.html';
const BODY =
  '<p>　　第一段正文，讲述了央行开展公开市场操作的情况，市场流动性保持合理充裕，利率平稳运行。</p>' +
  '<p>　　第二段正文，分析人士认为后续政策仍将保持稳健，关注经济数据的变化。</p><p>　　第三段。</p>' +
  '<p class="em_media">（文章来源：证券时报）</p>';
const item = (id: string) => `[data-testid="library-item"][data-article-id="${id}"]`;

let driver: Driver;
let words: ReturnType<typeof localeWords>;
const work = mkdtempSync(path.join(tmpdir(), 'finews-edits-'));

beforeAll(async () => {
  driver = await launchDriver();
  words = localeWords(driver.locale);
  driver.sites.set(SHARE, {
    contentType: 'text/html; charset=utf-8',
    body: `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>没有时间的文章_东方财富</title></head><body><h2>没有时间的文章</h2><div class="bd">${BODY}</div></body></html>`,
  });
  driver.sites.set(OTHER, {
    contentType: 'text/html; charset=utf-8',
    body:
      '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Undated story</title></head><body><article><h1>Undated story</h1>' +
      `<p>${'A paragraph of plain article text that goes on for a while. '.repeat(8)}</p>` +
      `<p>${'Another paragraph with more words in it to read. '.repeat(8)}</p></article></body></html>`,
  });
});

afterAll(async () => {
  await driver?.close();
  rmSync(work, { recursive: true, force: true });
});

async function saveWithButton(url: string): Promise<Tab> {
  const page = await driver.open(url);
  await page.waitFor('[data-testid="finews-save"][data-state="ready"], [data-testid="finews-save"][data-state="saved"]');
  await page.click('[data-testid="finews-save"]');
  await page.waitFor('[data-testid="finews-save"][data-state="saved"]');
  return page;
}

const openReader = async (popup: Tab, id: string): Promise<Tab> => {
  const reader = await driver.tabOpenedBy(() => popup.click(`[data-article-id="${id}"] [data-testid="open-reader"]`), 'reader.html');
  await reader.waitFor('[data-testid="reader-title"]');
  return reader;
};

async function correctTime(reader: Tab, time: string): Promise<void> {
  await reader.click('[data-testid="edit-article"]');
  await reader.fill('[data-testid="edit-time"]', time);
  await reader.click('[data-testid="edit-save"]');
}

describe(`${LABEL} dates and corrections`, () => {
  it('a share page with no time is saved with its time unknown, shown as its infoCode day, and exported on that day', async () => {
    const page = await saveWithButton(SHARE);
    const popup = await driver.openExtensionPage('popup.html');
    await popup.waitFor(item(CODE));
    expect(await popup.text(item(CODE))).toContain(`2022-05-30 · ${words.t('timeOfDayUnknown')}`);
    const record = (await storedLibrary(popup)).articles.find((a) => a.id === CODE)!;
    expect(record.title).toBe('没有时间的文章');
    expect(record.publishedAt).toBeUndefined();
    expect(record.sortTime).toBe(Date.parse('2022-05-30T00:00:00+08:00'));

    const download = driver.nextDownload();
    await popup.click(`${item(CODE)} [data-testid="row-menu"]`);
    await popup.click(`${item(CODE)} [data-testid="export-article"]`);
    const post = await download;
    expect(post.name).toBe(`2022-05-30-${CODE}.md`);
    expect(post.bytes.toString('utf8')).toContain('\ndate: 2022-05-30 00:00:00 +0800\n');
    expect(post.bytes.toString('utf8')).not.toContain(new Date().toISOString().slice(0, 10));
    await Promise.all([page.close(), popup.close()]);
  });

  it('the reader corrects title, time and source; a re-save keeps the correction; popup and export show it', async () => {
    const popup = await driver.openExtensionPage('popup.html');
    await popup.waitFor('[data-testid="library-item"]');
    const reader = await openReader(popup, CODE);
    expect(await reader.text('[data-testid="reader-time"]')).toBe(`2022-05-30 · ${words.t('timeOfDayUnknown')}`);

    await correctTime(reader, '2022-05-30 25:00');
    await reader.waitFor('[data-testid="edit-error"]');
    expect(await reader.text('[data-testid="edit-error"]')).toBe(words.t('editInvalidTime'));

    await reader.fill('[data-testid="edit-title"]', '改正后的标题');
    await reader.fill('[data-testid="edit-time"]', '2022-05-30 22:00:29');
    await reader.fill('[data-testid="edit-source"]', '上海证券报');
    await reader.click('[data-testid="edit-save"]');
    await reader.waitFor('[data-testid="edit-saved"]');
    expect(await reader.text('[data-testid="reader-title"]')).toBe('改正后的标题');
    expect(await reader.text('[data-testid="reader-time"]')).toBe('2022-05-30 22:00:29');
    expect(await reader.text('[data-testid="reader-source"]')).toBe('上海证券报');
    await reader.waitFor('[data-testid="edited-mark"]');

    // Saved again from the page: the body is refreshed, the correction stays.
    const page = await saveWithButton(SHARE);
    const record = (await storedLibrary(popup)).articles.find((a) => a.id === CODE)!;
    expect(record).toMatchObject({ title: '改正后的标题', publishedAt: '2022-05-30T22:00:29+08:00', source: '上海证券报' });
    expect(record.updatedAt).toBeGreaterThan((record.edited as { at: number }).at);
    expect(record.tags).toEqual(['上海证券报新闻']);

    await popup.reload();
    await popup.waitFor(`${item(CODE)} [data-testid="edited-mark"]`);
    expect(await popup.text(item(CODE))).toContain('2022-05-30 22:00:29');

    const download = driver.nextDownload();
    await reader.click('[data-testid="export-article"]');
    expect((await download).bytes.toString('utf8')).toContain(
      'title: "改正后的标题"\ndate: 2022-05-30 22:00:29 +0800\ncategories: shanghaizhengquanbao\ntags: 上海证券报新闻\n',
    );
    await Promise.all([page.close(), popup.close(), reader.close()]);
  });

  it('a page from another site that shows no date is left out of the zip by name until it is given one', async () => {
    const page = await driver.open(OTHER);
    await driver.clickToolbarButton(page);
    const { popup, kind } = await saveThroughPopup(driver, page);
    expect(kind, await popup.text('[data-testid="status-message"]')).toBe('info');
    const id = (await storedLibrary(popup)).articles.find((a) => a.url === OTHER)!.id;

    const zip = driver.nextDownload();
    const exportTab = await driver.tabOpenedBy(() => popup.click('[data-testid="export-all"]'), '/export.html');
    expect(Object.keys(unzipSync(new Uint8Array((await zip).bytes)))).toEqual([`_posts/2022-05-30-${CODE}.md`]);
    await exportTab.waitFor('[data-testid="export-refused"]');
    expect(await exportTab.text('[data-testid="export-refused"]')).toContain('Undated story');
    await exportTab.close();

    // Given a date in the reader, it is exported.
    await popup.reload();
    await popup.waitFor('[data-testid="library-item"]');
    const reader = await openReader(popup, id);
    await correctTime(reader, '2022-06-01 08:00');
    await reader.waitFor('[data-testid="edit-saved"]');
    const again = driver.nextDownload();
    await popup.click('[data-testid="export-all"]');
    const files = unzipSync(new Uint8Array((await again).bytes));
    expect(Object.keys(files).sort()).toEqual([`_posts/2022-05-30-${CODE}.md`, '_posts/2022-06-01-undated-story.md']);
    expect(strFromU8(files['_posts/2022-06-01-undated-story.md']!)).toContain('\ndate: 2022-06-01 08:00:00 +0800\n');
    await Promise.all([page.close(), popup.close(), reader.close()]);
  });

  it('corrections go into a backup and come back from it after the library is wiped', async () => {
    const options = await driver.openExtensionPage('options.html');
    await options.waitFor('[data-testid="settings-save"]');
    const before = (await storedLibrary(options)).articles.find((a) => a.id === CODE)!;
    expect(before.edited).toMatchObject({ title: '改正后的标题', source: '上海证券报' });

    const download = driver.nextDownload();
    await options.click('[data-testid="backup-download"]');
    const backup = await download;
    const backupFile = path.join(work, backup.name);
    writeFileSync(backupFile, backup.bytes);
    await wipeLibrary(options);
    await options.reload();
    await options.chooseFile('[data-testid="restore-file"]', backupFile);
    await options.waitFor('[data-testid="backup-message"][data-kind="info"]');
    expect((await storedLibrary(options)).articles.find((a) => a.id === CODE)).toEqual(before);

    const popup = await driver.openExtensionPage('popup.html');
    await popup.waitFor(`${item(CODE)} [data-testid="edited-mark"]`);
    expect(await popup.text(item(CODE))).toContain('改正后的标题');
    await Promise.all([options.close(), popup.close()]);
  });
});

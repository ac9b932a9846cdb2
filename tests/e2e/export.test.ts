import { readFileSync } from 'node:fs';
import path from 'node:path';
import { strFromU8, unzipSync } from 'fflate';
import type { Download, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postFor } from '../../lib/export/post/post';
import { DEFAULT_EXPORT_SETTINGS } from '../../lib/export/settings';
import { launchExtension, ROOT, type ExtensionBrowser } from '../../scripts/chromium';
import { saveFixtures } from '../../scripts/fixtures';
import { readLibrary, wipeLibrary } from './library-reader';

const SEED = 'NW202202102271830933';
const SAVED = ['seed-share', 'eastmoney-noise', 'time-seconds'];
const golden = (name: string) => readFileSync(path.join(ROOT, 'tests/fixtures/posts/seed', name), 'utf8');

let browser: ExtensionBrowser;

beforeAll(async () => {
  browser = await launchExtension();
  await saveFixtures(browser, SAVED);
});

afterAll(async () => {
  await browser?.close();
});

async function bytesOf(download: Download): Promise<Buffer> {
  const file = await download.path();
  return readFileSync(file);
}

async function download(start: () => Promise<unknown>): Promise<Download> {
  const next = browser.nextDownload();
  await start();
  return next;
}

async function openExtensionPage(name: string): Promise<Page> {
  const page = await browser.context.newPage();
  await page.goto(`chrome-extension://${browser.extensionId}/${name}`);
  return page;
}

describe('export in real Chromium', () => {
  it('exports the whole library from the popup as a zip of the blog posts', async () => {
    const popup = await browser.openPopup();
    await popup.getByTestId('library-item').first().waitFor();
    const zip = await download(() => popup.getByTestId('export-all').click());
    expect(zip.suggestedFilename()).toMatch(/^finews-posts-\d{8}\.zip$/);
    const files = unzipSync(new Uint8Array(await bytesOf(zip)));
    const names = Object.keys(files).sort();
    expect(names).toHaveLength(SAVED.length);

    // Each entry is the post of what the library holds, as the shared lib/ code writes it in Node.
    const { articles, bodies } = await readLibrary(popup);
    const expected = articles.map((record) =>
      postFor({ ...record, html: bodies.find((b) => b.id === record.id)!.html }, DEFAULT_EXPORT_SETTINGS),
    );
    expect(names).toEqual(expected.map((post) => `_posts/${post.fileName}`).sort());
    for (const post of expected) expect(strFromU8(files[`_posts/${post.fileName}`]!)).toBe(post.content);
    // And the seed is the golden post.
    expect(strFromU8(files[`_posts/2022-02-10-${SEED}.md`]!)).toBe(golden('expected.md'));

    const exportTab = browser.context.pages().find((page) => page.url().includes('/export.html'));
    expect(await exportTab?.getByTestId('export-done').textContent()).toContain(String(SAVED.length));
    await Promise.all([popup.close(), exportTab?.close()]);
  });

  it('exports a selection and a group, each as a zip of just those posts', async () => {
    const popup = await browser.openPopup();
    await popup.getByTestId('library-item').first().waitFor();
    const ids = await popup.getByTestId('library-item').evaluateAll((els) => els.map((el) => el.getAttribute('data-article-id')!));
    for (const id of ids.slice(0, 2)) await popup.locator(`[data-article-id="${id}"] [data-testid="select-article"]`).check();
    const selection = await download(() => popup.getByTestId('export-selected').click());
    const chosen = Object.keys(unzipSync(new Uint8Array(await bytesOf(selection))));
    expect(chosen).toHaveLength(2);

    await popup.getByTestId('view-by-category').click();
    const group = popup.locator('[data-testid="group"][data-group-key="dingxiribao"]');
    const zip = await download(() => group.getByTestId('export-group').click());
    expect(Object.keys(unzipSync(new Uint8Array(await bytesOf(zip))))).toEqual([`_posts/2022-02-10-${SEED}.md`]);
    for (const page of browser.context.pages()) if (page.url().includes('/export.html')) await page.close();
    await popup.close();
  });

  it('exports one post from the reader, and in HTML mode the seed is the blog post byte for byte', async () => {
    const popup = await browser.openPopup();
    const [reader] = await Promise.all([
      browser.context.waitForEvent('page'),
      popup.locator(`[data-article-id="${SEED}"] [data-testid="open-reader"]`).click(),
    ]);
    await reader.getByTestId('reader-title').waitFor();
    expect(await reader.getByTestId('reader-title').textContent()).toBe('定西:以高质量监督助力优化营商环境');
    expect(await reader.locator('[data-testid="reader-body"] p').count()).toBe(14);

    const markdown = await download(() => reader.getByTestId('export-article').click());
    expect(markdown.suggestedFilename()).toBe(`2022-02-10-${SEED}.md`);
    expect((await bytesOf(markdown)).toString('utf8')).toBe(golden('expected.md'));

    const options = await openExtensionPage('options.html');
    await options.getByTestId('setting-body-format').selectOption('html');
    await options.getByTestId('settings-save').click();
    await options.locator('[data-testid="settings-message"][data-kind="info"]').waitFor();

    const html = await download(() => popup.locator(`[data-article-id="${SEED}"] [data-testid="export-article"]`).click());
    expect((await bytesOf(html)).toString('utf8')).toBe(golden('expected-html.md'));

    await options.getByTestId('setting-body-format').selectOption('markdown');
    await options.getByTestId('settings-save').click();
    await options.locator('[data-testid="settings-message"][data-kind="info"]').waitFor();
    await Promise.all([popup.close(), reader.close(), options.close()]);
  });

  it('a slug override set in the options renames the category in the popup and in every export', async () => {
    const options = await openExtensionPage('options.html');
    await options.getByTestId('setting-slug-overrides').fill('定西日报 = dingxi-daily');
    await options.getByTestId('settings-save').click();
    await options.locator('[data-testid="settings-message"][data-kind="info"]').waitFor();

    const popup = await browser.openPopup();
    await popup.getByTestId('view-by-category').click();
    const group = popup.locator('[data-testid="group"][data-group-key="dingxi-daily"]');
    await group.waitFor();
    expect(await popup.locator('[data-testid="group"][data-group-key="dingxiribao"]').count()).toBe(0);
    const zip = await download(() => group.getByTestId('export-group').click());
    const files = unzipSync(new Uint8Array(await bytesOf(zip)));
    const post = strFromU8(files[`_posts/2022-02-10-${SEED}.md`]!);
    expect(post).toContain('\ncategories: dingxi-daily\n');
    expect(post).toContain('/category/dingxi-daily.html');

    await options.getByTestId('setting-slug-overrides').fill('');
    await options.getByTestId('settings-save').click();
    await options.locator('[data-testid="settings-message"][data-kind="info"]').waitFor();
    for (const page of browser.context.pages()) if (page.url().includes('/export.html')) await page.close();
    await Promise.all([popup.close(), options.close()]);
  });

  it('backs up, wipes, restores the same library, and refuses a corrupt backup', async () => {
    const options = await openExtensionPage('options.html');
    await options.getByTestId('settings-save').waitFor();
    const before = await readLibrary(options);
    expect(before.articles).toHaveLength(SAVED.length);

    const backup = await download(() => options.getByTestId('backup-download').click());
    const backupFile = await backup.path();
    const lines = readFileSync(backupFile, 'utf8').trimEnd().split('\n');
    expect(JSON.parse(lines[0]!)).toMatchObject({ format: 'finews-reader-backup', version: 1 });

    // Wipe: the library's database is deleted outright.
    await wipeLibrary(options);
    await options.reload();
    const empty = await browser.openPopup();
    await empty.getByTestId('library-empty').waitFor();

    await options.getByTestId('restore-file').setInputFiles(backupFile);
    await options.locator('[data-testid="backup-message"][data-kind="info"]').waitFor();
    const after = await readLibrary(options);
    const byId = <T extends { id: string }>(rows: T[]) => [...rows].sort((a, b) => a.id.localeCompare(b.id));
    expect(byId(after.articles)).toEqual(byId(before.articles));
    expect(byId(after.bodies)).toEqual(byId(before.bodies));
    await empty.reload();
    await empty.getByTestId('library-item').first().waitFor();
    expect(await empty.getByTestId('library-item').count()).toBe(SAVED.length);

    // A corrupt backup is refused with a message and changes nothing.
    const corrupt = [lines[0], lines[1], '{"kind":"article","record":{"id":7}', ...lines.slice(2)].join('\n');
    await options.getByTestId('restore-file').setInputFiles({ name: 'broken.jsonl', mimeType: 'application/x-ndjson', buffer: Buffer.from(corrupt) });
    await options.locator('[data-testid="backup-message"][data-kind="error"]').waitFor();
    expect(await options.getByTestId('backup-message').textContent()).toContain('line 3');
    expect(byId((await readLibrary(options)).articles)).toEqual(byId(before.articles));
    await Promise.all([options.close(), empty.close()]);
  });
});

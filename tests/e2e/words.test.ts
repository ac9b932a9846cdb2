/**
 * Every message in the reader's language: the options' errors for a bad
 * setting and a foreign backup say it in Chinese, the English footer counts
 * "1 article", and every page has a title of its own.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchExtension, type ExtensionBrowser } from '../../scripts/chromium';
import { saveFixtures } from '../../scripts/fixtures';

let browser: ExtensionBrowser;
afterAll(async () => {
  await browser?.close();
});

describe('in Chinese', () => {
  beforeAll(async () => {
    browser = await launchExtension();
  });

  it('says a bad setting and a foreign backup in Chinese, and titles each page', async () => {
    const options = await browser.context.newPage();
    await options.goto(`chrome-extension://${browser.extensionId}/options.html`);
    await options.getByTestId('setting-slug-overrides').fill('重庆商报 chongqingshangbao');
    await options.getByTestId('settings-save').click();
    const message = options.getByTestId('settings-message');
    await message.waitFor();
    expect(await message.textContent()).toContain('第 1 行：请写成“来源 = 分类名”');
    expect(await message.textContent()).not.toMatch(/write it as/);

    for (const [name, text] of [['notes.txt', 'hello'], ['other.jsonl', '{"format":"something-else"}']] as const) {
      await options.getByTestId('restore-file').setInputFiles({ name, mimeType: 'text/plain', buffer: Buffer.from(text) });
      const refused = options.locator('[data-testid="backup-message"][data-kind="error"]');
      await refused.waitFor();
      expect(await refused.textContent(), name).toContain('这不是 Finews 阅读器的备份文件');
      expect(await refused.textContent(), name).not.toMatch(/not a Finews Reader backup|is not JSON/);
    }
    expect(await options.title()).toBe('设置与备份 · Finews 阅读器');
    const popup = await browser.openPopup();
    await popup.getByTestId('library-empty').waitFor();
    expect(await popup.title()).toBe('Finews 阅读器');
    await Promise.all([options.close(), popup.close()]);
    await browser.close();
  });
});

describe('in English', () => {
  it('counts one article as "1 article"', async () => {
    browser = await launchExtension({ locale: 'en' });
    await saveFixtures(browser, ['seed-share']);
    const popup = await browser.openPopup();
    await popup.getByTestId('library-item').waitFor();
    await expect.poll(() => popup.getByTestId('library-stats').textContent()).toMatch(/^1 article, 1 unread/);
    expect(await popup.title()).toBe('Finews Reader');
  });
});

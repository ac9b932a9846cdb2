/**
 * Every message in the reader's language, in real Chromium and in stock
 * Firefox (its Chinese comes from its language pack): the options' errors for
 * a bad setting and a foreign backup say it in Chinese, the English footer
 * counts "1 article", and every page has a title of its own.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { LABEL, launchDriver, type Driver, type Tab } from '../driver/driver';
import { saveFixturePages } from '../driver/fill';

const work = mkdtempSync(path.join(tmpdir(), 'finews-words-'));
let driver: Driver | undefined;
afterAll(async () => {
  await driver?.close();
  rmSync(work, { recursive: true, force: true });
});

const title = (tab: Tab) => tab.evaluate(() => document.title, undefined);

describe(`${LABEL} in Chinese`, () => {
  it('says a bad setting and a foreign backup in Chinese, and titles each page', async () => {
    driver = await launchDriver({ locale: 'zh_CN' });
    const options = await driver.openExtensionPage('options.html');
    await options.fill('[data-testid="setting-slug-overrides"]', '重庆商报 chongqingshangbao');
    await options.click('[data-testid="settings-save"]');
    await options.waitFor('[data-testid="settings-message"]');
    const message = await options.text('[data-testid="settings-message"]');
    expect(message).toContain('第 1 行：请写成“来源 = 分类名”');
    expect(message).not.toMatch(/write it as/);

    for (const [name, text] of [['notes.txt', 'hello'], ['other.jsonl', '{"format":"something-else"}']] as const) {
      const file = path.join(work, name);
      writeFileSync(file, text);
      await options.chooseFile('[data-testid="restore-file"]', file);
      const refused = '[data-testid="backup-message"][data-kind="error"]';
      await options.waitFor(refused);
      expect(await options.text(refused), name).toContain('这不是 Finews 阅读器的备份文件');
      expect(await options.text(refused), name).not.toMatch(/not a Finews Reader backup|is not JSON/);
      // The next file's message must be its own, not this one still showing.
      await options.reload();
    }
    expect(await title(options)).toBe('设置与备份 · Finews 阅读器');
    const popup = await driver.openExtensionPage('popup.html');
    await popup.waitFor('[data-testid="library-empty"]');
    expect(await title(popup)).toBe('Finews 阅读器');
    await Promise.all([options.close(), popup.close()]);
    await driver.close();
    driver = undefined;
  });
});

describe(`${LABEL} in English`, () => {
  it('counts one article as "1 article"', async () => {
    driver = await launchDriver({ locale: 'en' });
    await saveFixturePages(driver, ['seed-share']);
    const popup = await driver.openExtensionPage('popup.html');
    await popup.waitFor('[data-testid="library-item"]');
    await expect.poll(() => popup.text('[data-testid="library-stats"]')).toMatch(/^1 article, 1 unread/);
    expect(await title(popup)).toBe('Finews Reader');
  });
});

import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Article } from '../../lib/article';
import { launchExtension, type ExtensionBrowser } from '../../scripts/chromium';
import { fixturePage, fixturePages, serveFixture, type FixturePage } from '../../scripts/fixtures';
import { isSharePage } from '../../lib/finews/share-url';
import { readLibrary } from './library-reader';

const SEED_CODE = 'NW202202102271830933';
const SEED_URL = `http://finews.zning.xyz/html_News/NewsShare.html?infoCode=${SEED_CODE}`;
const SEED_ON_EASTMONEY = `https://choicewzp1.eastmoney.com/html_News/NewsShare.html?infoCode=${SEED_CODE}&from=share`;

let browser: ExtensionBrowser;

beforeAll(async () => {
  browser = await launchExtension();
  for (const page of fixturePages()) serveFixture(browser.sites, page, { newsTextDelayMs: 1500 });
  // The seed with an extra query parameter: still the same article.
  browser.sites.set(SEED_ON_EASTMONEY, { body: fixturePage('seed-share').html, contentType: 'text/html; charset=utf-8' });
});

afterAll(async () => {
  await browser?.close();
});

async function open(url: string): Promise<Page> {
  const page = await browser.context.newPage();
  await page.goto(url);
  return page;
}

async function badgeOf(page: Page): Promise<string> {
  const tabId = await browser.tabIdOf(page);
  return browser.worker.evaluate((id) => (globalThis as any).chrome.action.getBadgeText({ tabId: id }), tabId);
}

function expectStored(record: Record<string, unknown> | undefined, html: string | undefined, expected: Article) {
  expect(record, `record ${expected.id}`).toBeDefined();
  const { html: expectedHtml, url: _url, ...fields } = expected;
  for (const [key, value] of Object.entries(fields)) expect(record?.[key], `${expected.id}.${key}`).toEqual(value);
  expect(html).toBe(expectedHtml);
}

describe('saving in real Chromium', () => {
  it('the in-page button saves the seed article and the popup lists it', async () => {
    const page = await open(SEED_URL);
    const button = page.getByTestId('finews-save');
    await page.locator('[data-testid="finews-save"][data-state="ready"]').waitFor();
    expect(await badgeOf(page)).toBe('');
    await button.click();
    await page.locator('[data-testid="finews-save"][data-state="saved"]').waitFor();
    expect(await badgeOf(page)).toBe('✓');

    const popup = await browser.openPopup();
    const item = popup.locator(`[data-testid="library-item"][data-article-id="${SEED_CODE}"]`);
    await item.waitFor();
    expect(await item.textContent()).toContain('定西:以高质量监督助力优化营商环境');
    expect(await item.textContent()).toContain('定西日报');
    expect(await item.textContent()).toContain('2022-02-10 08:10:19');

    const { articles, bodies } = await readLibrary(popup);
    const seed = fixturePage('seed-share').expected;
    if (!seed.ok) throw new Error('the seed fixture must be an article');
    expectStored(
      articles.find((a) => a.id === SEED_CODE) as unknown as Record<string, unknown>,
      bodies.find((b) => b.id === SEED_CODE)?.html,
      seed.article,
    );
    await Promise.all([page.close(), popup.close()]);
  });

  it('saving again, and from the other host, keeps one record', async () => {
    const page = await open(SEED_ON_EASTMONEY);
    // The in-page button already knows this article is saved.
    await page.locator('[data-testid="finews-save"][data-state="saved"]').waitFor();
    const first = await browser.savePage(page);
    expect(first.kind).toBe('info');
    const again = await browser.savePage(page);
    expect(again.text).toContain('定西:以高质量监督助力优化营商环境');
    const { articles } = await readLibrary(again.popup);
    expect(articles.filter((a) => a.infoCode === SEED_CODE)).toHaveLength(1);
    const record = articles.find((a) => a.id === SEED_CODE)!;
    expect(record.canonicalUrl).toBe(SEED_URL);
    expect(record.updatedAt).toBeGreaterThan(record.savedAt);
    await again.popup.reload();
    await again.popup.getByTestId('library-item').first().waitFor();
    expect(await again.popup.locator(`[data-article-id="${SEED_CODE}"]`).count()).toBe(1);
    await Promise.all([page.close(), first.popup.close(), again.popup.close()]);
  });

  it('stores every article of the corpus exactly as its expected extraction, from the popup', async () => {
    const articles = fixturePages().filter((p): p is FixturePage & { expected: { ok: true; article: Article } } => p.expected.ok);
    expect(articles.length).toBeGreaterThanOrEqual(6);
    for (const fixture of articles) {
      const page = await open(fixture.url);
      // Other sites are read only with activeTab, which the toolbar click grants.
      if (!isSharePage(fixture.url)) await browser.clickToolbarButton(page);
      const { popup, kind, text } = await browser.savePage(page);
      expect(kind, `${fixture.slug}: ${text}`).toBe('info');
      // A save from the popup shows on the page's own button too.
      if (isSharePage(fixture.url)) await page.locator('[data-testid="finews-save"][data-state="saved"]').waitFor();
      const { articles: records, bodies } = await readLibrary(popup);
      const id = fixture.expected.article.id;
      expectStored(
        records.find((a) => a.id === id) as unknown as Record<string, unknown>,
        bodies.find((b) => b.id === id)?.html,
        fixture.expected.article,
      );
      await Promise.all([page.close(), popup.close()]);
    }
  });

  it('a page that is not an article shows a clear message and stores nothing', async () => {
    const address = 'https://news.example.com/list/index.html';
    browser.sites.set(address, {
      contentType: 'text/html; charset=utf-8',
      body: '<!doctype html><html lang="zh-CN"><head><title>资讯列表</title></head><body><nav><a href="/a">首页</a> <a href="/b">要闻</a></nav><ul><li><a href="/1">一</a></li><li><a href="/2">二</a></li></ul></body></html>',
    });
    const page = await open(address);
    const before = await readLibrary(await browser.openPopup());
    await browser.clickToolbarButton(page);
    const { popup, kind, text } = await browser.savePage(page);
    expect(kind).toBe('error');
    expect(text).toContain('不是文章');
    const after = await readLibrary(popup);
    expect(after.articles.length).toBe(before.articles.length);
    expect(await badgeOf(page)).toBe('!');
    await Promise.all([page.close(), popup.close()]);
  });

  it('reads no other site unless the reader asked for it on that tab (activeTab only)', async () => {
    const address = 'https://finance.eastmoney.com/a/202203019999999999.html';
    browser.sites.set(address, { body: fixturePage('finance-article').html, contentType: 'text/html; charset=utf-8' });
    const page = await open(address);
    const { popup, kind, text } = await browser.savePage(page);
    expect(kind).toBe('error');
    expect(text).toContain('无法读取');
    const { articles } = await readLibrary(popup);
    expect(articles.some((a) => a.url === address)).toBe(false);
    await Promise.all([page.close(), popup.close()]);
  });

  it('a share page whose body never arrives shows a clear message and stores nothing', async () => {
    const late = fixturePage('late-body');
    const code = 'NW202203010000000001';
    const address = `http://choicewzp1.eastmoney.com/html_News/NewsShare.html?infoCode=${code}`;
    browser.sites.set(address, { body: late.html, contentType: 'text/html; charset=utf-8' });
    browser.sites.set(`http://choicewzp1.eastmoney.com/NewsData/GetNewsText.do?id=${code}`, {
      body: '',
      contentType: 'application/json',
      hang: true,
    });
    const page = await open(address);
    const started = Date.now();
    const [{ popup, kind, text }] = await Promise.all([
      browser.savePage(page),
      page.getByTestId('finews-save-message').waitFor({ timeout: 20_000 }),
    ]);
    expect(kind).toBe('error');
    expect(text).toContain('10 秒');
    expect(Date.now() - started).toBeLessThan(15_000);
    expect(await page.getByTestId('finews-save-message').textContent()).toContain('10 秒');
    const { articles } = await readLibrary(popup);
    expect(articles.find((a) => a.id === code)).toBeUndefined();
    await Promise.all([page.close(), popup.close()]);
  });
});

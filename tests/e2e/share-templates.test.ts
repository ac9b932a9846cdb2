/**
 * The template corpus in real Chromium: a sample of generated share pages,
 * served at their real addresses on both hosts, some with their body
 * arriving 1.5 s after load and the in-page button clicked at once, must be
 * stored with the golden title, time, source and body.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchExtension, type ExtensionBrowser } from '../../scripts/chromium';
import { goldenArticles, TEMPLATES } from '../fixtures/share-templates/index';
import { readLibrary } from './library-reader';

const HOSTS = ['http://finews.zning.xyz', 'https://choicewzp1.eastmoney.com'];
const LATE_MS = 1500;

let browser: ExtensionBrowser;

beforeAll(async () => {
  browser = await launchExtension();
});

afterAll(async () => {
  await browser?.close();
});

// Every template once, each with another golden article and its own infoCode (same day), alternating hosts.
const golden = goldenArticles();
const sample = TEMPLATES.map((template, i) => {
  const article = golden[i % golden.length]!;
  const infoCode = `${article.input.infoCode.slice(0, 10)}99${String(i).padStart(8, '0')}`;
  return { template, article, infoCode, host: HOSTS[i % HOSTS.length]! };
});

describe('generated share pages in real Chromium', () => {
  it.each(sample.map((s) => [s.template.name, s.article.slug, s] as const))(
    '%s × %s: the in-page button, clicked at once, stores the golden article',
    async (_name, _slug, { template, article, infoCode, host }) => {
      const rendered = template.render({ ...article.input, infoCode });
      const url = `${host}/html_News/NewsShare.html?infoCode=${infoCode}`;
      browser.sites.set(url, { body: rendered.html, contentType: 'text/html; charset=utf-8' });
      if (rendered.newsText !== undefined) {
        browser.sites.set(`${host}/NewsData/GetNewsText.do?id=${infoCode}`, {
          body: rendered.newsText,
          contentType: 'application/json; charset=utf-8',
          delayMs: LATE_MS,
        });
      }
      const page = await browser.context.newPage();
      await page.goto(url, { waitUntil: 'domcontentloaded' });
      // At once: while a late body is still on its way.
      await page.getByTestId('finews-save').click();
      await page.locator('[data-testid="finews-save"][data-state="saved"]').waitFor({ timeout: 20_000 });

      const popup = await browser.openPopup();
      const { articles, bodies } = await readLibrary(popup);
      const record = articles.find((a) => a.id === infoCode);
      const want = article.expected;
      expect(record, `${template.name}: no record`).toBeDefined();
      expect({ title: record!.title, publishedAt: record!.publishedAt, source: record!.source, images: record!.images }).toEqual({
        title: want.title,
        publishedAt: want.publishedAt,
        source: want.source,
        images: want.images,
      });
      expect(bodies.find((b) => b.id === infoCode)?.html).toBe(want.html);
      await Promise.all([page.close(), popup.close()]);
    },
  );
});

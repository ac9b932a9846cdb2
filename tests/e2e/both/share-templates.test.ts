/**
 * The template corpus, the same test in real Chromium and in stock Firefox
 * (driver.ts): every layout template once, each with another golden
 * article, served at its real address on both hosts; where the template's
 * body arrives from GetNewsText after load it comes 1.5 s late, and the
 * in-page button is clicked the moment it can be. Each page must be stored
 * with the golden title, time, source, photos and body.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { goldenArticles, TEMPLATES } from '../../fixtures/share-templates/index';
import { LABEL, launchDriver, type Driver, type Tab } from '../driver/driver';
import { storedLibrary } from '../driver/stored';

const HOSTS = ['http://finews.zning.xyz', 'https://choicewzp1.eastmoney.com'];
const LATE_MS = 1500;

let driver: Driver;
/** One extension page, kept open, to read the library from. */
let library: Tab;

beforeAll(async () => {
  driver = await launchDriver();
  library = await driver.openExtensionPage('popup.html');
});

afterAll(async () => {
  await driver?.close();
});

// Every template once, each with another golden article and its own infoCode (same day), alternating hosts.
const golden = goldenArticles();
const sample = TEMPLATES.map((template, i) => {
  const article = golden[i % golden.length]!;
  const infoCode = `${article.input.infoCode.slice(0, 10)}99${String(i).padStart(8, '0')}`;
  return { template, article, infoCode, host: HOSTS[i % HOSTS.length]! };
});
// The late-body templates must be in the sample, or the timing they stand for goes untested.
if (!sample.some(({ template, article, infoCode }) => template.render({ ...article.input, infoCode }).newsText !== undefined)) {
  throw new Error('no template of the sample loads its body late');
}

describe(`${LABEL} generated share pages`, () => {
  it.each(sample.map((s) => [s.template.name, s.article.slug, s] as const))(
    '%s × %s: the in-page button, clicked as soon as it can be, stores the golden article',
    async (_name, _slug, { template, article, infoCode, host }) => {
      const rendered = template.render({ ...article.input, infoCode });
      const url = `${host}/html_News/NewsShare.html?infoCode=${infoCode}`;
      driver.sites.set(url, { body: rendered.html, contentType: 'text/html; charset=utf-8' });
      const newsTextUrl = `${host}/NewsData/GetNewsText.do?id=${infoCode}`;
      if (rendered.newsText !== undefined) {
        driver.sites.set(newsTextUrl, {
          body: rendered.newsText,
          contentType: 'application/json; charset=utf-8',
          delayMs: LATE_MS,
        });
      }
      const page = await driver.open(url);
      // The button stays disabled ("waiting") until the body is in the page; it is
      // pressed the moment it is enabled, as a reader who clicked at once would see it.
      await page.click('[data-testid="finews-save"][data-state="ready"]');
      await page.waitFor('[data-testid="finews-save"][data-state="saved"]', { timeout: 20_000 });

      const { articles, bodies } = await storedLibrary(library);
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
      // A late template's body came the late way, from GetNewsText, not from the page's own HTML.
      expect(driver.requested().includes(newsTextUrl), `${template.name}: GetNewsText asked`).toBe(rendered.newsText !== undefined);
      await page.close();
    },
  );
});

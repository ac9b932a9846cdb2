/**
 * The golden corpus of pages (tests/fixtures/pages/<slug>/) as the web would
 * serve it: each page at its real address — share pages on both hosts and
 * both schemes — and the GetNewsText answer beside it.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { ExtractResult } from '../lib/article';
import { SHARE_HOSTS, shareInfoCode } from '../lib/finews/share-url';
import type { Page } from 'playwright-core';
import { launchExtension, ROOT, type ExtensionBrowser, type Served } from './chromium';

export const PAGES_DIR = path.join(ROOT, 'tests', 'fixtures', 'pages');

export interface FixturePage {
  slug: string;
  url: string;
  html: string;
  /** What `/NewsData/GetNewsText.do?id=<infoCode>` answers, when the page loads its body late. */
  newsText?: string;
  expected: ExtractResult;
}

export function fixturePages(): FixturePage[] {
  return readdirSync(PAGES_DIR)
    .filter((slug) => existsSync(path.join(PAGES_DIR, slug, 'url.txt')))
    .sort()
    .map((slug) => {
      const file = (name: string) => path.join(PAGES_DIR, slug, name);
      return {
        slug,
        url: readFileSync(file('url.txt'), 'utf8').trim(),
        html: readFileSync(file('source.html'), 'utf8'),
        newsText: existsSync(file('GetNewsText.json')) ? readFileSync(file('GetNewsText.json'), 'utf8') : undefined,
        expected: JSON.parse(readFileSync(file('expected.json'), 'utf8')) as ExtractResult,
      };
    });
}

export function fixturePage(slug: string): FixturePage {
  const page = fixturePages().find((candidate) => candidate.slug === slug);
  if (!page) throw new Error(`No fixture page ${slug} in ${path.relative(ROOT, PAGES_DIR)}`);
  return page;
}

/** Every address at which a page is served: a share page on both hosts, http and https. */
export function addressesOf(url: string): string[] {
  const code = shareInfoCode(url);
  if (!code) return [url];
  const { pathname, search } = new URL(url);
  return SHARE_HOSTS.flatMap((host) => ['http', 'https'].map((scheme) => `${scheme}://${host}${pathname}${search}`));
}

export interface ServeOptions {
  /** Holds the GetNewsText answer back this long (a body that arrives late). */
  newsTextDelayMs?: number;
  /** GetNewsText never answers (a body that never arrives). */
  newsTextHangs?: boolean;
}

export function serveFixture(sites: Map<string, Served>, page: FixturePage, options: ServeOptions = {}): void {
  for (const address of addressesOf(page.url)) {
    sites.set(address, { body: page.html, contentType: 'text/html; charset=utf-8' });
    const code = shareInfoCode(address);
    if (code && page.newsText !== undefined) {
      sites.set(`${new URL(address).origin}/NewsData/GetNewsText.do?id=${code}`, {
        body: page.newsText,
        contentType: 'application/json; charset=utf-8',
        delayMs: options.newsTextDelayMs,
        hang: options.newsTextHangs,
      });
    }
  }
}

/** Serves the fixture pages and saves each through the popup; throws unless each was saved. */
export async function saveFixtures(browser: ExtensionBrowser, slugs: readonly string[]): Promise<void> {
  for (const slug of slugs) {
    const fixture = fixturePage(slug);
    serveFixture(browser.sites, fixture);
    const page = await browser.context.newPage();
    await page.goto(fixture.url);
    const { popup, kind, text } = await browser.savePage(page);
    await Promise.all([page.close(), popup.close()]);
    if (kind !== 'info') throw new Error(`${slug} was not saved: ${text}`);
  }
}

/** A browser with the extension loaded, these fixture pages saved, and the popup open listing them all. */
export async function launchWithSaved(slugs: readonly string[]): Promise<{ browser: ExtensionBrowser; popup: Page }> {
  const browser = await launchExtension();
  await saveFixtures(browser, slugs);
  const popup = await browser.openPopup();
  await popup.getByTestId('library-item').nth(slugs.length - 1).waitFor();
  return { browser, popup };
}

/**
 * The export converts bodies on two threads (entrypoints/export): the page
 * with Chromium's own DOM, its worker with domino's parser. A post must not
 * depend on which thread took it, so in a real extension page both convert
 * every corpus body, every hostile vector, awkward markup and generated
 * library bodies, and must agree to the byte.
 */
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bundle } from '../../scripts/bundle';
import { article } from '../../scripts/bench/library-in-page';
import { launchExtension, ROOT, type ExtensionBrowser } from '../../scripts/chromium';
import { fixturePages } from '../../scripts/fixtures';
import { AWKWARD_BODIES, HOSTILE_BODIES } from '../fixtures/awkward-markup';

let browser: ExtensionBrowser;
let page: Page;

beforeAll(async () => {
  browser = await launchExtension({ photoAccess: false });
  page = await browser.context.newPage();
  await page.goto(`chrome-extension://${browser.extensionId}/options.html`);
  await page.evaluate(await bundle(path.join(ROOT, 'tests/e2e/in-page/converters.ts')));
});

afterAll(async () => {
  await browser?.close();
});

async function mismatches(htmls: string[]): Promise<unknown[]> {
  return page.evaluate((list) => (globalThis as any).finewsConverters.converterMismatches(list), htmls);
}

describe('Markdown from the page\'s DOM and from the worker\'s domino', () => {
  it('runs where the page really has its own DOM parser', async () => {
    expect(await page.evaluate(() => (globalThis as any).finewsConverters.hasNativeParser())).toBe(true);
  });

  it('agree on every corpus article', async () => {
    const bodies = fixturePages().flatMap((fixture) => (fixture.expected.ok ? [fixture.expected.article.html] : []));
    expect(bodies.length).toBeGreaterThan(5);
    expect(await mismatches(bodies)).toEqual([]);
  });

  it('agree on every hostile vector and on awkward markup', async () => {
    expect(HOSTILE_BODIES.length).toBeGreaterThanOrEqual(50);
    expect(await mismatches([...HOSTILE_BODIES, ...AWKWARD_BODIES])).toEqual([]);
  });

  it('agree on the generated library the benchmark exports', async () => {
    expect(await mismatches(Array.from({ length: 200 }, (_, i) => article(i).html))).toEqual([]);
  });
});

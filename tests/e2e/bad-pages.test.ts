/**
 * Bad pages in real Chromium (issue 5, point 6): each generated bad share page
 * is saved with the in-page button and with the popup. Each save ends within
 * 15 s in a stored article or a clear message, and neither the page nor the
 * popup stops answering meanwhile. Then the library holding the 5 MB article
 * and the 10,000-character title still opens, and the reader shows them.
 *
 * Times are taken in the page: a script records each state the in-page button
 * takes, and each click, on the page's own clock (so a read at load counts
 * from the navigation). Responsiveness is measured as round trips of
 * `page.evaluate(() => 1)` every 100 ms: each runs as a task on the page's
 * main thread, so a round trip lasts at least as long as whatever long task
 * holds that thread, an extraction included. (Timers and animation frames
 * would not do: a tab behind the popup's tab is hidden, and Chromium
 * throttles both there.)
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchExtension, ROOT, type ExtensionBrowser } from '../../scripts/chromium';
import { badPages, blockTexts, type BadPage } from '../fixtures/bad-pages';
import { openRowMenu } from './row-menu';
import { storedArticle } from './driver/stored';
import { localeWords } from '../locale-words';
import { buttonLog, recordButton, waitForState } from './driver/button-log';
import { expectStored } from './driver/bad-stored';

// The bound from click to final state. A main thread stalled for
// MAX_STALL_MS is frozen, not slow: the test fails. How long pages do stall
// (the target: under 2 s) is a figure of `npm run bench -- stall`, which runs
// this file and reads what it measured: not a timed test on a shared machine.
const LIMIT_MS = 15_000;
const MAX_STALL_MS = 10_000;
// Pages that throw the extension's button away with their own body: no button to press.
const DROPS_BUTTON = new Set(['rewrites-body', 'document-write']);

const messageFor = localeWords('zh_CN').reason;

const pages = badPages();
// The body that never arrives costs 10 s per read: its tab is opened first, reads
// at load while the other pages are saved, and is clicked at the end.
const SLOW = 'never-body';

interface Measure {
  slug: string;
  flow: string;
  ms: number;
  outcome: string;
  pageStallMs?: number;
  popupStallMs?: number;
}
const measured: Measure[] = [];

let browser: ExtensionBrowser;
let slowTab: Page;

beforeAll(async () => {
  browser = await launchExtension();
  await browser.context.addInitScript(recordButton);
  for (const page of pages) {
    browser.sites.set(page.url, page.page);
    for (const [address, served] of page.extra) browser.sites.set(address, served);
  }
  slowTab = await browser.context.newPage();
  await slowTab.goto(pages.find((p) => p.slug === SLOW)!.url, { waitUntil: 'commit' });
});

afterAll(async () => {
  if (process.env.FINEWS_STALL_OUT) writeFileSync(process.env.FINEWS_STALL_OUT, JSON.stringify(measured));
  if (measured.length) {
    console.log('bad pages: ms from click (or navigation, for "read at load") to final state; longest main-thread stall:');
    for (const m of measured) {
      const stalls = [m.pageStallMs === undefined ? '' : `page ${m.pageStallMs}`, m.popupStallMs === undefined ? '' : `popup ${m.popupStallMs}`];
      console.log(`  ${m.slug.padEnd(20)} ${m.flow.padEnd(14)} ${String(m.ms).padStart(6)}  ${m.outcome.padEnd(11)} ${stalls.filter(Boolean).join(', ')}`);
    }
  }
  await browser?.close();
});

/** Round trips to `page`'s main thread every 100 ms until stopped; resolves to the longest. */
function heartbeat(page: Page): () => Promise<number> {
  let running = true;
  let longest = 0;
  const loop = (async () => {
    while (running) {
      const started = Date.now();
      // A page replacing its document may drop one evaluation: that is not a stall.
      await page.evaluate(() => 1).catch(() => undefined);
      longest = Math.max(longest, Date.now() - started);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  })();
  return async () => {
    running = false;
    await loop;
    return longest;
  };
}

/** The read the button does at load: how it ended, and how long after the navigation. */
async function readAtLoad(bad: BadPage, page: Page): Promise<void> {
  const log = await waitForState(page, 0, bad.expected.ok ? 'ready' : 'failed', LIMIT_MS + 5_000);
  measured.push({ slug: bad.slug, flow: 'read at load', ms: Math.round(log.at(-1)!.at), outcome: log.at(-1)!.what });
  expect(log.at(-1)!.at, `${bad.slug}: read at load`).toBeLessThan(LIMIT_MS);
}

/** Clicks the in-page button; resolves to a wait for its final state, measured click to end. */
async function clickInPage(bad: BadPage, page: Page): Promise<() => Promise<void>> {
  const from = (await buttonLog(page)).length;
  await page.getByTestId('finews-save').click();
  const final = bad.expected.ok ? 'saved' : 'failed';
  return async () => {
    const log = await waitForState(page, from, final, LIMIT_MS + 5_000);
    const click = log.find((entry) => entry.what === 'click')!;
    expect(log.map((entry) => entry.what).join(' '), bad.slug).toMatch(new RegExp(`^click saving ${final}$`));
    const ms = Math.round(log.at(-1)!.at - click.at);
    measured.push({ slug: bad.slug, flow: 'in-page click', ms, outcome: final });
    expect(ms, `${bad.slug}: click to ${final}`).toBeLessThan(LIMIT_MS);
    if (!bad.expected.ok) {
      expect(await page.getByTestId('finews-save-message').textContent()).toBe(messageFor(bad.expected.reason));
    }
  };
}

/** The in-page button on a fresh tab: its read at load, then a click; the page keeps answering. */
async function saveInPage(bad: BadPage): Promise<void> {
  const page = await browser.context.newPage();
  const stall = heartbeat(page);
  await page.goto(bad.url, { waitUntil: 'commit' });
  if (DROPS_BUTTON.has(bad.slug)) {
    // The page throws the button away with its body; the popup still saves it (below).
    await page.waitForTimeout(1_000);
    const pageStallMs = await stall();
    measured.push({ slug: bad.slug, flow: 'in-page', ms: 0, outcome: (await page.getByTestId('finews-save').count()) ? 'shown' : 'no button', pageStallMs });
    expect(pageStallMs, `${bad.slug}: page stalled`).toBeLessThan(MAX_STALL_MS);
    await page.close();
    return;
  }
  await readAtLoad(bad, page);
  await (await clickInPage(bad, page))();
  const pageStallMs = await stall();
  measured.at(-1)!.pageStallMs = pageStallMs;
  expect(pageStallMs, `${bad.slug}: page stalled`).toBeLessThan(MAX_STALL_MS);
  await page.close();
}

/** The popup's button for `page`'s tab: ends in a status line, within the bound, the page and popup answering. */
async function saveWithPopup(bad: BadPage, page: Page): Promise<Page> {
  const popup = await browser.openPopup(await browser.tabIdOf(page));
  await popup.getByTestId('save-article').waitFor();
  const pageStall = heartbeat(page);
  const popupStall = heartbeat(popup);
  const clicked = Date.now();
  await popup.getByTestId('save-article').click();
  const status = popup.getByTestId('status-message');
  await status.waitFor({ timeout: LIMIT_MS + 5_000 });
  const ms = Date.now() - clicked;
  const [pageStallMs, popupStallMs] = await Promise.all([pageStall(), popupStall()]);
  const kind = await status.getAttribute('data-kind');
  const text = (await status.textContent()) ?? '';
  measured.push({ slug: bad.slug, flow: 'popup', ms, outcome: kind ?? '', pageStallMs, popupStallMs });

  expect(ms, `${bad.slug}: popup click to status`).toBeLessThan(LIMIT_MS);
  expect(pageStallMs, `${bad.slug}: page stalled`).toBeLessThan(MAX_STALL_MS);
  expect(popupStallMs, `${bad.slug}: popup stalled`).toBeLessThan(MAX_STALL_MS);
  if (bad.expected.ok) {
    expect(kind, `${bad.slug}: ${text}`).toBe('info');
    expect(text).toContain(bad.expected.title.slice(0, 20));
  } else {
    expect(kind, `${bad.slug}: ${text}`).toBe('error');
    expect(text).toBe(messageFor(bad.expected.reason));
  }
  return popup;
}

describe('bad pages in real Chromium', () => {
  it.each(pages.filter((p) => p.slug !== SLOW).map((p) => [p.slug, p] as const))(
    '%s: the in-page button and the popup each end within 15 s, nothing freezes',
    async (_slug, bad) => {
      await saveInPage(bad);
      // A fresh tab for the popup, so that it reads the page itself.
      const page = await browser.context.newPage();
      await page.goto(bad.url, { waitUntil: 'load' });
      const popup = await saveWithPopup(bad, page);
      await expectStored(popup, bad);
      await Promise.all([page.close(), popup.close()]);
    },
  );

  it(`${SLOW}: read at load, then the in-page button and the popup at once, each end within 15 s`, async () => {
    const bad = pages.find((p) => p.slug === SLOW)!;
    // Its read at load ran while the other pages were saved.
    await readAtLoad(bad, slowTab);
    await slowTab.bringToFront();
    const stall = heartbeat(slowTab);
    const inPageDone = await clickInPage(bad, slowTab);
    // The popup asks while the button's new read is under way: it gets that same read's answer.
    const popup = await saveWithPopup(bad, slowTab);
    await inPageDone();
    const pageStallMs = await stall();
    measured.at(-1)!.pageStallMs = pageStallMs;
    expect(pageStallMs).toBeLessThan(MAX_STALL_MS);
    await expectStored(popup, bad);

    // The body turns up after all: a failed read is not kept, so the next click reads
    // the page again and saves it (it used to answer the old failure at once).
    const late = pages.find((p) => p.slug === 'rewrites-box')!;
    if (!late.expected.ok) throw new Error('rewrites-box must be an article');
    await slowTab.bringToFront();
    await slowTab.evaluate((paragraphs) => {
      document.getElementById('newsText')!.innerHTML = paragraphs.map((p) => `<p>　　${p}</p>`).join('');
    }, late.expected.paragraphs.slice(0, -1));
    const title = (await slowTab.locator('h1').textContent())!;
    await (await clickInPage({ ...bad, slug: `${SLOW}, late body`, expected: { ...late.expected, title } }, slowTab))();
    const { record, body } = await storedArticle(popup, bad.infoCode);
    expect(record?.title).toBe(title);
    expect(blockTexts(body?.html ?? '')).toEqual(late.expected.paragraphs.slice(0, -1));
    await Promise.all([slowTab.close(), popup.close()]);
  });

  it('the extractor injected into other sites (toolbar click, then popup) copes with the same pages', async () => {
    // Not a share page: no content script, no wait; activeTab and scripting read the page.
    for (const slug of ['body-5mb', 'latin-5mb', 'paragraphs-20k', 'gbk-declared-utf8', 'document-write']) {
      const bad = pages.find((p) => p.slug === slug)!;
      const address = `https://news.example.com/bad/${slug}.html`;
      browser.sites.set(address, bad.page);
      const page = await browser.context.newPage();
      await page.goto(address, { waitUntil: 'load' });
      await browser.clickToolbarButton(page);
      const popup = await saveWithPopup({ ...bad, slug: `${slug} (other site)` }, page);
      await Promise.all([page.close(), popup.close()]);
    }
  });

  it('the popup opens on a library holding the 5 MB article and the 10,000-character title, titles clamped, and exports the 5 MB post', async () => {
    const started = Date.now();
    const popup = await browser.openPopup();
    const stall = heartbeat(popup);
    const long = pages.find((p) => p.slug === 'title-10k')!;
    const item = popup.locator(`[data-testid="library-item"][data-article-id="${long.infoCode}"]`);
    await item.waitFor({ timeout: LIMIT_MS });
    const openMs = Date.now() - started;
    measured.push({ slug: 'library', flow: 'popup open', ms: openMs, outcome: 'drawn', popupStallMs: await stall() });
    expect(openMs).toBeLessThan(LIMIT_MS);
    const title = item.getByTestId('open-reader');
    expect((await title.textContent())?.length).toBeGreaterThanOrEqual(10_000);
    // Three lines, not the hundreds the whole title would take.
    expect((await title.boundingBox())!.height).toBeLessThan(80);
    expect((await item.boundingBox())!.height).toBeLessThan(200);
    const shots = path.join(ROOT, 'test-output', 'screenshots');
    mkdirSync(shots, { recursive: true });
    await popup.screenshot({ path: path.join(shots, 'popup-bad-pages.png') });

    // The 5 MB article exports whole, from the popup (the conversion runs in the popup).
    const big = pages.find((p) => p.slug === 'body-5mb')!;
    if (!big.expected.ok) throw new Error('body-5mb must be an article');
    const exportStall = heartbeat(popup);
    const download = browser.nextDownload(LIMIT_MS);
    const clicked = Date.now();
    await (await openRowMenu(popup.locator(`[data-testid="library-item"][data-article-id="${big.infoCode}"]`))).getByTestId('export-article').click();
    const post = readFileSync((await (await download).path())!, 'utf8');
    const exportMs = Date.now() - clicked;
    measured.push({ slug: 'body-5mb', flow: 'export .md', ms: exportMs, outcome: `${(Buffer.byteLength(post) / 1024 / 1024).toFixed(1)} MB`, popupStallMs: await exportStall() });
    expect(exportMs).toBeLessThan(LIMIT_MS);
    expect(post).toContain(big.expected.paragraphs[0]);
    expect(post).toContain(big.expected.paragraphs.at(-2));
    await popup.close();
  });

  it('the reader shows the whole 5 MB article and the whole 10,000-character title', async () => {
    for (const slug of ['body-5mb', 'title-10k']) {
      const bad = pages.find((p) => p.slug === slug)!;
      if (!bad.expected.ok) throw new Error(`${slug} must be an article`);
      const reader = await browser.context.newPage();
      const stall = heartbeat(reader);
      const started = Date.now();
      await reader.goto(`chrome-extension://${browser.extensionId}/reader.html?id=${encodeURIComponent(bad.infoCode)}`);
      await reader.getByTestId('reader-title').waitFor({ timeout: LIMIT_MS });
      // The last paragraph before the source line is on the page.
      await reader.getByText(bad.expected.paragraphs.at(-2)!.slice(0, 30)).waitFor({ timeout: LIMIT_MS });
      const ms = Date.now() - started;
      measured.push({ slug, flow: 'reader', ms, outcome: 'shown', pageStallMs: await stall() });
      expect(ms).toBeLessThan(LIMIT_MS);
      expect(await reader.getByTestId('reader-title').textContent()).toBe(bad.expected.title);
      expect(await reader.evaluate(() => document.querySelectorAll('[data-testid="reader-body"] p').length)).toBe(
        bad.expected.paragraphs.length,
      );
      await reader.close();
    }
  });
});

/**
 * `npm run bench`: figures measured in real Chromium with the built
 * extension, printed one per line as `name: value unit` and written to
 * bench-results.json. Targets are ratios measured in one run, so that a
 * loaded machine slows both sides alike.
 *
 *   npm run bench                 everything (fills a 50,000-article library: minutes)
 *   npm run bench -- extract      only the named parts: extract, html, images, export, library, sync, stall
 *                                 (sync runs in Node against rclone: scripts/bench/sync.ts;
 *                                 stall runs the bad pages' browser test and reads its figures)
 *   BENCH_LIBRARY_SIZE=5000 …     a smaller big library, for a quick look
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { unzipSync } from 'fflate';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { bundle } from './bundle';
import { launchExtension, ROOT, type ExtensionBrowser } from './chromium';
import { fixturePage, fixturePages, serveFixture } from './fixtures';
import { measureImagesOffline } from './bench/images-offline';
import { goldenArticle, TEMPLATES } from '../tests/fixtures/share-templates/index';

interface Figure {
  name: string;
  value: number;
  unit: string;
}
const figures: Figure[] = [];
const report = (name: string, value: number, unit: string) => {
  figures.push({ name, value, unit });
  console.log(`${name}: ${value} ${unit}`);
};
const round = (value: number, digits = 3) => Number(value.toFixed(digits));
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? NaN;
const progress = (text: string) => process.stderr.write(`… ${text}\n`);

/**
 * extract.ratio_vs_readability: the worst of the seed page, the largest page
 * of the corpus, and two golden articles rendered in every share-page
 * template: the seed (with its em_media source line) and time-minutes (no
 * source line, only indented paragraphs mark its body).
 */
async function benchExtract(browser: ExtensionBrowser): Promise<void> {
  const pages = fixturePages();
  for (const page of pages) serveFixture(browser.sites, page);
  const script = await bundle('in-page.ts');
  const largest = pages.filter((p) => p.expected.ok).sort((a, b) => b.html.length - a.html.length)[0] ?? fixturePage('seed-share');
  const cases: { label: string; url: string; rounds: number; batch: number; ready?: string }[] = [
    { label: 'seed', url: fixturePage('seed-share').url, rounds: 60, batch: 10 },
    { label: 'largest', url: largest.url, rounds: 15, batch: 2 },
  ];
  for (const golden of [goldenArticle('seed-share'), goldenArticle('time-minutes')]) {
    const code = golden.input.infoCode;
    for (const template of TEMPLATES) {
      const rendered = template.render(golden.input);
      const url = `http://finews.zning.xyz/html_News/NewsShare.html?infoCode=${code}&template=${template.name}`;
      browser.sites.set(url, { body: rendered.html, contentType: 'text/html; charset=utf-8' });
      if (rendered.newsText !== undefined) {
        browser.sites.set(`http://finews.zning.xyz/NewsData/GetNewsText.do?id=${code}`, {
          body: rendered.newsText,
          contentType: 'application/json; charset=utf-8',
        });
      }
      cases.push({ label: `${template.name}_${golden.slug}`, url, rounds: 30, batch: 10, ready: rendered.fill });
    }
  }
  const ratios: number[] = [];
  for (const { label, url, rounds, batch, ready } of cases) {
    const page = await browser.context.newPage();
    await page.goto(url);
    // A late body is measured once it has arrived, as the content script reads it.
    if (ready) await page.waitForFunction((selector) => document.querySelector(`${selector} p + p`) !== null, ready);
    await page.addScriptTag({ content: script });
    const result = await page.evaluate(
      ([r, b]) => (globalThis as any).finewsBench.compare(r, b) as { extractMs: number; readabilityMs: number; ok: boolean },
      [rounds, batch],
    );
    if (!result.ok) throw new Error(`extraction failed on ${label}`);
    ratios.push(result.extractMs / result.readabilityMs);
    report(`extract.ms_${label}`, round(result.extractMs), 'ms');
    report(`readability.ms_${label}`, round(result.readabilityMs), 'ms');
    report(`extract.ratio_vs_readability_${label}`, round(result.extractMs / result.readabilityMs), 'x');
    await page.close();
  }
  report('extract.ratio_vs_readability', round(Math.max(...ratios)), 'x');
}

/**
 * Time from opening the popup to its first list drawn (the default view,
 * recently saved), the median of several opens. The first open is not
 * counted: it loads the popup's code cold, which would flatter the ratio
 * (the small library is measured first) and says nothing about the library.
 */
async function popupOpenMs(browser: ExtensionBrowser, runs = 9): Promise<number> {
  const times: number[] = [];
  for (let run = -1; run < runs; run++) {
    const page = await browser.context.newPage();
    await page.goto(`chrome-extension://${browser.extensionId}/popup.html`);
    await page.getByTestId('library-item').first().waitFor();
    // The popup marks the moment its first list was painted; times count from navigation start.
    const drawn = await page.evaluate(() => performance.getEntriesByName('finews:list-drawn')[0]?.startTime ?? NaN);
    if (run >= 0) times.push(drawn);
    await page.close();
  }
  return median(times);
}

/**
 * popup.open_ratio_50k_vs_10 (one library, grown in place: the popup opens
 * the extension's own), search.ratio_50k_vs_1k and search.ms_50k (the big
 * library against a second one of the first 1,000 articles, searched in
 * turn in the same stretch of time).
 */
async function benchLibrary(browser: ExtensionBrowser): Promise<void> {
  const big = Number(process.env.BENCH_LIBRARY_SIZE ?? 50_000);
  const page: Page = await browser.context.newPage();
  await page.goto(`chrome-extension://${browser.extensionId}/options.html`);
  // Evaluated, not injected: extension pages forbid inline scripts.
  await page.evaluate(await bundle('library-in-page.ts'));
  const fill = (from: number, to: number, name = '') =>
    page.evaluate(([a, b, n]) => (globalThis as any).finewsLibraryBench.fill(a, b, 1000, n) as Promise<number>, [from, to, name] as const);
  const QUERY = '银行 利率';
  const SMALL = 'finews-bench-1k';

  await fill(0, 10);
  const popup10 = await popupOpenMs(browser);
  progress(`filling the library to ${big} articles`);
  const fillMs = await fill(10, big);
  report('library.fill_s', round(fillMs / 1000, 1), 's');
  const popupBig = await popupOpenMs(browser);
  await fill(0, 1000, SMALL);
  const [searchBig, search1k] = await page.evaluate(
    ([q, small]) => (globalThis as any).finewsLibraryBench.compareSearch(q, 21, ['', small]) as Promise<{ ms: number; found: number }[]>,
    [QUERY, SMALL] as const,
  );
  const label = big === 50_000 ? '50k' : `${big}`;
  report('popup.open_ms_10', round(popup10, 1), 'ms');
  report(`popup.open_ms_${label}`, round(popupBig, 1), 'ms');
  report(`popup.open_ratio_${label}_vs_10`, round(popupBig / popup10), 'x');
  report('search.ms_1k', round(search1k!.ms, 2), 'ms');
  report(`search.ms_${label}`, round(searchBig!.ms, 2), 'ms');
  report(`search.ratio_${label}_vs_1k`, round(searchBig!.ms / search1k!.ms), 'x');
  report(`search.found_${label}`, searchBig!.found, 'articles');
  await page.close();
}

/**
 * The export page's own export of the whole library (the `export-all`
 * button opens it): its time from start to finished zip, the peak growth of
 * its memory (the page's heap plus its worker's, sampled together from
 * outside while it runs), the zip's size and entries.
 */
async function exportThroughPage(browser: ExtensionBrowser): Promise<{ ms: number; posts: number; peakMb: number; zipMb: number }> {
  const page = await browser.context.newPage();
  // An extension page first, so that DevTools is attached in the export page's process before its worker starts.
  await page.goto(`chrome-extension://${browser.extensionId}/options.html`);
  const workerHeap = await watchWorkerHeap(page);
  const download = browser.nextDownload(300_000);
  let finished = false;
  void download.finally(() => (finished = true)).catch(() => undefined);
  await page.goto(`chrome-extension://${browser.extensionId}/export.html?all=1`);
  // Chromium's heap size (precise with --enable-precise-memory-info).
  const heap = () => page.evaluate(() => (performance as any).memory.usedJSHeapSize as number);
  const base = await heap();
  let peak = 0;
  while (!finished) {
    const [pageHeap, worker] = await Promise.all([heap(), workerHeap()]);
    peak = Math.max(peak, pageHeap - base + worker);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  const file = await (await download).path();
  const ms = await page.evaluate(() => performance.getEntriesByName('finews:export')[0]?.duration ?? NaN);
  const zip = readFileSync(file);
  let posts = 0;
  // Counts the entries without inflating them.
  unzipSync(zip, { filter: () => (posts++, false) });
  await page.close();
  return { ms, posts, peakMb: peak / 1e6, zipMb: zip.length / 1e6 };
}

/**
 * A reader of the heap in use by the dedicated worker `page` starts (0 when
 * there is none, or it has ended): a worker has no performance.memory, so
 * this asks DevTools (Runtime.getHeapUsage), attached as the worker starts.
 */
async function watchWorkerHeap(page: Page): Promise<() => Promise<number>> {
  const cdp = await page.context().newCDPSession(page);
  let worker: string | undefined;
  let id = 0;
  const answers = new Map<number, (usedSize: number) => void>();
  cdp.on('Target.attachedToTarget', (event) => {
    if (event.targetInfo.type === 'worker') worker = event.sessionId;
  });
  cdp.on('Target.receivedMessageFromTarget', (event) => {
    const message = JSON.parse(event.message) as { id?: number; result?: { usedSize?: number } };
    if (message.id !== undefined) answers.get(message.id)?.(message.result?.usedSize ?? 0);
    answers.delete(message.id ?? -1);
  });
  await cdp.send('Target.setAutoAttach', { autoAttach: true, waitForDebuggerOnStart: false, flatten: false });
  return async () => {
    if (!worker) return 0;
    const ask = ++id;
    const answer = new Promise<number>((resolve) => {
      answers.set(ask, resolve);
      setTimeout(() => resolve(0), 500); // the worker has ended
    });
    await cdp
      .send('Target.sendMessageToTarget', { sessionId: worker, message: JSON.stringify({ id: ask, method: 'Runtime.getHeapUsage' }) })
      .catch(() => answers.get(ask)?.(0));
    return answer;
  };
}

/**
 * html.*: what the reader's two sanitizing passes and the search's text
 * extraction cost over 1,000 stored bodies (the corpus's articles, cycled),
 * for the record: the DOM-free pass runs on htmlparser2 since it replaced a
 * hand-written parser (README › Benchmark has the before and after).
 */
async function benchHtml(browser: ExtensionBrowser): Promise<void> {
  const articles = fixturePages().flatMap((p) => (p.expected.ok && p.slug !== 'large' ? [p.expected.article.html] : []));
  const bodies = Array.from({ length: 1_000 }, (_, i) => articles[i % articles.length]!);
  const page = await browser.context.newPage();
  await page.goto(`chrome-extension://${browser.extensionId}/options.html`);
  await page.evaluate(await bundle('html-in-page.ts'));
  const ms = await page.evaluate(([b, runs]) => (globalThis as any).finewsHtmlBench.run(b, runs) as Record<string, number>, [bodies, 7] as const);
  report('html.reader_first_pass_ms_1k', round(ms.firstPass!, 1), 'ms');
  report('html.reader_display_ms_1k', round(ms.display!, 1), 'ms');
  report('html.search_text_ms_1k', round(ms.searchText!, 1), 'ms');
  await page.close();
}

/** Runs of each side of the export benchmark. */
const EXPORT_RUNS = 5;

/** export.ratio_vs_convert and export.peak_mb_10k: 10,000 stored posts to a zip. */
async function benchExport(browser: ExtensionBrowser): Promise<void> {
  const size = 10_000;
  const page = await browser.context.newPage();
  await page.goto(`chrome-extension://${browser.extensionId}/options.html`);
  await page.evaluate(await bundle('library-in-page.ts'));
  await page.evaluate(await bundle('export-in-page.ts'));
  progress(`filling the library with ${size} articles`);
  await page.evaluate((n) => (globalThis as any).finewsLibraryBench.fill(0, n), size);
  type Convert = { ms: number; bodies: number };
  const convert = () => page.evaluate(() => (globalThis as any).finewsExportBench.convertOnly() as Promise<Convert>);
  // Interleaved, so that a change in machine load falls on both sides.
  const convertWithoutDom = () => page.evaluate(() => (globalThis as any).finewsExportBench.convertWithoutDom() as Promise<Convert>);
  const converted: Convert[] = [];
  const withoutDom: Convert[] = [];
  const zipped: Awaited<ReturnType<typeof exportThroughPage>>[] = [];
  type ZipOnly = { ms: number; bytes: number };
  const zipOnly = (writer: string) => page.evaluate((w) => (globalThis as any).finewsExportBench.zipOnly(w) as Promise<ZipOnly>, writer);
  const ours: ZipOnly[] = [];
  const clientZip: ZipOnly[] = [];
  for (let run = 0; run < EXPORT_RUNS; run++) {
    converted.push(await convert());
    withoutDom.push(await convertWithoutDom());
    zipped.push(await exportThroughPage(browser));
    ours.push(await zipOnly('stored'));
    clientZip.push(await zipOnly('client-zip'));
  }
  if (zipped.some((z) => z.posts !== size) || converted.some((c) => c.bodies !== size)) throw new Error('export benchmark: wrong count');
  // Best of the runs each: the least disturbed run of either side. Two
  // threads sharing two cores with the browser vary more than one thread.
  const convertMs = Math.min(...converted.map((c) => c.ms));
  const zipMs = Math.min(...zipped.map((z) => z.ms));
  report('export.ms_10k', round(zipMs, 0), 'ms');
  report('export.convert_ms_10k', round(convertMs, 0), 'ms');
  report('export.ratio_vs_convert', round(zipMs / convertMs), 'x');
  // For the record: the worker's converter (domino, no DOM) on the page's thread.
  report('export.convert_without_dom_ms_10k', round(Math.min(...withoutDom.map((c) => c.ms)), 0), 'ms');
  report('export.peak_mb_10k', round(Math.max(...zipped.map((z) => z.peakMb)), 1), 'MB');
  report('export.zip_mb_10k', round(zipped[0]!.zipMb, 1), 'MB');
  // The zip writer alone: ours against client-zip, on the same entries (lib/export/zip/stored-zip.ts cites these).
  const oursMs = Math.min(...ours.map((z) => z.ms));
  const clientZipMs = Math.min(...clientZip.map((z) => z.ms));
  report('export.zip_only_ms_10k', round(oursMs, 0), 'ms');
  report('export.zip_only_client_zip_ms_10k', round(clientZipMs, 0), 'ms');
  report('export.zip_ratio_client_zip_vs_stored', round(clientZipMs / oursMs), 'x');
  await page.close();
}

const parts = process.argv.slice(2).filter((arg) => !arg.startsWith('-'));
const wanted = (part: string) => parts.length === 0 || parts.includes(part);

if (wanted('sync')) {
  // The sync engine in Node (fake-indexeddb, rclone): loaded only when asked, it installs a global indexedDB.
  const { benchSync } = await import('./bench/sync');
  await benchSync(report, Number(process.env.BENCH_LIBRARY_SIZE ?? 50_000), progress);
}

if (wanted('stall')) {
  // The bad pages' browser test measures how long each flow stalls a main
  // thread (page, popup); it runs here in its own process and hands over its figures.
  const out = path.join(tmpdir(), `finews-stall-${process.pid}.json`);
  const run = spawnSync('npx', ['vitest', 'run', '--project', 'e2e', 'tests/e2e/bad-pages.test.ts'], {
    cwd: ROOT,
    stdio: ['ignore', 'ignore', 'inherit'],
    env: { ...process.env, FINEWS_STALL_OUT: out },
  });
  if (run.status !== 0) throw new Error('bench stall: the bad-pages browser test failed; run it alone to see why');
  const measured = JSON.parse(readFileSync(out, 'utf8')) as { pageStallMs?: number; popupStallMs?: number }[];
  const longest = (key: 'pageStallMs' | 'popupStallMs') => Math.max(...measured.map((m) => m[key] ?? 0));
  report('badpages.max_page_stall_ms', longest('pageStallMs'), 'ms');
  report('badpages.max_popup_stall_ms', longest('popupStallMs'), 'ms');
}

for (const [part, run] of [
  ['extract', benchExtract],
  ['html', benchHtml],
  ['images', async (browser: ExtensionBrowser) => report('save.images_offline', round(await measureImagesOffline(browser)), 'share')],
  ['export', benchExport],
  ['library', benchLibrary],
] as const) {
  if (!wanted(part)) continue;
  // A fresh profile per part: each starts from an empty library.
  const browser = await launchExtension();
  try {
    await run(browser);
  } finally {
    await browser.close();
  }
}

writeFileSync(path.join(ROOT, 'bench-results.json'), `${JSON.stringify(figures, null, 2)}\n`);

/**
 * `npm run bench`: figures measured in real Chromium, printed one per line as
 * `name: value unit` and written to bench-results.json. Targets are ratios
 * measured in one run, so that a loaded machine slows both sides alike.
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { build } from 'vite';
import { launchExtension, ROOT } from './chromium';
import { fixturePage, fixturePages, serveFixture } from './fixtures';

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

async function bundleInPage(): Promise<string> {
  const output = await build({
    configFile: false,
    logLevel: 'silent',
    build: {
      write: false,
      minify: true,
      lib: { entry: path.join(ROOT, 'scripts/bench/in-page.ts'), formats: ['iife'], name: 'finewsBenchBundle' },
    },
  });
  const chunks = (Array.isArray(output) ? output : [output]).flatMap((o) => ('output' in o ? o.output : []));
  const chunk = chunks.find((c) => c.type === 'chunk');
  if (!chunk || chunk.type !== 'chunk') throw new Error('bench bundle failed');
  return chunk.code;
}

const browser = await launchExtension();
try {
  const pages = fixturePages();
  for (const page of pages) serveFixture(browser.sites, page);
  const script = await bundleInPage();

  // extract.ratio_vs_readability: the seed page and the largest page of the corpus.
  const largest = pages.filter((p) => p.expected.ok).sort((a, b) => b.html.length - a.html.length)[0];
  const ratios: number[] = [];
  const measured = [['seed', fixturePage('seed-share')], ['largest', largest ?? fixturePage('seed-share')]] as const;
  for (const [label, fixture] of measured) {
    const page = await browser.context.newPage();
    await page.goto(fixture.url);
    await page.addScriptTag({ content: script });
    const rounds = label === 'seed' ? 60 : 15;
    const batch = label === 'seed' ? 10 : 2;
    const result = await page.evaluate(
      ([r, b]) => (globalThis as any).finewsBench.compare(r, b) as { extractMs: number; readabilityMs: number; ok: boolean },
      [rounds, batch],
    );
    if (!result.ok) throw new Error(`extraction failed on ${fixture.slug}`);
    const ratio = result.extractMs / result.readabilityMs;
    ratios.push(ratio);
    report(`extract.ms_${label}`, round(result.extractMs, 3), 'ms');
    report(`readability.ms_${label}`, round(result.readabilityMs, 3), 'ms');
    report(`extract.ratio_vs_readability_${label}`, round(ratio, 3), 'x');
    await page.close();
  }
  report('extract.ratio_vs_readability', round(Math.max(...ratios), 3), 'x');
} finally {
  await browser.close();
}

writeFileSync(path.join(ROOT, 'bench-results.json'), `${JSON.stringify(figures, null, 2)}\n`);

function round(value: number, digits: number): number {
  return Number(value.toFixed(digits));
}

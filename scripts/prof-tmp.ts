import path from 'node:path';
import { build } from 'vite';
import { launchExtension, ROOT } from './chromium';
async function bundle(entry: string): Promise<string> {
  const output = await build({ configFile: false, logLevel: 'silent',
    build: { write: false, minify: false, lib: { entry: path.join(ROOT, 'scripts/bench', entry), formats: ['iife'], name: 'finewsBenchBundle' } } });
  const chunks = (Array.isArray(output) ? output : [output]).flatMap((o: any) => ('output' in o ? o.output : []));
  return chunks.find((c: any) => c.type === 'chunk').code;
}
const browser = await launchExtension();
const page = await browser.context.newPage();
await page.goto(`chrome-extension://${browser.extensionId}/options.html`);
await page.evaluate(await bundle('library-in-page.ts'));
await page.evaluate(await bundle('export-in-page.ts'));
await page.evaluate((n) => (globalThis as any).finewsLibraryBench.fill(0, n), 10000);
console.log('convert', await page.evaluate(() => (globalThis as any).finewsExportBench.convertOnly()));
const s = await page.context().newCDPSession(page);
await s.send('Profiler.enable'); await s.send('Profiler.setSamplingInterval', { interval: 200 });
await s.send('Profiler.start');
const dl = browser.nextDownload(300000);
await page.goto(`chrome-extension://${browser.extensionId}/export.html?all=1`);
await dl;
console.log('export ms', await page.evaluate(() => performance.getEntriesByName('finews:export')[0]?.duration));
const { profile } = await s.send('Profiler.stop') as any;
const self = new Map<string, number>(); const dt = profile.timeDeltas; const byId = new Map(profile.nodes.map((n: any) => [n.id, n]));
profile.samples.forEach((id: number, i: number) => { const n: any = byId.get(id); const k = `${n.callFrame.functionName||'(anon)'} ${n.callFrame.url.split('/').pop()}:${n.callFrame.lineNumber}`; self.set(k, (self.get(k) ?? 0) + (dt[i] ?? 0)); });
const tot = [...self.values()].reduce((a, b) => a + b, 0);
for (const [k, v] of [...self].sort((a, b) => b[1] - a[1]).slice(0, 35)) console.log((v/1000).toFixed(0).padStart(6), 'ms', k);
console.log('total', tot/1000);
await browser.close();

/**
 * Bundled and injected into a served page by the benchmark: the extension's
 * extraction and a bare Readability, side by side in the same page.
 */
import { Readability } from '@mozilla/readability';
import { extractArticle } from '../../lib/extract/index';

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? NaN;
}

/** Interleaves the two so that drift in machine load hits both alike. Times batches: timers are coarse. */
function compare(rounds: number, batch: number): { extractMs: number; readabilityMs: number; ok: boolean } {
  const extract: number[] = [];
  const bare: number[] = [];
  let ok = true;
  for (let round = 0; round < rounds; round++) {
    let start = performance.now();
    for (let i = 0; i < batch; i++) ok = extractArticle(document, location.href).ok && ok;
    extract.push((performance.now() - start) / batch);
    start = performance.now();
    for (let i = 0; i < batch; i++) new Readability(document.cloneNode(true) as Document).parse();
    bare.push((performance.now() - start) / batch);
  }
  return { extractMs: median(extract), readabilityMs: median(bare), ok };
}

(globalThis as { finewsBench?: unknown }).finewsBench = { compare };

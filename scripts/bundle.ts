import path from 'node:path';
import { build } from 'vite';
import { ROOT } from './chromium';

/**
 * One of scripts/bench/*.ts (or a file named by its absolute path) as a
 * script to evaluate in an extension page: the benchmark and browser tests
 * drive the extension's own lib/ code there.
 */
export async function bundle(entry: string): Promise<string> {
  const output = await build({
    configFile: false,
    logLevel: 'silent',
    build: { write: false, minify: true, lib: { entry: path.resolve(ROOT, 'scripts/bench', entry), formats: ['iife'], name: 'finewsBenchBundle' } },
  });
  const chunks = (Array.isArray(output) ? output : [output]).flatMap((o) => ('output' in o ? o.output : []));
  const chunk = chunks.find((c) => c.type === 'chunk');
  if (!chunk || chunk.type !== 'chunk') throw new Error(`bundling ${entry} failed`);
  return chunk.code;
}

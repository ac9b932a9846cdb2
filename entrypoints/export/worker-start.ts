/**
 * The export page's script: small, it starts the export's worker at once
 * and only then loads the page (main.tsx), so the worker's code loads beside
 * the page's own instead of after it. The benchmark (npm run bench) times the
 * page's export from the mark set here.
 */
import type { StartedWorker } from './export-in-worker';

performance.mark('finews:export-start');

function startWorker(): StartedWorker {
  const worker = new Worker(new URL('./export-worker.ts', import.meta.url), { type: 'module' });
  let failure: string | undefined;
  // Kept from the start: the worker may fail (its code not loading) before the export listens to it.
  worker.addEventListener('error', (event) => (failure ??= event.message || 'the export worker stopped'));
  return { worker, failure: () => failure };
}

const started = startWorker();
// The page is handed the worker instead of importing it from here: this module loads the page, so the page must not import it back.
void import('./main').then(({ runExport }) => runExport(started));

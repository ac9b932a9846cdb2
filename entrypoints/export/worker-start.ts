/**
 * The export page's script: small, it starts the export's worker at once
 * and only then loads the page (main.tsx), so the worker's code loads beside
 * the page's own instead of after it. The benchmark (npm run bench) times the
 * page's export from the mark set here.
 */
performance.mark('finews:export-start');

let worker: Worker | undefined;
let failure: string | undefined;

/** The export's worker, started once; the caller ends it. */
export function exportWorker(): Worker {
  if (!worker) {
    worker = new Worker(new URL('./export-worker.ts', import.meta.url), { type: 'module' });
    // Kept from the start: the worker may fail (its code not loading) before the export listens to it.
    worker.addEventListener('error', (event) => (failure ??= event.message || 'the export worker stopped'));
  }
  return worker;
}

/** Why the worker failed, if it has. */
export function workerFailure(): string | undefined {
  return failure;
}

exportWorker();
void import('./main');

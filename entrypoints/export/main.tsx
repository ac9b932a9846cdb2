import { render } from 'preact';
import { ExportProgress, type Props } from '../../components/ExportProgress';
import { t } from '../../lib/platform/i18n';
import { saveFile } from '../../lib/platform/save-file';
import { LibraryDb } from '../../lib/library/db';
import { idsInScope, scopeFromQuery } from '../../lib/export/scope';
import { zipFileName } from '../../lib/export/zip/zip-name';
import { countArticles } from '../../lib/library/articles';
import { getSettings } from '../../lib/library/settings';
import { exportInWorker, type StartedWorker } from './export-in-worker';
import './style.css';

// Exports run in their own tab, not in the popup: a popup closes when it
// loses focus, and a library of years takes a while to zip.
const root = document.getElementById('app')!;
document.title = t('exportPageTitle');
const show = (props: Props) => render(<ExportProgress {...props} />, root);

async function run(started: StartedWorker): Promise<void> {
  try {
    const db = new LibraryDb();
    const scope = scopeFromQuery(location.search);
    // Read together: the worker waits for the first two.
    const [settings, ids, all] = await Promise.all([getSettings(db), idsInScope(db, scope), countArticles(db)]);
    const total = ids?.length ?? all;
    if (total === 0) return show({ done: 0, total: 0, empty: all === 0 ? 'library' : 'scope' });
    let done = 0;
    show({ done, total });
    // Progress is drawn a few times a second, not per batch: drawing costs the
    // page's thread, which the export needs for converting posts.
    let drawn = performance.now();
    // The zip's pieces are kept as they come and joined once, by the Blob.
    const parts: Uint8Array<ArrayBuffer>[] = [];
    const { refused } = await exportInWorker(
      started,
      ids,
      settings,
      (chunk) => parts.push(chunk as Uint8Array<ArrayBuffer>),
      (count) => {
        done = count;
        if (performance.now() - drawn < 200) return;
        show({ done, total });
        drawn = performance.now();
      },
    );
    const fileName = zipFileName(new Date());
    const zip = new Blob(parts, { type: 'application/zip' });
    performance.measure('finews:export', 'finews:export-start');
    saveFile(zip, fileName);
    show({ done, total, fileName, refused });
  } finally {
    started.worker.terminate();
  }
}

/** Runs the export with the worker that worker-start.ts, which loaded this module, started. */
export function runExport(started: StartedWorker): void {
  run(started).catch((error: unknown) => show({ done: 0, total: 0, error: t('exportFailed', String(error)) }));
}

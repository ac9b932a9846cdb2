/**
 * The options page's sync settings and the import of the blog's posts:
 * wiring only. Settings go to the extension's local storage; syncs and
 * tests run in the background (lib/platform/sync-client.ts); the import
 * runs here, on this page's library.
 */
import { useEffect, useState } from 'preact/hooks';
import { ImportPosts, type Props as ImportProps } from '../../components/ImportPosts';
import { SyncPanel, type Props as PanelProps } from '../../components/SyncPanel';
import { failureOf } from '../../lib/library/articles';
import type { LibraryDb } from '../../lib/library/db';
import { failureKey, t } from '../../lib/platform/i18n';
import { askSyncNow, askSyncStatus, askSyncTest, isView, type ViewOrFailure } from '../../lib/platform/sync-client';
import { clearSyncConfig, loadSyncConfig, requestFolderAccess, saveSyncConfig } from '../../lib/platform/sync-config';
import { importPostFiles } from '../../lib/sync/import-posts';
import { postFilesFromPicked } from '../../lib/sync/picked-files';
import { originPattern, type SyncConfig } from '../../lib/sync/url';
import { displayState, type SyncView } from '../../lib/sync/view';
import { pendingText, photosText, statusText, syncProblem } from '../../lib/platform/sync-words';

const EMPTY: SyncConfig = { url: '', user: '', password: '' };
/** How often the status is asked while a sync runs, and otherwise (syncs the background starts on its own). */
const POLL_RUNNING_MS = 1_000;
const POLL_IDLE_MS = 10_000;

export function SyncSection({ db }: { db: LibraryDb }) {
  const [config, setConfig] = useState<SyncConfig>();
  const [view, setView] = useState<SyncView>();
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<PanelProps['message']>();
  const [importing, setImporting] = useState(false);
  const [importMessage, setImportMessage] = useState<ImportProps['message']>();

  const take = (answer: ViewOrFailure) => {
    if (isView(answer)) setView(answer);
    else setMessage({ kind: 'error', text: t(failureKey(answer.reason)) });
  };
  const refresh = (countPending = false) => askSyncStatus(countPending).then(take);
  // A sync whose background stopped midway: the status (asked of a new background) says so, in a sync's words rather than a save's.
  const takeSync = (answer: ViewOrFailure) => (isView(answer) ? setView(answer) : void refresh(true));

  useEffect(() => {
    void loadSyncConfig().then((saved) => setConfig(saved ?? EMPTY));
    void refresh(true);
  }, []);
  useEffect(() => {
    const timer = setTimeout(() => void refresh(), view?.running ? POLL_RUNNING_MS : POLL_IDLE_MS);
    return () => clearTimeout(timer);
  }, [view]);

  const onSave = (next: SyncConfig) => {
    setMessage(undefined);
    if (!next.url) {
      void clearSyncConfig().then(() => (setConfig(EMPTY), setMessage({ kind: 'info', text: t('syncCleared') }), refresh()));
      return;
    }
    let host: string;
    let asked: Promise<boolean>;
    try {
      host = new URL(originPattern(next.url).replace(/\*$/, '')).host;
      // Straight from the click: the browser grants host access only in answer to the reader's action.
      asked = requestFolderAccess(next.url);
    } catch {
      setMessage({ kind: 'error', text: t('syncErrorBadUrl') });
      return;
    }
    setBusy(true);
    void asked
      .then(async (granted) => {
        if (!granted) return setMessage({ kind: 'error', text: t('syncAccessRefused', host) });
        await saveSyncConfig(next);
        setConfig(next);
        setMessage({ kind: 'info', text: t('syncSaved') });
        // The first sync with these settings, at once; the status follows it.
        setView((v) => ({ pending: v?.pending, configured: true, running: true }));
        void askSyncNow().then(takeSync);
      })
      .finally(() => setBusy(false));
  };

  const onTest = (next: SyncConfig) => {
    let asked: Promise<boolean>;
    try {
      asked = requestFolderAccess(next.url);
    } catch {
      setMessage({ kind: 'error', text: t('syncTestFailed', t('syncErrorBadUrl')) });
      return;
    }
    setBusy(true);
    setMessage({ kind: 'info', text: t('syncTesting') });
    void asked
      .then(() => askSyncTest(next))
      .then((outcome) => setMessage(outcome.ok ? { kind: 'info', text: t('syncTestOk') } : { kind: 'error', text: t('syncTestFailed', syncProblem(outcome.kind, outcome.message)) }))
      .finally(() => setBusy(false));
  };

  const onSyncNow = () => {
    setMessage(undefined);
    setView((v) => v && { ...v, running: true });
    void askSyncNow().then(takeSync);
  };

  const onImport = async (files: File[]) => {
    setImporting(true);
    setImportMessage(undefined);
    try {
      const picked = await postFilesFromPicked(files);
      const result = await importPostFiles(db, picked.files);
      setImportMessage({ kind: 'info', text: t('importPostsDone', String(result.imported.length), String(picked.skipped.length + result.skipped.length)) });
    } catch (error) {
      const failed = failureOf(error);
      if (failed.reason === 'unexpected') console.error('Finews Reader: import failed', error);
      setImportMessage({ kind: 'error', text: t('importPostsFailed', t(failureKey(failed.reason))) });
    } finally {
      setImporting(false);
      void refresh(true);
    }
  };

  return (
    <>
      {config ? (
        <SyncPanel
          config={config}
          state={displayState(view)}
          statusText={statusText(view)}
          lastAt={view?.configured ? view.last?.at : undefined}
          pendingText={pendingText(view)}
          photosText={photosText(view)}
          configured={view?.configured ?? false}
          busy={busy}
          message={message}
          onSave={onSave}
          onTest={onTest}
          onSyncNow={onSyncNow}
        />
      ) : null}
      <ImportPosts busy={importing} message={importMessage} onFiles={(files) => void onImport(files)} />
    </>
  );
}

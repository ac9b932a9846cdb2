/**
 * The options page's sync settings and the import of the blog's posts:
 * wiring only. What each button does, and its words, is
 * lib/options/sync-actions.ts; the browser's side is lib/platform/.
 */
import { useEffect, useState } from 'preact/hooks';
import { ImportPosts } from '../../components/ImportPosts';
import { SyncPanel } from '../../components/SyncPanel';
import type { LibraryDb } from '../../lib/library/db';
import { statusLine, SyncSettings, type SyncPorts, type SyncScreen } from '../../lib/options/sync-actions';
import { syncWords } from '../../lib/platform/i18n';
import { askSyncNow, askSyncStatus, askSyncTest } from '../../lib/platform/sync-client';
import { clearSyncConfig, loadSyncConfig, requestFolderAccess, saveSyncConfig } from '../../lib/platform/sync-config';

const ports: SyncPorts = {
  loadConfig: loadSyncConfig,
  saveConfig: saveSyncConfig,
  clearConfig: clearSyncConfig,
  requestAccess: requestFolderAccess,
  syncNow: askSyncNow,
  status: askSyncStatus,
  test: askSyncTest,
};

export function SyncSection({ db }: { db: LibraryDb }) {
  const [screen, setScreen] = useState<SyncScreen>({ busy: false, importing: false });
  const [settings] = useState(() => new SyncSettings(ports, syncWords, setScreen));
  useEffect(() => {
    void settings.start();
    return () => settings.stop();
  }, []);

  const { config, view, busy, message, importing, importMessage } = screen;
  const status = statusLine(view, syncWords);
  return (
    <>
      {config ? (
        <SyncPanel
          config={config}
          state={status.state}
          statusText={status.text}
          lastAt={status.lastAt}
          pendingText={status.pendingText}
          photosText={status.photosText}
          configured={status.configured}
          busy={busy}
          message={message}
          onSave={(next) => void settings.save(next)}
          onTest={(next) => void settings.test(next)}
          onSyncNow={() => void settings.syncNow()}
        />
      ) : null}
      <ImportPosts busy={importing} message={importMessage} onFiles={(files) => void settings.importPosts(db, files)} />
    </>
  );
}

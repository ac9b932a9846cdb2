/**
 * The popup's "sync now" and status line, in a root of its own below the
 * library (the popup's view stays as it is): asks the background, which
 * runs the sync, and shows the outcome.
 */
import { render } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { SyncNow } from '../../components/SyncNow';
import { syncWords } from '../../lib/platform/i18n';
import { askSyncNow, askSyncStatus } from '../../lib/platform/sync-client';
import { isView } from '../../lib/protocol/messages';
import { displayState, type SyncView } from '../../lib/sync/view';
import { photosText, statusText } from '../../lib/sync/sync-words';
import './sync-now.css';

function PopupSync() {
  const [view, setView] = useState<SyncView>();
  const ask = (request: () => ReturnType<typeof askSyncStatus>) => request().then((answer) => isView(answer) && setView(answer));
  useEffect(() => void ask(() => askSyncStatus()), []);
  useEffect(() => {
    if (!view?.running) return;
    const timer = setTimeout(() => void ask(() => askSyncStatus()), 1_000);
    return () => clearTimeout(timer);
  }, [view]);
  if (!view?.configured) return null;
  return (
    <SyncNow
      state={displayState(view)}
      statusText={statusText(view, syncWords)}
      photosText={photosText(view, syncWords.t)}
      onSyncNow={() => {
        setView({ ...view, running: true });
        void ask(askSyncNow);
      }}
    />
  );
}

const root = document.createElement('div');
root.className = 'popup-sync';
document.body.append(root);
render(<PopupSync />, root);

import { useState } from 'preact/hooks';
import { t } from '../lib/platform/i18n';
import type { SyncConfig } from '../lib/sync/url';
import type { SyncDisplayState } from '../lib/sync/view';

export interface Props {
  /** The saved settings (empty fields when none). */
  config: SyncConfig;
  /** The status line's state and words (its `data-state` is the contract). */
  state: SyncDisplayState;
  statusText: string;
  /** When the last sync ended (ms), as `data-last`: tells one sync's outcome from the one before. */
  lastAt?: number;
  /** "Changes waiting: n", when known. */
  pendingText?: string;
  /** "n photos could not be synced", when the last sync had such. */
  photosText?: string;
  configured: boolean;
  /** Saving or testing: the buttons wait. */
  busy: boolean;
  message?: { kind: 'info' | 'error'; text: string };
  onSave: (config: SyncConfig) => void;
  onTest: (config: SyncConfig) => void;
  onSyncNow: () => void;
}

/** The WebDAV folder, its credentials, "test connection", "sync now" and how the last sync went. */
export function SyncPanel(props: Props) {
  const [url, setUrl] = useState(props.config.url);
  const [user, setUser] = useState(props.config.user);
  const [password, setPassword] = useState(props.config.password);
  const [photos, setPhotos] = useState(props.config.photos === true);
  const current = () => ({ url: url.trim(), user, password, photos });
  return (
    <section class="sync" id="sync" aria-labelledby="sync-title">
      <h2 id="sync-title">{t('syncTitle')}</h2>
      <p class="hint">{t('syncIntro')}</p>
      <form
        onSubmit={(event) => {
          event.preventDefault();
          props.onSave(current());
        }}
      >
        <label>
          {t('syncUrl')}
          <input type="url" data-testid="sync-url" value={url} placeholder="https://cloud.example.com/remote.php/dav/files/me/blog/" autocomplete="url" spellcheck={false} onInput={(e) => setUrl(e.currentTarget.value)} />
        </label>
        <label>
          {t('syncUser')}
          <input type="text" data-testid="sync-user" value={user} autocomplete="username" spellcheck={false} onInput={(e) => setUser(e.currentTarget.value)} />
        </label>
        <label>
          {t('syncPassword')}
          <input type="password" data-testid="sync-password" value={password} autocomplete="current-password" onInput={(e) => setPassword(e.currentTarget.value)} />
        </label>
        <label class="inline">
          <input type="checkbox" data-testid="sync-photos" checked={photos} aria-describedby="sync-photos-hint" onChange={(e) => setPhotos(e.currentTarget.checked)} />
          {t('syncPhotos')}
        </label>
        <p class="hint" id="sync-photos-hint">
          {t('syncPhotosHint')}
        </p>
        <div class="buttons">
          <button type="submit" data-testid="sync-save" disabled={props.busy}>
            {t('syncSave')}
          </button>
          <button type="button" data-testid="sync-test" disabled={props.busy || !url.trim()} onClick={() => props.onTest(current())}>
            {t('syncTest')}
          </button>
          <button type="button" data-testid="sync-now" disabled={!props.configured || props.state === 'syncing'} onClick={props.onSyncNow}>
            {t('syncNow')}
          </button>
        </div>
      </form>
      {props.message ? (
        <p data-testid="sync-message" data-kind={props.message.kind} role={props.message.kind === 'error' ? 'alert' : 'status'}>
          {props.message.text}
        </p>
      ) : null}
      <p class="sync-status" data-testid="sync-status" data-state={props.state} data-last={props.lastAt} role="status">
        {props.statusText}
        {props.pendingText ? <span data-testid="sync-pending"> {props.pendingText}</span> : null}
        {props.photosText ? <span data-testid="sync-photos-failed"> {props.photosText}</span> : null}
      </p>
    </section>
  );
}

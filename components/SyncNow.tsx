import { t } from '../lib/platform/i18n';
import type { SyncDisplayState } from '../lib/sync/view';

export interface Props {
  state: SyncDisplayState;
  /** The last sync in words (also the button's tooltip). */
  statusText: string;
  /** "n photos could not be synced", when the last sync had such. */
  photosText?: string;
  onSyncNow: () => void;
}

/** The popup's "sync now", with how the last sync went; shown only once a sync folder is set. */
export function SyncNow({ state, statusText, photosText, onSyncNow }: Props) {
  return (
    <p class="sync-now" data-testid="sync-line" data-state={state}>
      <button type="button" data-testid="sync-now" title={statusText} disabled={state === 'syncing'} onClick={onSyncNow}>
        {t('syncNow')}
      </button>{' '}
      <span role="status">
        {statusText}
        {photosText ? <span data-testid="sync-photos-failed"> {photosText}</span> : null}
      </span>
    </p>
  );
}

import { t } from '../lib/platform/i18n';

export type SaveButtonState = 'waiting' | 'ready' | 'saving' | 'saved' | 'failed';

export interface Props {
  state: SaveButtonState;
  /** Shown under the button: why a save failed, or a note on a save that worked. */
  message?: string;
  onSave: () => void;
}

/** The small save control injected on share pages (inside a shadow root). */
export function SaveButton({ state, message, onSave }: Props) {
  const label =
    state === 'waiting' ? t('waitingBody') : state === 'saving' ? t('saving') : state === 'saved' ? t('savedInPage') : t('saveInPage');
  return (
    <div class="finews-save">
      <button
        type="button"
        data-testid="finews-save"
        data-state={state}
        aria-live="polite"
        disabled={state === 'waiting' || state === 'saving'}
        onClick={onSave}
      >
        {label}
      </button>
      {(state === 'failed' || state === 'saved') && message ? (
        <p class="finews-save-message" role={state === 'failed' ? 'alert' : 'status'} data-testid="finews-save-message">
          {message}
        </p>
      ) : null}
    </div>
  );
}

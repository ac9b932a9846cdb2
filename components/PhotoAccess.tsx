import { t } from '../lib/platform/i18n';

export interface Props {
  /** Undefined while not yet known. */
  allowed?: boolean;
  onAllow: () => void;
}

/** Whether photos on the photo server are saved with articles, and the button that allows it. */
export function PhotoAccess({ allowed, onAllow }: Props) {
  if (allowed === undefined) return null;
  return (
    <section class="photo-access" data-testid="photo-access" data-allowed={String(allowed)}>
      <h2>{t('photosTitle')}</h2>
      <p>{t(allowed ? 'photosAllowed' : 'photosNotAllowed')}</p>
      {allowed ? null : (
        <button type="button" data-testid="allow-photos" onClick={onAllow}>
          {t('photosAllow')}
        </button>
      )}
    </section>
  );
}

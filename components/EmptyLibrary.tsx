import { t } from '../lib/platform/i18n';

/** What a new user sees in place of the list: what to save, and the three ways to save it. */
export function EmptyLibrary() {
  return (
    <section class="library-empty" data-testid="library-empty" aria-labelledby="empty-title">
      <h2 id="empty-title">{t('emptyTitle')}</h2>
      <p>{t('emptyWhat')}</p>
      <ol>
        <li>{t('emptyHowPage')}</li>
        <li>{t('emptyHowPopup')}</li>
        <li>
          {t('emptyHowShortcut')} <kbd>Alt</kbd>+<kbd>Shift</kbd>+<kbd>S</kbd>
        </li>
      </ol>
    </section>
  );
}

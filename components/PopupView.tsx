import type { ArticleRecord } from '../lib/records';
import { t } from './i18n';
import { LibraryList, type Props as ListProps } from './LibraryList';
import { StatusMessage, type Props as Status } from './StatusMessage';

export interface Props extends Omit<ListProps, 'items' | 'total'> {
  items: ArticleRecord[];
  total: number;
  saving: boolean;
  status?: Status;
  optionsHref: string;
  onSave: () => void;
  onExportAll: () => void;
  onExportSelected: () => void;
}

/** The popup: save the current tab's article, then the library below. */
export function PopupView({ saving, status, optionsHref, onSave, onExportAll, onExportSelected, ...list }: Props) {
  return (
    <main class="popup">
      <header class="popup-header">
        <button type="button" class="save-article" data-testid="save-article" disabled={saving} onClick={onSave}>
          {saving ? t('saving') : t('saveArticle')}
        </button>
        {status ? <StatusMessage {...status} /> : null}
      </header>
      <LibraryList {...list} />
      <footer class="popup-footer">
        <button type="button" data-testid="export-all" disabled={list.total === 0} onClick={onExportAll}>
          {t('exportAll')}
        </button>
        {list.selected.size > 0 ? (
          <button type="button" data-testid="export-selected" onClick={onExportSelected}>
            {t('exportSelected', String(list.selected.size))}
          </button>
        ) : null}
        <a href={optionsHref} target="_blank" rel="noopener" data-testid="open-options">
          {t('settingsLink')}
        </a>
      </footer>
    </main>
  );
}

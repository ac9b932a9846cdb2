import type { ArticleRecord } from '../lib/records';
import { t } from './i18n';
import { LibraryList } from './LibraryList';
import { StatusMessage, type Props as Status } from './StatusMessage';

export interface Props {
  items: ArticleRecord[];
  total: number;
  saving: boolean;
  status?: Status;
  onSave: () => void;
  onLoadMore: () => void;
}

/** The popup: save the current tab's article, then the library below. */
export function PopupView({ items, total, saving, status, onSave, onLoadMore }: Props) {
  return (
    <main class="popup">
      <header class="popup-header">
        <button type="button" class="save-article" data-testid="save-article" disabled={saving} onClick={onSave}>
          {saving ? t('saving') : t('saveArticle')}
        </button>
        {status ? <StatusMessage {...status} /> : null}
      </header>
      <LibraryList items={items} total={total} onLoadMore={onLoadMore} />
    </main>
  );
}

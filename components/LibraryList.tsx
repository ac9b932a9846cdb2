import type { ArticleRecord } from '../lib/library/records';
import { ArticleItem, type ItemActions } from './ArticleItem';
import { t } from '../lib/platform/i18n';

export interface Props extends ItemActions {
  items: ArticleRecord[];
  selected: ReadonlySet<string>;
}

/** A flat list of articles: the search results. */
export function LibraryList({ items, selected, ...actions }: Props) {
  return (
    <section class="library" aria-label={t('libraryTitle')}>
      <p class="library-count" data-testid="search-count">
        {items.length ? t('searchResults', String(items.length)) : t('searchNone')}
      </p>
      <ul class="library-list">
        {items.map((item) => (
          <ArticleItem key={item.id} item={item} selected={selected.has(item.id)} {...actions} />
        ))}
      </ul>
    </section>
  );
}

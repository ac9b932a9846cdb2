import type { ArticleRecord } from '../lib/records';
import { formatPublished } from '../lib/time-format';
import { t } from './i18n';

export interface Props {
  items: ArticleRecord[];
  total: number;
  onLoadMore: () => void;
}

/** The saved articles, newest first: title, source, time. */
export function LibraryList({ items, total, onLoadMore }: Props) {
  if (total === 0) {
    return (
      <p class="library-empty" data-testid="library-empty">
        {t('libraryEmpty')}
      </p>
    );
  }
  return (
    <section class="library" aria-label={t('libraryTitle')}>
      <p class="library-count" data-testid="library-count">
        {t('libraryCount', String(total))}
      </p>
      <ul class="library-list">
        {items.map((item) => (
          <li key={item.id} class="library-item" data-testid="library-item" data-article-id={item.id}>
            <span class="item-title">{item.title}</span>
            <span class="item-meta">
              <span class="item-source">{item.source ?? item.site}</span>
              <time dateTime={item.publishedAt ?? new Date(item.savedAt).toISOString()}>
                {item.publishedAt ? formatPublished(item.publishedAt) : t('unknownTime')}
              </time>
            </span>
          </li>
        ))}
      </ul>
      {items.length < total ? (
        <button type="button" class="load-more" onClick={onLoadMore}>
          {t('loadMore')}
        </button>
      ) : null}
    </section>
  );
}

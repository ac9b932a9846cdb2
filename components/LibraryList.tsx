import type { ArticleRecord } from '../lib/records';
import { formatPublished } from '../lib/time-format';
import { t } from './i18n';

export interface Props {
  items: ArticleRecord[];
  total: number;
  selected: ReadonlySet<string>;
  readerHref: (id: string) => string;
  onToggle: (id: string) => void;
  onExport: (id: string) => void;
  onLoadMore: () => void;
}

/** The saved articles, newest first: title, source, time; each can be read, exported or selected. */
export function LibraryList({ items, total, selected, readerHref, onToggle, onExport, onLoadMore }: Props) {
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
            <input
              type="checkbox"
              class="item-select"
              data-testid="select-article"
              aria-label={t('selectArticle', item.title)}
              checked={selected.has(item.id)}
              onChange={() => onToggle(item.id)}
            />
            <div class="item-main">
              <a class="item-title" data-testid="open-reader" href={readerHref(item.id)} target="_blank" rel="noopener">
                {item.title}
              </a>
              <span class="item-meta">
                <span class="item-source">{item.source ?? item.site}</span>
                <time dateTime={item.publishedAt ?? new Date(item.savedAt).toISOString()}>
                  {item.publishedAt ? formatPublished(item.publishedAt) : t('unknownTime')}
                </time>
              </span>
            </div>
            <button type="button" class="item-export" data-testid="export-article" onClick={() => onExport(item.id)}>
              {t('exportArticle')}
            </button>
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

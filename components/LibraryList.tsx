import type { ListRef } from '../lib/library/neighbours';
import type { ArticleRecord } from '../lib/library/records';
import { ArticleItem, type ItemActions } from './ArticleItem';
import { t } from '../lib/platform/i18n';

export interface Props extends ItemActions {
  items: ArticleRecord[];
  selected: ReadonlySet<string>;
  /** What the list is, for assistive technology. */
  label: string;
  /** A line above the list (the search's count of matches). */
  count?: { text: string; testId: string };
  /** The article to highlight (just saved). */
  highlight?: string;
  /** The list, for the reader's previous/next; search results have none. */
  from?: ListRef;
  /** The search, whose words are marked in the titles. */
  query?: string;
  /** Set when more articles follow: the "more" button loads them. */
  onMore?: () => void;
}

/** A flat list of articles: recently saved, or the search results. */
export function LibraryList({ items, selected, label, count, highlight, from, query, onMore, ...actions }: Props) {
  return (
    <section class="library" aria-label={label}>
      {count ? (
        <p class="library-count" data-testid={count.testId} role="status">
          {count.text}
        </p>
      ) : null}
      <ul class="library-list">
        {items.map((item) => (
          <ArticleItem key={item.id} item={item} selected={selected.has(item.id)} highlighted={item.id === highlight} from={from} query={query} {...actions} />
        ))}
      </ul>
      {onMore ? (
        <button type="button" class="load-more" data-testid="load-more" onClick={onMore}>
          {t('loadMore')}
        </button>
      ) : null}
    </section>
  );
}

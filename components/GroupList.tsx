import type { Group } from '../lib/library/groups';
import type { ArticleRecord } from '../lib/library/records';
import { ArticleItem, type ItemActions } from './ArticleItem';
import { t } from '../lib/platform/i18n';

export interface Props extends ItemActions {
  groups: Group[];
  /** The hook each group is known by: the category slug, or the tag. */
  groupKey: (group: Group) => string;
  /** Loaded articles of the groups that are open; a group absent here is closed. */
  open: ReadonlyMap<string, ArticleRecord[]>;
  selected: ReadonlySet<string>;
  onToggleGroup: (group: Group) => void;
  onLoadMore: (group: Group) => void;
  onExportGroup: (group: Group) => void;
}

/** Groups (by source or by tag) with their counts; an open group lists its articles newest first. */
export function GroupList({ groups, groupKey, open, selected, onToggleGroup, onLoadMore, onExportGroup, ...actions }: Props) {
  return (
    <ul class="groups">
      {groups.map((group) => {
        const key = groupKey(group);
        const items = open.get(group.key);
        return (
          <li key={`${group.kind}:${group.key}`} class="group" data-testid="group" data-group-key={key}>
            <div class="group-head">
              <button type="button" class="group-toggle" aria-expanded={items !== undefined} onClick={() => onToggleGroup(group)}>
                <span class="group-name">{group.key}</span>
                {group.kind === 'category' && key !== group.key ? <span class="group-slug">{key}</span> : null}
                <span class="group-count" data-testid="group-count" aria-label={t('groupCountLabel', String(group.count))}>
                  {group.count}
                </span>
              </button>
              <button type="button" class="group-export" data-testid="export-group" onClick={() => onExportGroup(group)}>
                {t('exportGroup')}
              </button>
            </div>
            {items ? (
              <ul class="library-list">
                {items.map((item) => (
                  <ArticleItem key={item.id} item={item} selected={selected.has(item.id)} {...actions} />
                ))}
                {items.length < group.count ? (
                  <li>
                    <button type="button" class="load-more" onClick={() => onLoadMore(group)}>
                      {t('loadMore')}
                    </button>
                  </li>
                ) : null}
              </ul>
            ) : null}
          </li>
        );
      })}
    </ul>
  );
}

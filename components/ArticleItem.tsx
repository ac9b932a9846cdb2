import type { ArticleRecord } from '../lib/library/records';
import { t } from '../lib/platform/i18n';
import { PublishedTime } from './PublishedTime';

export interface ItemActions {
  readerHref: (id: string) => string;
  onToggleSelect: (id: string) => void;
  onExport: (id: string) => void;
  onDelete: (id: string) => void;
  onSetRead: (id: string, read: boolean) => void;
  onAddTag: (id: string, tag: string) => void;
  onRemoveTag: (id: string, tag: string) => void;
}

export interface Props extends ItemActions {
  item: ArticleRecord;
  selected: boolean;
}

/**
 * One saved article. The row itself is focusable (arrow keys move between
 * rows, Enter opens, Delete deletes); its controls are ordinary buttons.
 */
export function ArticleItem({ item, selected, readerHref, onToggleSelect, onExport, onDelete, onSetRead, onAddTag, onRemoveTag }: Props) {
  return (
    <li
      class={`library-item${item.read ? '' : ' unread'}`}
      data-testid="library-item"
      data-article-id={item.id}
      data-read={String(item.read)}
      tabIndex={-1}
    >
      <input
        type="checkbox"
        class="item-select"
        data-testid="select-article"
        aria-label={t('selectArticle', item.title)}
        checked={selected}
        onChange={() => onToggleSelect(item.id)}
      />
      <div class="item-main">
        <a class="item-title" data-testid="open-reader" href={readerHref(item.id)} target="_blank" rel="noopener">
          {item.read ? null : <span class="unread-dot" aria-label={t('unreadLabel')} title={t('unreadLabel')} />}
          {item.title}
        </a>
        <span class="item-meta">
          <span class="item-source">{item.source ?? item.site}</span>
          <PublishedTime item={item} />
          {item.edited ? (
            <span class="item-edited" data-testid="edited-mark" title={t('editedMarkTitle')}>
              {t('editedMark')}
            </span>
          ) : null}
        </span>
        <span class="item-tags">
          {item.tags.map((tag) => (
            <span key={tag} class="tag" data-testid="tag" data-tag={tag}>
              {tag}
              <button type="button" class="tag-remove" data-testid="remove-tag" aria-label={t('removeTag', tag)} onClick={() => onRemoveTag(item.id, tag)}>
                ×
              </button>
            </span>
          ))}
          <input
            class="tag-input"
            data-testid="tag-input"
            aria-label={t('tagInputLabel')}
            placeholder={t('tagInputPlaceholder')}
            onKeyDown={(event) => {
              const input = event.currentTarget;
              if (event.key === 'Enter' && input.value.trim()) {
                onAddTag(item.id, input.value.trim());
                input.value = '';
              }
              event.stopPropagation(); // typing here must not trigger list shortcuts
            }}
          />
        </span>
      </div>
      <span class="item-actions">
        <button type="button" data-testid="toggle-read" onClick={() => onSetRead(item.id, !item.read)}>
          {item.read ? t('markUnread') : t('markRead')}
        </button>
        <button type="button" data-testid="export-article" onClick={() => onExport(item.id)}>
          {t('exportArticle')}
        </button>
        <button type="button" data-testid="delete-article" onClick={() => onDelete(item.id)}>
          {t('deleteArticle')}
        </button>
      </span>
    </li>
  );
}


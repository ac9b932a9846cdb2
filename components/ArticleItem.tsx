import { useState } from 'preact/hooks';
import type { ListRef } from '../lib/library/neighbours';
import type { ArticleRecord } from '../lib/library/records';
import { highlightPieces } from '../lib/library/search/highlight';
import { automaticTag, userTags } from '../lib/library/tags';
import { t } from '../lib/platform/i18n';
import { PublishedTime } from './PublishedTime';
import { TagEditor } from './TagEditor';

export interface ItemActions {
  /** The reader's address for an article; `from` is the list it is opened from, for previous/next there. */
  readerHref: (id: string, from?: ListRef) => string;
  onToggleSelect: (id: string) => void;
  onExport: (id: string) => void;
  onDelete: (id: string) => void;
  onSetRead: (id: string, read: boolean) => void;
  onAddTag: (id: string, tag: string) => void;
  onRemoveTag: (id: string, tag: string) => void;
  /** The selection mode is on: each row shows its checkbox, and a click on the title checks it. */
  selecting?: boolean;
}

export interface Props extends ItemActions {
  item: ArticleRecord;
  selected: boolean;
  /** The article just saved: drawn highlighted. */
  highlighted?: boolean;
  /** The list this row is in, handed to the reader. */
  from?: ListRef;
  /** The search, whose words are marked in the title. */
  query?: string;
}

/**
 * One saved article, as Pocket and Instapaper draw one: the title is the
 * target, one meta line under it, two buttons in sight (read/unread and
 * "…"). The rest (select, export, tags, delete) sits in the row's menu,
 * which opens while the pointer is over "…" or focus is inside it, so Tab
 * reaches every action without a click; a click pins it open for touch.
 * The row itself is focusable (arrow keys move between rows, Enter opens,
 * Delete deletes).
 */
export function ArticleItem({ item, selected, highlighted, from, query, selecting, readerHref, onToggleSelect, onExport, onDelete, onSetRead, onAddTag, onRemoveTag }: Props) {
  const [pinned, setPinned] = useState(false);
  const mine = userTags(item);
  const classes = ['library-item', item.read ? '' : 'unread', selected ? 'selected' : '', highlighted ? 'highlighted' : ''];
  return (
    <li
      class={classes.filter(Boolean).join(' ')}
      data-testid="library-item"
      data-article-id={item.id}
      data-read={String(item.read)}
      tabIndex={-1}
    >
      {selecting ? (
        <input
          type="checkbox"
          class="row-check"
          data-testid="select-row"
          aria-label={t('selectArticle', item.title.slice(0, 60))}
          checked={selected}
          onChange={() => onToggleSelect(item.id)}
        />
      ) : null}
      <div class="item-main">
        <a
          class="item-title"
          data-testid="open-reader"
          href={readerHref(item.id, from)}
          target="_blank"
          rel="noopener"
          onClick={(event) => {
            // While choosing, a click on the title chooses; the reader opens again once the mode is left.
            if (!selecting) return;
            event.preventDefault();
            onToggleSelect(item.id);
          }}
        >
          {query ? highlightPieces(item.title, query).map((piece, i) => (piece.hit ? <mark key={i}>{piece.text}</mark> : piece.text)) : item.title}
        </a>
        <p class="item-meta">
          {item.read ? null : <span class="unread-dot" role="img" aria-label={t('unreadLabel')} title={t('unreadLabel')} />}
          <span class="item-source">{item.source ?? item.site}</span>
          <PublishedTime item={item} />
          {item.edited ? (
            <span class="item-edited" data-testid="edited-mark" title={t('editedMarkTitle')}>
              {t('editedMark')}
            </span>
          ) : null}
          {mine.map((tag) => (
            <span key={tag} class="meta-tag" data-testid="meta-tag">
              #{tag}
            </span>
          ))}
        </p>
      </div>
      <div class="item-actions">
        <button
          type="button"
          class="icon-button"
          data-testid="toggle-read"
          aria-label={item.read ? t('markUnread') : t('markRead')}
          title={item.read ? t('markUnread') : t('markRead')}
          onClick={() => onSetRead(item.id, !item.read)}
        >
          {item.read ? '○' : '✓'}
        </button>
        <div class={`item-menu${pinned ? ' pinned' : ''}`} onKeyDown={(event) => event.key === 'Escape' && setPinned(false)}>
          <button
            type="button"
            class="icon-button"
            data-testid="row-menu"
            aria-label={t('rowMenu', item.title.slice(0, 60))}
            title={t('rowMenuTitle')}
            aria-expanded={pinned}
            onClick={() => setPinned(!pinned)}
          >
            ⋯
          </button>
          <div class="menu-panel">
            <label class="menu-row">
              <input type="checkbox" data-testid="select-article" aria-label={t('selectArticle', item.title.slice(0, 60))} checked={selected} onChange={() => onToggleSelect(item.id)} />
              {t('selectShort')}
            </label>
            <button type="button" class="menu-row" data-testid="export-article" onClick={() => onExport(item.id)}>
              {t('exportArticle')}
            </button>
            <div class="menu-tags">
              <TagEditor
                tags={mine}
                fixed={automaticTag(item)}
                placeholder={t('tagInputPlaceholder')}
                onAdd={(tag) => onAddTag(item.id, tag)}
                onRemove={(tag) => onRemoveTag(item.id, tag)}
              />
            </div>
            <button type="button" class="menu-row danger" data-testid="delete-article" onClick={() => onDelete(item.id)}>
              {t('deleteArticle')}
            </button>
          </div>
        </div>
      </div>
    </li>
  );
}

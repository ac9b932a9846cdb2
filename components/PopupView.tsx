import { useEffect, useRef } from 'preact/hooks';
import type { Group, GroupKind } from '../lib/library/groups';
import type { ArticleRecord } from '../lib/library/records';
import type { ItemActions } from './ArticleItem';
import { GroupList, type Props as GroupProps } from './GroupList';
import { t } from '../lib/platform/i18n';
import { LibraryList } from './LibraryList';
import { StatusMessage, type Props as Status } from './StatusMessage';

export interface Props extends ItemActions {
  saving: boolean;
  status?: Status;
  view: GroupKind;
  groups: Group[];
  groupKey: GroupProps['groupKey'];
  open: GroupProps['open'];
  query: string;
  /** Search results; undefined while the box is empty. */
  results?: ArticleRecord[];
  selected: ReadonlySet<string>;
  /** The line under the list: counts and storage use. */
  stats: string;
  /** Whether the browser keeps the library when space runs low, in words. */
  storage: string;
  persistent?: boolean;
  /** Set when the library could not be opened (its upgrade failed): says why, in place of the library. */
  openError?: string;
  total: number;
  undoable?: string;
  optionsHref: string;
  onSave: () => void;
  onView: (view: GroupKind) => void;
  onQuery: (query: string) => void;
  onToggleGroup: (group: Group) => void;
  onLoadMore: (group: Group) => void;
  onExportGroup: (group: Group) => void;
  onUndo: () => void;
  onExportAll: () => void;
  onExportSelected: () => void;
}

const rowsOf = (root: HTMLElement) => [...root.querySelectorAll<HTMLElement>('[data-testid="library-item"]')];

/** Keyboard use without a mouse: `/` searches, arrows move between rows, Enter opens, Delete deletes. */
function onKeyDown(event: KeyboardEvent, root: HTMLElement, onDelete: (id: string) => void) {
  const target = event.target as HTMLElement;
  const typing = target.matches('input:not([type=checkbox]), textarea, select');
  if (event.key === '/' && !typing) {
    event.preventDefault();
    root.querySelector<HTMLInputElement>('[data-testid="search"]')?.focus();
    return;
  }
  if (typing && event.key !== 'ArrowDown') return;
  const rows = rowsOf(root);
  const row = target.closest<HTMLElement>('[data-testid="library-item"]');
  const at = row ? rows.indexOf(row) : -1;
  if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
    event.preventDefault();
    const next = rows[event.key === 'ArrowDown' ? Math.min(at + 1, rows.length - 1) : Math.max(at - 1, 0)];
    next?.focus();
  } else if (row && target === row && event.key === 'Enter') {
    row.querySelector<HTMLAnchorElement>('[data-testid="open-reader"]')?.click();
  } else if (row && target === row && event.key === 'Delete') {
    event.preventDefault();
    (rows[at + 1] ?? rows[at - 1])?.focus();
    onDelete(row.dataset.articleId ?? '');
  }
}

/** The popup: save the current tab's article; browse, search and manage the library. */
export function PopupView(props: Props) {
  const { saving, status, view, groups, query, results, stats, total, undoable, optionsHref, selected } = props;
  const root = useRef<HTMLElement>(null);
  const onDelete = useRef(props.onDelete);
  onDelete.current = props.onDelete;
  // On the document, not the list: focus may be on <body> (after a removed button, or at start).
  useEffect(() => {
    const listener = (event: KeyboardEvent) => root.current && onKeyDown(event, root.current, (id) => onDelete.current(id));
    document.addEventListener('keydown', listener);
    return () => document.removeEventListener('keydown', listener);
  }, []);
  return (
    <main class="popup" ref={root}>
      <header class="popup-header">
        <button type="button" class="save-article" data-testid="save-article" disabled={saving} onClick={props.onSave}>
          {saving ? t('saving') : t('saveArticle')}
        </button>
        {status ? <StatusMessage {...status} /> : null}
        <input
          type="search"
          class="search"
          data-testid="search"
          aria-label={t('searchLabel')}
          placeholder={t('searchPlaceholder')}
          value={query}
          onInput={(event) => props.onQuery(event.currentTarget.value)}
        />
        <div class="views" role="group">
          <button type="button" data-testid="view-by-category" aria-pressed={view === 'category'} onClick={() => props.onView('category')}>
            {t('viewByCategory')}
          </button>
          <button type="button" data-testid="view-by-tag" aria-pressed={view === 'tag'} onClick={() => props.onView('tag')}>
            {t('viewByTag')}
          </button>
        </div>
      </header>
      {undoable ? (
        <p class="undo-bar" role="status">
          {undoable}
          <button type="button" data-testid="undo" onClick={props.onUndo}>
            {t('undo')}
          </button>
        </p>
      ) : null}
      {props.openError ? (
        <p class="status status-error library-error" role="alert" data-testid="library-error">
          {props.openError}
        </p>
      ) : results ? (
        <LibraryList {...props} items={results} />
      ) : total === 0 ? (
        <p class="library-empty" data-testid="library-empty">
          {t('libraryEmpty')}
        </p>
      ) : (
        <GroupList {...props} groups={groups} />
      )}
      <footer class="popup-footer">
        <p class="stats" data-testid="library-stats">
          {stats}
        </p>
        {props.storage ? (
          <p class="stats" data-testid="storage-persistence" data-persistent={String(props.persistent)}>
            {props.storage}
          </p>
        ) : null}
        <button type="button" data-testid="export-all" disabled={total === 0} onClick={props.onExportAll}>
          {t('exportAll')}
        </button>
        {selected.size > 0 ? (
          <button type="button" data-testid="export-selected" onClick={props.onExportSelected}>
            {t('exportSelected', String(selected.size))}
          </button>
        ) : null}
        <a href={optionsHref} target="_blank" rel="noopener" data-testid="open-options">
          {t('settingsLink')}
        </a>
      </footer>
    </main>
  );
}

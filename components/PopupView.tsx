import { useEffect, useRef } from 'preact/hooks';
import type { Group, GroupKind } from '../lib/library/groups';
import type { ArticleRecord } from '../lib/library/records';
import type { ItemActions } from './ArticleItem';
import { GroupList, type Props as GroupProps } from './GroupList';
import { t } from '../lib/platform/i18n';
import { EmptyLibrary } from './EmptyLibrary';
import { LibraryList } from './LibraryList';
import { SelectionBar } from './SelectionBar';
import { StatusMessage, type Props as Status } from './StatusMessage';

export interface Props extends ItemActions {
  saving: boolean;
  /** Why the current tab cannot be saved (about:blank, chrome://…); the save button is disabled with it. */
  cannotSave?: string;
  status?: Status;
  view: 'recent' | GroupKind;
  /** The recently saved list, newest save first (loaded a page at a time). */
  recent: ArticleRecord[];
  recentMore: boolean;
  onLoadMoreRecent: () => void;
  /** The article just saved: drawn highlighted and scrolled into view. */
  highlight?: string;
  groups: Group[];
  groupKey: GroupProps['groupKey'];
  open: GroupProps['open'];
  query: string;
  /** Search results; undefined while the box is empty. */
  results?: ArticleRecord[];
  /** The line above the results: how many matched, how many are shown. */
  searchCount?: string;
  /** More matches follow the ones shown. */
  resultsMore?: boolean;
  onMoreResults: () => void;
  /** The selection mode is on: rows show checkboxes, a bar exports the chosen. */
  selecting: boolean;
  selected: ReadonlySet<string>;
  onSelecting: (on: boolean) => void;
  onSelectShown: (ids: string[]) => void;
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
  onView: (view: 'recent' | GroupKind) => void;
  onQuery: (query: string) => void;
  onToggleGroup: (group: Group) => void;
  onLoadMore: (group: Group) => void;
  onExportGroup: (group: Group) => void;
  onUndo: () => void;
  onExportAll: () => void;
  onExportSelected: () => void;
}

const rowsOf = (root: HTMLElement) => [...root.querySelectorAll<HTMLElement>('[data-testid="library-item"]')];

/** The first row after `target` in document order: where ↓ goes from a group header or the search box. */
function rowAfter(rows: HTMLElement[], target: HTMLElement): HTMLElement | undefined {
  return rows.find((row) => target.compareDocumentPosition(row) & Node.DOCUMENT_POSITION_FOLLOWING);
}

interface Keys {
  onDelete: (id: string) => void;
  onUndo: () => void;
  /** Set in the selection mode: Space checks the focused row, Esc leaves the mode. */
  selection?: { toggle: (id: string) => void; leave: () => void };
}

/**
 * Keyboard use without a mouse: `/` searches, arrows move between rows in the
 * order they are drawn, Home/End jump to the first/last, Enter opens, Delete
 * deletes, Ctrl+Z undoes the last delete; in the selection mode Space
 * checks the focused row and Esc leaves the mode.
 */
function onKeyDown(event: KeyboardEvent, root: HTMLElement, { onDelete, onUndo, selection }: Keys) {
  const target = event.target as HTMLElement;
  const typing = target.matches('input:not([type=checkbox]), textarea, select');
  if (event.key === '/' && !typing) {
    event.preventDefault();
    root.querySelector<HTMLInputElement>('[data-testid="search"]')?.focus();
    return;
  }
  if ((event.ctrlKey || event.metaKey) && event.key.toLowerCase() === 'z' && !typing) {
    event.preventDefault();
    onUndo();
    return;
  }
  if (typing && event.key !== 'ArrowDown') return;
  const rows = rowsOf(root);
  const row = target.closest<HTMLElement>('[data-testid="library-item"]');
  const at = row ? rows.indexOf(row) : -1;
  if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
    event.preventDefault();
    const next = at >= 0 ? rows[event.key === 'ArrowDown' ? Math.min(at + 1, rows.length - 1) : Math.max(at - 1, 0)] : rowAfter(rows, target) ?? rows[0];
    next?.focus();
  } else if ((event.key === 'Home' || event.key === 'End') && rows.length) {
    event.preventDefault();
    rows[event.key === 'Home' ? 0 : rows.length - 1]!.focus();
  } else if (selection && row && target === row && event.key === ' ') {
    event.preventDefault();
    selection.toggle(row.dataset.articleId ?? '');
  } else if (selection && event.key === 'Escape' && !target.closest('.item-menu')) {
    selection.leave();
  } else if (row && target === row && event.key === 'Enter') {
    row.querySelector<HTMLAnchorElement>('[data-testid="open-reader"]')?.click();
  } else if (row && target === row && event.key === 'Delete') {
    event.preventDefault();
    (rows[at + 1] ?? rows[at - 1])?.focus();
    onDelete(row.dataset.articleId ?? '');
  }
}

/** The rows drawn now, in order: the results, recently saved, or the open groups' articles. */
function shownIds({ results, view, recent, groups, open }: Props): string[] {
  const items = results ?? (view === 'recent' ? recent : groups.flatMap((group) => open.get(group.key) ?? []));
  return items.map((item) => item.id);
}

/** The popup: save the current tab's article; browse, search and manage the library. */
export function PopupView(props: Props) {
  const { saving, status, view, groups, query, results, stats, total, undoable, optionsHref, selected } = props;
  const root = useRef<HTMLElement>(null);
  // An empty library has nothing to search, sort or export: those controls wait for the first article.
  const empty = total === 0 && !query && !props.openError;
  const handlers = useRef(props);
  handlers.current = props;
  // On the document, not the list: focus may be on <body> (after a removed button, or at start).
  useEffect(() => {
    const listener = (event: KeyboardEvent) =>
      root.current &&
      onKeyDown(event, root.current, {
        onDelete: (id) => handlers.current.onDelete(id),
        onUndo: () => handlers.current.onUndo(),
        selection: handlers.current.selecting
          ? { toggle: (id) => handlers.current.onToggleSelect(id), leave: () => handlers.current.onSelecting(false) }
          : undefined,
      });
    document.addEventListener('keydown', listener);
    return () => document.removeEventListener('keydown', listener);
  }, []);
  // The article just saved is brought into view once its row is drawn.
  useEffect(() => {
    if (!props.highlight) return;
    root.current?.querySelector(`[data-article-id="${CSS.escape(props.highlight)}"]`)?.scrollIntoView({ block: 'nearest' });
  }, [props.highlight, props.recent, groups]);
  return (
    <main class="popup" ref={root}>
      <header class="popup-header">
        <div class="save-row">
          <h1>{t('extName')}</h1>
          <button
            type="button"
            class="save-article"
            data-testid="save-article"
            disabled={saving || !!props.cannotSave}
            aria-describedby={props.cannotSave ? 'save-reason' : undefined}
            onClick={props.onSave}
          >
            {saving ? t('saving') : t('saveArticle')}
          </button>
        </div>
        {props.cannotSave ? (
          <p class="save-reason" id="save-reason" data-testid="save-reason">
            {props.cannotSave}
          </p>
        ) : null}
        {status ? <StatusMessage {...status} /> : null}
        {empty ? null : (
        <input
          type="search"
          class="search"
          data-testid="search"
          aria-label={t('searchLabel')}
          placeholder={t('searchPlaceholder')}
          value={query}
          onInput={(event) => props.onQuery(event.currentTarget.value)}
        />
        )}
        {empty ? null : (
        <div class="views" role="group" aria-label={t('viewsLabel')}>
          <button type="button" data-testid="view-recent" aria-pressed={view === 'recent'} onClick={() => props.onView('recent')}>
            {t('viewRecent')}
          </button>
          <button type="button" data-testid="view-by-category" aria-pressed={view === 'category'} onClick={() => props.onView('category')}>
            {t('viewByCategory')}
          </button>
          <button type="button" data-testid="view-by-tag" aria-pressed={view === 'tag'} onClick={() => props.onView('tag')}>
            {t('viewByTag')}
          </button>
        </div>
        )}
      </header>
      {undoable ? (
        <p class="undo-bar" role="status">
          {undoable}
          <button type="button" data-testid="undo" onClick={props.onUndo}>
            {t('undo')}
          </button>
        </p>
      ) : null}
      {props.selecting && !props.openError ? (
        <SelectionBar
          count={selected.size}
          shown={shownIds(props)}
          onSelectShown={props.onSelectShown}
          onExportSelected={props.onExportSelected}
          onDone={() => props.onSelecting(false)}
        />
      ) : null}
      {props.openError ? (
        <p class="status status-error library-error" role="alert" data-testid="library-error">
          {props.openError}
        </p>
      ) : results ? (
        <LibraryList
          {...props}
          items={results}
          label={t('searchLabel')}
          query={query}
          count={props.searchCount === undefined ? undefined : { text: props.searchCount, testId: 'search-count' }}
          onMore={props.resultsMore ? props.onMoreResults : undefined}
        />
      ) : empty ? (
        <EmptyLibrary />
      ) : view === 'recent' ? (
        <LibraryList {...props} items={props.recent} label={t('viewRecent')} from={{ kind: 'saved', key: '' }} onMore={props.recentMore ? props.onLoadMoreRecent : undefined} />
      ) : (
        <GroupList {...props} groups={groups} kind={view} />
      )}
      <footer class="popup-footer">
        {empty ? null : (
          <p class="stats" data-testid="library-stats">
            {stats}
          </p>
        )}
        {props.storage ? (
          <p class="status status-warning" data-testid="storage-persistence" data-persistent={String(props.persistent)}>
            {props.storage}{' '}
            <a href={`${optionsHref}#backup`} target="_blank" rel="noopener" data-testid="storage-backup">
              {t('storageBackupAction')}
            </a>
          </p>
        ) : null}
        {empty ? null : (
          <button type="button" data-testid="export-all" title={t('exportAllTitle')} onClick={props.onExportAll}>
            {t('exportAll')}
          </button>
        )}
        {empty || props.selecting ? null : (
          <button type="button" data-testid="select-mode" onClick={() => props.onSelecting(true)}>
            {t('selectMode')}
          </button>
        )}
        <a href={optionsHref} target="_blank" rel="noopener" data-testid="open-options">
          {t('settingsLink')}
        </a>
      </footer>
    </main>
  );
}

import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import { failureKey, t } from '../../lib/platform/i18n';
import { openFailureReason, type LibraryDb } from '../../lib/library/db';
import { categorySlug } from '../../lib/export/post/slug';
import { listGroupArticles, listGroups, type Group, type GroupKind } from '../../lib/library/groups';
import { storageFailure } from '../../lib/library/articles';
import { addTag, deleteArticles, libraryStats, removeTag, setRead, undoDelete, type Deleted } from '../../lib/library/manage';
import type { ArticleRecord } from '../../lib/library/records';
import { searchArticles } from '../../lib/library/search/index';
import { getSettings } from '../../lib/library/settings';

const VIEW_KEY = 'finews-reader.view';
const GROUP_ARTICLES_PER_LOAD = 20;
// The newest groups open at once, so the newest articles are in view.
const OPEN_AT_START = 3;
const FIRST_GROUPS = 30;

function formatBytes(bytes: number): string {
  if (bytes < 1024 * 1024) return `${Math.max(1, Math.round(bytes / 1024))} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

/**
 * The popup's state over the library: the groups of the chosen view, the
 * articles of the open groups (loaded a page at a time), search results,
 * selection and undo. Nothing here reads every article or any body.
 */
export function useLibrary(db: LibraryDb) {
  const [view, setViewState] = useState<GroupKind>(() => (localStorage.getItem(VIEW_KEY) === 'tag' ? 'tag' : 'category'));
  const [overrides, setOverrides] = useState<Record<string, string>>({});
  const [groups, setGroups] = useState<Group[]>([]);
  const [open, setOpen] = useState<ReadonlyMap<string, ArticleRecord[]>>(new Map());
  const [query, setQuery] = useState('');
  const [results, setResults] = useState<ArticleRecord[]>();
  const [selected, setSelected] = useState<ReadonlySet<string>>(new Set());
  const [deleted, setDeleted] = useState<Deleted>();
  const [stats, setStats] = useState({ text: '', total: 0 });
  const [persistent, setPersistent] = useState<boolean>();
  /** Why the library could not be opened (a failed upgrade), in words. */
  const [openError, setOpenError] = useState<string>();
  /** Why the last change was refused (storage full…), in words. */
  const [failure, setFailure] = useState<string>();

  // A failed upgrade leaves the library as it was: say so, rather than show an empty library.
  useEffect(() => {
    db.open().catch((error: unknown) =>
      setOpenError(t('libraryOpenFailed', openFailureReason(error) ?? (error instanceof Error ? error.message : String(error)))),
    );
  }, [db]);

  // A library of years must not be evicted when the disk fills: ask once, show the answer.
  useEffect(() => {
    void navigator.storage
      ?.persisted()
      .then((already) => already || navigator.storage.persist())
      .then(setPersistent, () => setPersistent(false));
  }, []);
  // Hundreds of groups take a while to lay out: the first screenful is drawn
  // at once, the rest right after that first paint.
  const [groupLimit, setGroupLimit] = useState(FIRST_GROUPS);
  useEffect(() => {
    if (groups.length <= groupLimit) return;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const frame = requestAnimationFrame(() => {
      timer = setTimeout(() => setGroupLimit(Number.POSITIVE_INFINITY));
    });
    return () => {
      cancelAnimationFrame(frame);
      clearTimeout(timer);
    };
  }, [groups, groupLimit]);
  // Effects run once the browser has painted: the benchmark reads this mark.
  useEffect(() => {
    if (groups.length && !performance.getEntriesByName('finews:groups-drawn').length) performance.mark('finews:groups-drawn');
  }, [groups]);
  const openRef = useRef(open);
  openRef.current = open;

  const loadStats = useCallback(async () => {
    const s = await libraryStats(db);
    setStats({
      total: s.articles,
      text:
        s.bytes === undefined
          ? t('statsLineNoSize', String(s.articles), String(s.unread))
          : t('statsLine', String(s.articles), String(s.unread), formatBytes(s.bytes)),
    });
  }, [db]);

  /** Reloads the groups and every open group's loaded articles (after any change). */
  const refresh = useCallback(
    async (kind: GroupKind, openAtStart = false) => {
      const list = await listGroups(db, kind);
      const keep = openAtStart ? list.slice(0, OPEN_AT_START).map((g) => [g.key, GROUP_ARTICLES_PER_LOAD] as const) : [...openRef.current].map(([key, items]) => [key, Math.max(items.length, GROUP_ARTICLES_PER_LOAD)] as const);
      const next = new Map<string, ArticleRecord[]>();
      for (const [key, count] of keep) {
        if (list.some((g) => g.key === key)) next.set(key, await listGroupArticles(db, kind, key, 0, count));
      }
      performance.mark('finews:groups-loaded');
      setGroups(list);
      setOpen(next);
      void loadStats();
    },
    [db, loadStats],
  );

  useEffect(() => {
    void getSettings(db).then((settings) => setOverrides(settings.slugOverrides));
    // A new view opens its newest groups, as the popup does when it opens.
    void refresh(view, true);
  }, [db, view, refresh]);

  // Searches as the reader types, a moment after the last key.
  useEffect(() => {
    if (!query.trim()) return setResults(undefined);
    const timer = setTimeout(() => void searchArticles(db, query, 50).then(setResults), 120);
    return () => clearTimeout(timer);
  }, [db, query]);

  const afterChange = async () => {
    await refresh(view);
    if (query.trim()) setResults(await searchArticles(db, query, 50));
  };

  /** Runs a change of the library, then redraws; one the library refuses (storage full…) is said, never swallowed. */
  const attempt = async (change: () => Promise<unknown>) => {
    setFailure(undefined);
    try {
      await change();
      await afterChange();
    } catch (error) {
      setFailure(t(failureKey(storageFailure(error).reason)));
    }
  };

  return {
    view,
    groups: groups.length > groupLimit ? groups.slice(0, groupLimit) : groups,
    open,
    query,
    results,
    selected,
    stats: stats.text,
    storage: persistent === undefined ? '' : t(persistent ? 'storagePersistent' : 'storageNotPersistent'),
    persistent,
    openError,
    failure,
    clearFailure: () => setFailure(undefined),
    total: stats.total,
    undoable: deleted ? t('deletedCount', String(deleted.articles.length)) : undefined,
    groupKey: (group: Group) => (group.kind === 'category' ? categorySlug(group.key, overrides) : group.key),
    reload: afterChange,
    setView(next: GroupKind) {
      if (next === view) return;
      localStorage.setItem(VIEW_KEY, next);
      setOpen(new Map());
      setViewState(next);
    },
    setQuery,
    async toggleGroup(group: Group) {
      const next = new Map(open);
      if (next.has(group.key)) next.delete(group.key);
      else next.set(group.key, await listGroupArticles(db, group.kind, group.key, 0, GROUP_ARTICLES_PER_LOAD));
      setOpen(next);
    },
    async loadMore(group: Group) {
      const loaded = open.get(group.key) ?? [];
      const more = await listGroupArticles(db, group.kind, group.key, loaded.length, GROUP_ARTICLES_PER_LOAD);
      setOpen(new Map(open).set(group.key, [...loaded, ...more]));
    },
    toggleSelect(id: string) {
      const next = new Set(selected);
      if (!next.delete(id)) next.add(id);
      setSelected(next);
    },
    remove: (id: string) =>
      attempt(async () => {
        setDeleted(await deleteArticles(db, [id]));
        const next = new Set(selected);
        next.delete(id);
        setSelected(next);
      }),
    undo: async () => {
      if (!deleted) return;
      await attempt(async () => {
        await undoDelete(db, deleted);
        setDeleted(undefined);
      });
    },
    setRead: (id: string, read: boolean) => attempt(() => setRead(db, id, read)),
    addTag: (id: string, tag: string) => attempt(() => addTag(db, id, tag)),
    removeTag: (id: string, tag: string) => attempt(() => removeTag(db, id, tag)),
  };
}

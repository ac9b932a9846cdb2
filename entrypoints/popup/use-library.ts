import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import { failureKey, t } from '../../lib/platform/i18n';
import { openFailureReason, type LibraryDb } from '../../lib/library/db';
import { categorySlug } from '../../lib/export/post/slug';
import { listGroupArticles, listGroups, type Group, type GroupKind } from '../../lib/library/groups';
import { failureOf } from '../../lib/library/articles';
import { ensureRecent, listRecent } from '../../lib/library/recent';
import { withoutAutomaticTags } from '../../lib/library/tags';
import { warnAboutStorage } from '../../lib/library/storage-warning';
import { addTag, deleteArticles, libraryStats, removeTag, setRead, undoDelete, type Deleted } from '../../lib/library/manage';
import type { ArticleRecord } from '../../lib/library/records';
import { searchArticles } from '../../lib/library/search/index';
import { getSettings } from '../../lib/library/settings';

const VIEW_KEY = 'finews-reader.view';

/** The popup's views: recently saved (flat, the default), or grouped. */
export type ViewKind = 'recent' | GroupKind;
const RECENT_PER_LOAD = 30;
/** Search results shown at first, and added by each "more". */
const RESULTS_PER_LOAD = 50;
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
  const [view, setViewState] = useState<ViewKind>(() => {
    const kept = localStorage.getItem(VIEW_KEY);
    return kept === 'tag' || kept === 'category' ? kept : 'recent';
  });
  const [recent, setRecent] = useState<ArticleRecord[]>([]);
  /** The article just saved, highlighted. */
  const [highlight, setHighlight] = useState<string>();
  const [overrides, setOverrides] = useState<Record<string, string>>({});
  const [groups, setGroups] = useState<Group[]>([]);
  const [open, setOpen] = useState<ReadonlyMap<string, ArticleRecord[]>>(new Map());
  const [query, setQuery] = useState('');
  const [results, setResults] = useState<ArticleRecord[]>();
  const [resultsMore, setResultsMore] = useState(false);
  /** The newest `count` matches; one more is asked for, to know whether a "more" button is due. */
  const search = async (text: string, count: number) => {
    const found = await searchArticles(db, text, count + 1);
    setResultsMore(found.length > count);
    setResults(found.slice(0, count));
  };
  const [selected, setSelected] = useState<ReadonlySet<string>>(new Set());
  const [deleted, setDeleted] = useState<Deleted>();
  const [stats, setStats] = useState({ text: '', total: 0 });
  const [persistent, setPersistent] = useState<boolean>();
  /** Why the library could not be opened (a failed upgrade), in words. */
  const [openError, setOpenError] = useState<string>();
  /** Why the last change was refused (storage full…), in words. */
  const [failure, setFailure] = useState<string>();
  /** Says why a read or change failed; a library that could not be opened is said once, by openError. */
  const showFailure = useCallback((error: unknown) => {
    const failed = failureOf(error);
    if (failed.reason === 'unexpected') console.error('Finews Reader:', error);
    if (failed.reason !== 'upgrade') setFailure(t(failureKey(failed.reason)));
  }, []);

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
    if ((groups.length || recent.length) && !performance.getEntriesByName('finews:list-drawn').length) performance.mark('finews:list-drawn');
  }, [groups, recent]);
  const recentRef = useRef(recent);
  recentRef.current = recent;
  const openRef = useRef(open);
  openRef.current = open;
  // Groups the reader opened, kept while a delete empties one, so an undo brings it back open.
  const emptied = useRef(new Map<string, number>());

  const loadStats = useCallback(async () => {
    const s = await libraryStats(db);
    // Chrome's messages have no plurals: "1 article" is a message of its own.
    const count = s.articles === 1 ? t('articleCountOne') : t('articleCountMany', String(s.articles));
    setStats({
      total: s.articles,
      text:
        s.bytes === undefined
          ? t('statsLineNoSize', count, String(s.unread))
          : t('statsLine', count, String(s.unread), formatBytes(s.bytes)),
    });
  }, [db]);

  /** Reloads the groups and every open group's loaded articles (after any change). */
  const refresh = useCallback(
    async (kind: ViewKind, openAtStart = false) => {
      if (kind === 'recent') {
        // A library from before this list existed gets it built once.
        if (openAtStart) await ensureRecent(db);
        setRecent(await listRecent(db, 0, Math.max(recentRef.current.length, RECENT_PER_LOAD)));
        setGroups([]);
        void loadStats();
        return;
      }
      // By tag lists the reader's own tags: the automatic <source>新闻 ones only repeat the sources.
      const list = kind === 'tag' ? withoutAutomaticTags(await listGroups(db, 'tag'), await listGroups(db, 'category')) : await listGroups(db, kind);
      if (openAtStart) emptied.current.clear();
      const keep = openAtStart
        ? list.slice(0, OPEN_AT_START).map((g) => [g.key, GROUP_ARTICLES_PER_LOAD] as const)
        : [...[...openRef.current].map(([key, items]) => [key, Math.max(items.length, GROUP_ARTICLES_PER_LOAD)] as const), ...emptied.current];
      const next = new Map<string, ArticleRecord[]>();
      for (const [key, count] of keep) {
        if (list.some((g) => g.key === key)) {
          next.set(key, await listGroupArticles(db, kind, key, 0, count));
          emptied.current.delete(key);
        } else emptied.current.set(key, count);
      }
      performance.mark('finews:groups-loaded');
      setGroups(list);
      setOpen(next);
      void loadStats().catch(showFailure);
    },
    [db, loadStats, showFailure],
  );

  useEffect(() => {
    getSettings(db).then((settings) => setOverrides(settings.slugOverrides), showFailure);
    // A new view opens its newest groups, as the popup does when it opens.
    refresh(view, true).catch(showFailure);
  }, [db, view, refresh, showFailure]);

  // Searches as the reader types, a moment after the last key.
  useEffect(() => {
    if (!query.trim()) return setResults(undefined);
    const timer = setTimeout(() => void search(query, RESULTS_PER_LOAD).catch(showFailure), 120);
    return () => clearTimeout(timer);
  }, [db, query, showFailure]);

  const afterChange = async () => {
    await refresh(view);
    if (query.trim()) await search(query, Math.max(results?.length ?? 0, RESULTS_PER_LOAD));
  };

  /** Runs a change of the library, then redraws; one the library refuses (storage full…) is said, never swallowed. */
  const attempt = async (change: () => Promise<unknown>) => {
    setFailure(undefined);
    try {
      await change();
      await afterChange();
    } catch (error) {
      showFailure(error);
    }
  };

  return {
    view,
    recent,
    recentMore: recent.length < stats.total,
    async loadMoreRecent() {
      const more = await listRecent(db, recent.length, RECENT_PER_LOAD);
      setRecent([...recent, ...more]);
    },
    groups: groups.length > groupLimit ? groups.slice(0, groupLimit) : groups,
    open,
    query,
    results,
    resultsMore,
    moreResults: () => search(query, (results?.length ?? 0) + RESULTS_PER_LOAD),
    selected,
    stats: stats.text,
    // Said only when it matters: refused, with a library worth a backup.
    storage: warnAboutStorage(persistent, stats.total) ? t('storageNotPersistent') : '',
    persistent,
    openError,
    failure,
    clearFailure: () => setFailure(undefined),
    total: stats.total,
    undoable: deleted ? t('deletedCount', String(deleted.articles.length)) : undefined,
    groupKey: (group: Group) => (group.kind === 'category' ? categorySlug(group.key, overrides) : group.key),
    reload: () => afterChange().catch(showFailure),
    highlight,
    /** After a save: "recently saved", where the article now comes first, with it highlighted. */
    showSaved(id: string) {
      setHighlight(id);
      setQuery('');
      if (view === 'recent') void afterChange().catch(showFailure);
      // Not remembered: the reader's chosen view comes back next time.
      else setViewState('recent');
    },
    setView(next: ViewKind) {
      if (next === view) return;
      localStorage.setItem(VIEW_KEY, next);
      setOpen(new Map());
      setViewState(next);
    },
    setQuery,
    async toggleGroup(group: Group) {
      try {
        const next = new Map(open);
        if (next.has(group.key)) next.delete(group.key);
        else next.set(group.key, await listGroupArticles(db, group.kind, group.key, 0, GROUP_ARTICLES_PER_LOAD));
        setOpen(next);
      } catch (error) {
        showFailure(error);
      }
    },
    async loadMore(group: Group) {
      try {
        const loaded = open.get(group.key) ?? [];
        const more = await listGroupArticles(db, group.kind, group.key, loaded.length, GROUP_ARTICLES_PER_LOAD);
        setOpen(new Map(open).set(group.key, [...loaded, ...more]));
      } catch (error) {
        showFailure(error);
      }
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
    /** Puts the last deleted articles back; resolves to their ids (for focus). */
    undo: async (): Promise<string[]> => {
      if (!deleted) return [];
      await attempt(async () => {
        await undoDelete(db, deleted);
        setDeleted(undefined);
      });
      return deleted.articles.map((a) => a.record.id);
    },
    setRead: (id: string, read: boolean) => attempt(() => setRead(db, id, read)),
    addTag: (id: string, tag: string) => attempt(() => addTag(db, id, tag)),
    removeTag: (id: string, tag: string) => attempt(() => removeTag(db, id, tag)),
  };
}

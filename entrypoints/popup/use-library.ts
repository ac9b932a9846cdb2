import { useEffect, useMemo, useState } from 'preact/hooks';
import { failureKey, t } from '../../lib/platform/i18n';
import { openFailureReason, type LibraryDb } from '../../lib/library/db';
import { warnAboutStorage } from '../../lib/library/storage-warning';
import { PopupLibrary } from '../../lib/popup/popup-library';
import { viewFromStored } from '../../lib/popup/state';
import { searchCountLine, statsLine } from '../../lib/popup/words';

const VIEW_KEY = 'finews-reader.view';
// Hundreds of groups take a while to lay out: the first screenful is drawn at once, the rest after the first paint.
const FIRST_GROUPS = 30;
/** Searches a moment after the last key. */
const TYPING_PAUSE_MS = 120;

/**
 * Wires the popup to lib/popup/popup-library.ts: one PopupLibrary for the
 * popup's life, its state as Preact state, and what only a page has
 * (localStorage, persistent storage, frames, the benchmark's mark).
 */
export function useLibrary(db: LibraryDb) {
  const library = useMemo(
    () =>
      new PopupLibrary(db, {
        keep: { get: () => viewFromStored(localStorage.getItem(VIEW_KEY)), set: (view) => localStorage.setItem(VIEW_KEY, view) },
        log: (error) => console.error('Finews Reader:', error),
      }),
    [db],
  );
  const [state, setState] = useState(library.state);
  useEffect(() => {
    const stop = library.subscribe(setState);
    void library.start();
    return stop;
  }, [library]);

  /** Why the library could not be opened (a failed upgrade), in words. */
  const [openError, setOpenError] = useState<string>();
  // A failed upgrade leaves the library as it was: say so, rather than show an empty library.
  useEffect(() => {
    db.open().catch((error: unknown) =>
      setOpenError(t('libraryOpenFailed', openFailureReason(error) ?? (error instanceof Error ? error.message : String(error)))),
    );
  }, [db]);

  const [persistent, setPersistent] = useState<boolean>();
  // A library of years must not be evicted when the disk fills: ask once, show the answer.
  useEffect(() => {
    void navigator.storage
      ?.persisted()
      .then((already) => already || navigator.storage.persist())
      .then(setPersistent, () => setPersistent(false));
  }, []);

  const [groupLimit, setGroupLimit] = useState(FIRST_GROUPS);
  useEffect(() => {
    if (state.groups.length <= groupLimit) return;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const frame = requestAnimationFrame(() => {
      timer = setTimeout(() => setGroupLimit(Number.POSITIVE_INFINITY));
    });
    return () => {
      cancelAnimationFrame(frame);
      clearTimeout(timer);
    };
  }, [state.groups, groupLimit]);

  // Effects run once the browser has painted: the benchmark reads this mark.
  useEffect(() => {
    if ((state.groups.length || state.recent.length) && !performance.getEntriesByName('finews:list-drawn').length) performance.mark('finews:list-drawn');
  }, [state.groups, state.recent]);

  useEffect(() => {
    if (!state.query.trim()) return;
    const timer = setTimeout(() => void library.search(), TYPING_PAUSE_MS);
    return () => clearTimeout(timer);
  }, [library, state.query]);

  const total = state.stats?.articles ?? 0;
  return {
    library,
    state,
    groups: state.groups.length > groupLimit ? state.groups.slice(0, groupLimit) : state.groups,
    recentMore: state.recent.length < total,
    resultsMore: state.found !== undefined && state.found.shown < state.found.count,
    searchCount: state.found && searchCountLine(state.found, t),
    stats: state.stats ? statsLine(state.stats, t) : '',
    // Said only when it matters: refused, with a library worth a backup.
    storage: warnAboutStorage(persistent, total) ? t('storageNotPersistent') : '',
    persistent,
    openError,
    failure: state.failure && t(failureKey(state.failure)),
    total,
    undoable: state.deleted ? t('deletedCount', String(state.deleted.articles.length)) : undefined,
  };
}

/**
 * The popup's state over the library, without the popup: the chosen view
 * and its lists (loaded a page at a time), which groups stay open, search
 * results and their count, the selection mode, undo, the counts under the
 * list, and the last refused change. The popup's hook (entrypoints/popup)
 * subscribes and draws; everything it decides lives here, in plain Node, so
 * it is tested with fake-indexeddb. Nothing here reads every article or any
 * body.
 */
import { failureOf } from '../library/articles';
import type { LibraryDb } from '../library/db';
import { listGroupArticles, listGroups, type Group } from '../library/groups';
import { addTag, deleteArticles, libraryStats, removeTag, setRead, undoDelete, type StorageEstimate } from '../library/manage';
import { ensureRecent, listRecent } from '../library/recent';
import type { ArticleRecord } from '../library/records';
import { searchPage } from '../library/search/index';
import { getSettings } from '../library/settings';
import { withoutAutomaticTags } from '../library/tags';
import { categorySlug } from '../export/post/slug';
import { GROUP_PAGE, keptOpen, type Emptied } from './open-groups';
import { toggled, without, withShown } from './selection';
import { RECENT_PER_LOAD, RESULTS_PER_LOAD, viewFromStored, type PopupState, type ViewKind } from './state';
import { shownFailure } from './words';

export interface Options {
  /** Where the chosen view is kept between openings (localStorage in the popup). */
  keep?: { get(): string | null; set(view: ViewKind): void };
  /** How a bug (an unexpected error) is logged. */
  log?: (error: unknown) => void;
  estimate?: StorageEstimate;
}

export class PopupLibrary {
  private current: PopupState;
  private readonly listeners = new Set<(state: PopupState) => void>();
  /** Groups the reader opened, kept while a delete empties one, so an undo brings it back open. */
  private readonly emptied: Emptied = new Map();
  /** Bumped by every new search: an older one that answers late is dropped. */
  private searchRun = 0;

  constructor(
    private readonly db: LibraryDb,
    private readonly options: Options = {},
  ) {
    this.current = {
      view: viewFromStored(options.keep?.get()),
      recent: [],
      groups: [],
      open: new Map(),
      query: '',
      selecting: false,
      selected: new Set(),
      slugOverrides: {},
    };
  }

  get state(): PopupState {
    return this.current;
  }

  subscribe(listener: (state: PopupState) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private set(patch: Partial<PopupState>): void {
    this.current = { ...this.current, ...patch };
    for (const listener of this.listeners) listener(this.current);
  }

  /** Says why a read or change failed; a bug is logged too, since the popup only says that one happened. */
  private fail(error: unknown): void {
    const { reason } = failureOf(error);
    if (reason === 'unexpected') (this.options.log ?? console.error)(error);
    const shown = shownFailure(reason);
    if (shown) this.set({ failure: shown });
  }

  /** Runs a read; a refused one is said, never swallowed nor thrown at the caller. */
  private async guard(read: () => Promise<void>): Promise<void> {
    try {
      await read();
    } catch (error) {
      this.fail(error);
    }
  }

  /** First load: the settings' slugs and the chosen view, its newest groups open. */
  start(): Promise<void> {
    // Together: the first list is drawn without waiting for the settings.
    return this.guard(async () => {
      await Promise.all([
        getSettings(this.db).then((settings) => this.set({ slugOverrides: settings.slugOverrides })),
        this.refresh(this.current.view, true),
      ]);
    });
  }

  /** Reloads the view and every open group's loaded articles (after any change). */
  private async refresh(kind: ViewKind, openAtStart = false): Promise<void> {
    if (kind === 'recent') {
      // A library from before this list existed gets it built once.
      if (openAtStart) await ensureRecent(this.db);
      const recent = await listRecent(this.db, 0, Math.max(this.current.recent.length, RECENT_PER_LOAD));
      this.set({ recent, groups: [], open: new Map() });
    } else {
      // By tag lists the reader's own tags: the automatic <source>新闻 ones only repeat the sources.
      const list =
        kind === 'tag' ? withoutAutomaticTags(await listGroups(this.db, 'tag'), await listGroups(this.db, 'category')) : await listGroups(this.db, kind);
      if (openAtStart) this.emptied.clear();
      const wanted = keptOpen(list, this.current.open, this.emptied, openAtStart);
      const open = new Map<string, ArticleRecord[]>();
      for (const [key, count] of wanted) open.set(key, await listGroupArticles(this.db, kind, key, 0, count));
      this.set({ groups: list, open });
    }
    await this.loadStats();
  }

  private async loadStats(): Promise<void> {
    this.set({ stats: await libraryStats(this.db, this.options.estimate) });
  }

  /** After a change: the view, and the search's results as far as they were loaded. */
  private async afterChange(): Promise<void> {
    await this.refresh(this.current.view);
    if (this.current.query.trim()) await this.runSearch(this.current.query, Math.max(this.current.results?.length ?? 0, RESULTS_PER_LOAD));
  }

  /** Runs a change of the library, then redraws; one the library refuses (storage full…) is said. */
  private async change(run: () => Promise<unknown>): Promise<void> {
    this.set({ failure: undefined });
    await this.guard(async () => {
      await run();
      await this.afterChange();
    });
  }

  reload(): Promise<void> {
    return this.guard(() => this.afterChange());
  }

  clearFailure(): void {
    if (this.current.failure) this.set({ failure: undefined });
  }

  setView(view: ViewKind): Promise<void> {
    if (view === this.current.view) return Promise.resolve();
    this.options.keep?.set(view);
    this.set({ view, open: new Map() });
    // A new view opens its newest groups, as the popup does when it opens.
    return this.guard(() => this.refresh(view, true));
  }

  /** After a save: "recently saved", where the article now comes first, highlighted; not remembered as the chosen view. */
  showSaved(id: string): Promise<void> {
    const wasRecent = this.current.view === 'recent';
    this.set({ highlight: id, query: '', results: undefined, found: undefined, view: 'recent' });
    return this.guard(() => this.refresh('recent', !wasRecent));
  }

  loadMoreRecent(): Promise<void> {
    return this.guard(async () => {
      const more = await listRecent(this.db, this.current.recent.length, RECENT_PER_LOAD);
      this.set({ recent: [...this.current.recent, ...more] });
    });
  }

  toggleGroup(group: Group): Promise<void> {
    return this.guard(async () => {
      const open = new Map(this.current.open);
      if (open.has(group.key)) open.delete(group.key);
      else open.set(group.key, await listGroupArticles(this.db, group.kind, group.key, 0, GROUP_PAGE));
      this.set({ open });
    });
  }

  loadMore(group: Group): Promise<void> {
    return this.guard(async () => {
      const loaded = this.current.open.get(group.key) ?? [];
      const more = await listGroupArticles(this.db, group.kind, group.key, loaded.length, GROUP_PAGE);
      this.set({ open: new Map(this.current.open).set(group.key, [...loaded, ...more]) });
    });
  }

  /** The box's text; an empty box drops the results at once (the search itself runs when the typing pauses). */
  setQuery(query: string): void {
    this.set(query.trim() ? { query } : { query, results: undefined, found: undefined });
    if (!query.trim()) this.searchRun++;
  }

  search(): Promise<void> {
    return this.guard(() => this.runSearch(this.current.query, RESULTS_PER_LOAD));
  }

  moreResults(): Promise<void> {
    return this.guard(() => this.runSearch(this.current.query, (this.current.results?.length ?? 0) + RESULTS_PER_LOAD));
  }

  /** The newest `count` matches and how many there are; a search overtaken by newer typing is dropped. */
  private async runSearch(query: string, count: number): Promise<void> {
    const run = ++this.searchRun;
    if (!query.trim()) return this.set({ results: undefined, found: undefined });
    const page = await searchPage(this.db, query, count);
    if (run !== this.searchRun) return;
    this.set({ results: page.articles, found: { shown: page.articles.length, count: Math.max(page.count, page.articles.length), exact: page.exact } });
  }

  /** Selection mode: rows become checkable; leaving it forgets the choice. */
  setSelecting(selecting: boolean): void {
    this.set({ selecting, selected: new Set() });
  }

  toggleSelect(id: string): void {
    // Choosing a row from its menu turns the mode on, so the choice is seen.
    this.set({ selected: toggled(this.current.selected, id), selecting: true });
  }

  selectShown(ids: string[]): void {
    this.set({ selected: withShown(this.current.selected, ids) });
  }

  remove(id: string): Promise<void> {
    return this.change(async () => {
      const deleted = await deleteArticles(this.db, [id]);
      this.set({ deleted, selected: without(this.current.selected, id) });
    });
  }

  /** Puts the last deleted articles back; resolves to their ids (for focus). */
  async undo(): Promise<string[]> {
    const deleted = this.current.deleted;
    if (!deleted) return [];
    await this.change(async () => {
      await undoDelete(this.db, deleted);
      this.set({ deleted: undefined });
    });
    return deleted.articles.map((a) => a.record.id);
  }

  setRead(id: string, read: boolean): Promise<void> {
    return this.change(() => setRead(this.db, id, read));
  }

  addTag(id: string, tag: string): Promise<void> {
    return this.change(() => addTag(this.db, id, tag));
  }

  removeTag(id: string, tag: string): Promise<void> {
    return this.change(() => removeTag(this.db, id, tag));
  }

  /** The hook a group is known by: the category slug, or the tag. */
  groupKey(group: Group): string {
    return group.kind === 'category' ? categorySlug(group.key, this.current.slugOverrides) : group.key;
  }
}

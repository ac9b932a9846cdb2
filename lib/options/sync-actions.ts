/**
 * The options page's sync settings without the page: saving them (after
 * asking for the folder's host), testing the connection, "sync now", the
 * import of the blog's posts, and the status kept fresh by polling. Each
 * outcome ends in a line in the reader's words. The browser's side comes in
 * as ports (lib/platform/sync-config.ts, sync-client.ts), so this runs in
 * Node and is unit-tested; the page only draws what `show` is handed.
 */
import type { LibraryDb } from '../library/db';
import { failureOf } from '../library/articles';
import { isView, type SyncTestOutcome, type ViewOrFailure } from '../protocol/messages';
import { importPostFiles } from '../sync/import-posts';
import { postFilesFromPicked, type PickedFile } from '../sync/picked-files';
import { REAL_TIMERS, type Timers } from '../sync/schedule';
import { pendingText, photosText, statusText, syncProblem, type SyncWords } from '../sync/sync-words';
import { originPattern, type SyncConfig } from '../sync/url';
import { displayState, type SyncDisplayState, type SyncView } from '../sync/view';
import type { Line } from './option-actions';

/** What the page needs of the browser. */
export interface SyncPorts {
  loadConfig(): Promise<SyncConfig | undefined>;
  saveConfig(config: SyncConfig): Promise<void>;
  clearConfig(): Promise<void>;
  /** Asks for the folder's host; false when refused. Called before any await, so the browser sees the reader's click. */
  requestAccess(url: string): Promise<boolean>;
  syncNow(): Promise<ViewOrFailure>;
  status(countPending: boolean): Promise<ViewOrFailure>;
  test(config: SyncConfig): Promise<SyncTestOutcome>;
}

/** What the page shows. */
export interface SyncScreen {
  /** The saved settings (empty fields when none); undefined until read. */
  config?: SyncConfig;
  view?: SyncView;
  /** Saving or testing: the buttons wait. */
  busy: boolean;
  /** The outcome of the reader's last action. */
  message?: Line;
  importing: boolean;
  importMessage?: Line;
}

/** The status line as the panel draws it; `state` is the `data-state` contract (idle|syncing|ok|error). */
export interface StatusLine {
  state: SyncDisplayState;
  text: string;
  lastAt?: number;
  pendingText?: string;
  photosText?: string;
  configured: boolean;
}

export const EMPTY_CONFIG: SyncConfig = { url: '', user: '', password: '' };
/** How often the status is asked while a sync runs, and otherwise (syncs the background starts on its own). */
export const POLL_RUNNING_MS = 1_000;
export const POLL_IDLE_MS = 10_000;

export function statusLine(view: SyncView | undefined, words: SyncWords): StatusLine {
  return {
    state: displayState(view),
    text: statusText(view, words),
    lastAt: view?.configured ? view.last?.at : undefined,
    pendingText: pendingText(view, words.t),
    photosText: photosText(view, words.t),
    configured: view?.configured ?? false,
  };
}

export class SyncSettings {
  private screen: SyncScreen = { busy: false, importing: false };
  private timer: unknown;
  private stopped = false;

  constructor(
    private readonly ports: SyncPorts,
    private readonly words: SyncWords,
    private readonly show: (screen: SyncScreen) => void,
    private readonly timers: Timers = REAL_TIMERS,
  ) {}

  /** Reads the saved settings and the status (with the changes waiting), then keeps the status fresh. */
  async start(): Promise<void> {
    await Promise.all([this.ports.loadConfig().then((saved) => this.set({ config: saved ?? EMPTY_CONFIG })), this.refresh(true)]);
  }

  /** Stops polling (the page is closing). */
  stop(): void {
    this.stopped = true;
    this.timers.clearTimeout(this.timer);
  }

  /** Asks the status again; `countPending` also counts the changes waiting (it reads every article). */
  refresh(countPending = false): Promise<void> {
    return this.ports.status(countPending).then((answer) => this.take(answer));
  }

  /**
   * Saves the form: an empty address turns sync off; otherwise the folder's
   * host must be allowed first, then the first sync starts at once.
   */
  save(next: SyncConfig): Promise<void> {
    this.set({ message: undefined });
    if (!next.url) return this.clear();
    let host: string;
    let asked: Promise<boolean>;
    try {
      host = new URL(originPattern(next.url).replace(/\*$/, '')).host;
      // Straight from the click: the browser grants host access only in answer to the reader's action.
      asked = this.ports.requestAccess(next.url);
    } catch {
      this.set({ message: this.error(this.words.t('syncErrorBadUrl')) });
      return Promise.resolve();
    }
    this.set({ busy: true });
    return asked
      .then(async (granted) => {
        if (!granted) return this.set({ message: this.error(this.words.t('syncAccessRefused', host)) });
        await this.ports.saveConfig(next);
        // The first sync with these settings, at once; the status follows it.
        this.set({ config: next, message: this.info(this.words.t('syncSaved')), view: { pending: this.screen.view?.pending, configured: true, running: true } });
        void this.ports.syncNow().then((answer) => this.takeSync(answer));
      })
      .catch((error: unknown) => this.saveFailed(error))
      .finally(() => this.set({ busy: false }));
  }

  /** Tests the form's values, saved or not, where syncs run (the background). */
  test(next: SyncConfig): Promise<void> {
    const { t } = this.words;
    let asked: Promise<boolean>;
    try {
      originPattern(next.url);
      asked = this.ports.requestAccess(next.url);
    } catch {
      this.set({ message: this.error(t('syncTestFailed', t('syncErrorBadUrl'))) });
      return Promise.resolve();
    }
    this.set({ busy: true, message: this.info(t('syncTesting')) });
    // Refused access is not ended here: the background's test then names it (syncErrorPermission).
    return asked
      .then(() => this.ports.test(next))
      .then((outcome) => this.set({ message: outcome.ok ? this.info(t('syncTestOk')) : this.error(t('syncTestFailed', syncProblem(t, outcome.kind, outcome.message))) }))
      .finally(() => this.set({ busy: false }));
  }

  syncNow(): Promise<void> {
    this.set({ message: undefined, view: this.screen.view && { ...this.screen.view, running: true } });
    return this.ports.syncNow().then((answer) => this.takeSync(answer));
  }

  /** Imports the blog's posts the reader picked into `db`; what came in and what was left out, in words. */
  async importPosts(db: LibraryDb, picked: readonly PickedFile[]): Promise<void> {
    const { t, reason } = this.words;
    this.set({ importing: true, importMessage: undefined });
    try {
      const read = await postFilesFromPicked(picked);
      const result = await importPostFiles(db, read.files);
      this.set({ importMessage: this.info(t('importPostsDone', String(result.imported.length), String(read.skipped.length + result.skipped.length))) });
    } catch (error) {
      const failed = failureOf(error);
      if (failed.reason === 'unexpected') console.error('Finews Reader: import failed', error);
      this.set({ importMessage: this.error(t('importPostsFailed', reason(failed.reason))) });
    } finally {
      this.set({ importing: false });
      void this.refresh(true);
    }
  }

  private clear(): Promise<void> {
    return this.ports
      .clearConfig()
      .then(() => {
        this.set({ config: EMPTY_CONFIG, message: this.info(this.words.t('syncCleared')) });
        return this.refresh();
      })
      .catch((error: unknown) => this.saveFailed(error));
  }

  /** The browser refused to store the settings (storage full…), in words. */
  private saveFailed(error: unknown): void {
    this.set({ message: this.error(this.words.t('syncSaveFailed', this.words.reason(failureOf(error).reason))) });
  }

  /**
   * A sync's answer. None (its background stopped midway, or never answered):
   * the status, asked again (of a new background), says what became of the
   * sync in a sync's words (interrupted, lib/sync/state.ts lastSync), not a save's.
   */
  private takeSync(answer: ViewOrFailure): void | Promise<void> {
    if (isView(answer)) return this.take(answer);
    return this.refresh(true);
  }

  private take(answer: ViewOrFailure): void {
    // A view sets the next ask's pace (set polls); after a failed ask too, the next one may find the background back.
    if (isView(answer)) return this.set({ view: answer });
    this.set({ message: this.error(this.words.reason(answer.reason)) });
    this.poll();
  }

  /** Asks the status again after a while: soon while a sync runs. */
  private poll(): void {
    this.timers.clearTimeout(this.timer);
    if (this.stopped) return;
    this.timer = this.timers.setTimeout(() => void this.refresh(), this.screen.view?.running ? POLL_RUNNING_MS : POLL_IDLE_MS);
  }

  private set(patch: Partial<SyncScreen>): void {
    this.screen = { ...this.screen, ...patch };
    // A new status sets the pace: a running sync is followed closely.
    if ('view' in patch) this.poll();
    if (!this.stopped) this.show(this.screen);
  }

  private info = (text: string): Line => ({ kind: 'info', text });
  private error = (text: string): Line => ({ kind: 'error', text });
}

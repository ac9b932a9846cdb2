/**
 * Sync in the background: the only place syncs run, one at a time
 * (SyncScheduler), after `sync-now`, a few seconds after each save or
 * change, and on an alarm while a folder is set. Saving and reading never
 * wait for it: syncs write the library in their own short transactions.
 */
import { browser } from 'wxt/browser';
import type { LibraryDb } from '../../library/db';
import { hasFolderAccess, loadSyncConfig, onSyncConfigChange } from '../sync-config';
import type { Handlers } from '../../protocol/dispatch';
import { syncNow, syncStatus, testConnection } from '../../sync/run';
import { lastSync } from '../../sync/state';
import { SyncScheduler } from '../../sync/schedule';
import type { LastSync } from '../../sync/state';
import { originPattern } from '../../sync/url';
import { newerLast, type SyncView } from '../../sync/view';

const ALARM = 'finews-sync';
/** Between syncs while the browser runs; a change syncs sooner (CHANGE_DELAY_MS). */
const PERIOD_MINUTES = 15;
/** After a save or change: long enough for a burst of edits to make one sync. */
export const CHANGE_DELAY_MS = 3_000;
const NO_ACCESS = "The browser has not allowed access to the sync folder's host.";

export interface BackgroundSync {
  handlers: Pick<Handlers, 'sync-now' | 'sync-test' | 'sync-status' | 'library-changed'>;
  /** A save or change happened: sync in a few seconds. */
  changed(): void;
}

export function startBackgroundSync(db: LibraryDb): BackgroundSync {
  // An attempt that never reached the engine (no access to the host, no folder): the engine records the rest.
  let attempt: LastSync | undefined;
  let pending: number | undefined;

  const run = async (): Promise<void> => {
    const config = await loadSyncConfig();
    if (!config) return;
    if (!(await hasFolderAccess(config.url))) {
      attempt = { at: Date.now(), state: 'error', kind: 'permission', message: NO_ACCESS };
      return;
    }
    attempt = undefined;
    await syncNow(db, config);
    // Counted once per sync (from the change log, or the whole library before a first sync), so the status can be asked often at no cost.
    pending = (await syncStatus(db)).pending;
  };
  const scheduler = new SyncScheduler(() =>
    run().catch((error: unknown) => {
      // syncNow never throws; this is a bug, and says so without the settings.
      console.error('Finews Reader: sync failed', error instanceof Error ? error.message : String(error));
      attempt = { at: Date.now(), state: 'error', kind: 'server', message: String((error as Error)?.message ?? error) };
    }),
  );

  const view = async (countPending = false): Promise<SyncView> => {
    const configured = (await loadSyncConfig()) !== undefined;
    if (!configured) return { configured, running: false };
    const running = scheduler.running;
    // Counted after each sync (run) and when a page opens (countPending), never while a sync writes: before a first sync it reads every article.
    if (countPending && !running) pending = (await syncStatus(db)).pending;
    // With no sync running here, one that started and never ended was stopped with the worker that ran it.
    const last = newerLast(await lastSync(db, running), attempt);
    return { configured, running, ...(pending !== undefined && { pending }), ...(last && { last }) };
  };

  const setAlarm = async (configured: boolean) => {
    if (!configured) return void (await browser.alarms.clear(ALARM));
    // Created again, an alarm starts its period over: a worker woken more often than that would never see it fire.
    if (!(await browser.alarms.get(ALARM))) await browser.alarms.create(ALARM, { periodInMinutes: PERIOD_MINUTES });
  };
  browser.alarms.onAlarm.addListener((alarm) => {
    if (alarm.name === ALARM) void scheduler.now();
  });
  // The options page syncs at once after saving (sync-now); here the alarm follows the settings.
  onSyncConfigChange((config) => {
    attempt = undefined;
    void setAlarm(config !== undefined);
  });
  void loadSyncConfig().then((config) => setAlarm(config !== undefined));

  return {
    changed: () => scheduler.soon(CHANGE_DELAY_MS),
    handlers: {
      'sync-now': async () => {
        await scheduler.now();
        return view();
      },
      'sync-status': ({ countPending }) => view(countPending),
      // The folder's answer only; the credentials are used for this request and forgotten.
      'sync-test': async ({ config }) => {
        try {
          originPattern(config.url);
        } catch (error) {
          return { ok: false, kind: 'bad-url', message: (error as Error).message };
        }
        if (!(await hasFolderAccess(config.url))) return { ok: false, kind: 'permission', message: NO_ACCESS };
        return testConnection(config);
      },
      'library-changed': async () => {
        scheduler.soon(CHANGE_DELAY_MS);
      },
    },
  };
}

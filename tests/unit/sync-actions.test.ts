// The options page's sync flow without the page (lib/options/sync-actions.ts):
// every outcome ends in a line in the reader's words, in Chinese and in
// English, and what is refused is neither saved nor synced.
import { useTestDb } from './helpers';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { POLL_IDLE_MS, POLL_RUNNING_MS, statusLine, SyncSettings, type SyncPorts, type SyncScreen } from '../../lib/options/sync-actions';
import type { SyncTestOutcome, ViewOrFailure } from '../../lib/protocol/messages';
import type { Timers } from '../../lib/sync/schedule';
import type { SyncConfig } from '../../lib/sync/url';
import type { SyncView } from '../../lib/sync/view';
import { localeWords, type Locale } from '../locale-words';

const db = useTestDb('sync-actions');
const LOCALES: Locale[] = ['zh_CN', 'en'];
const HAN = /\p{Script=Han}/u;
const CONFIG: SyncConfig = { url: 'https://cloud.example.com/remote.php/dav/files/me/blog/', user: 'me', password: 'secret' };
const DONE: SyncView = { configured: true, running: false, pending: 0, last: { at: 1_700_000_000_000, state: 'ok' } };

/** A line a reader can read in `locale`: no message key or placeholder left, and in that language. */
function expectWords(text: string | undefined, locale: Locale) {
  expect(text).toBeTruthy();
  expect(text).not.toMatch(/\$|\b(sync|error|import)[A-Z]\w+/);
  if (locale === 'zh_CN') expect(text).toMatch(HAN);
  else expect(text!.replace(/新闻|文库/g, '')).not.toMatch(HAN);
}

/** The browser's side, as a test sets it up; records what was asked. */
function fakePorts(overrides: Partial<SyncPorts> = {}) {
  const calls: string[] = [];
  const saved: SyncConfig[] = [];
  const ports: SyncPorts = {
    loadConfig: async () => undefined,
    saveConfig: async (config) => void saved.push(config),
    clearConfig: async () => void calls.push('clear'),
    requestAccess: async (url) => (calls.push(`access ${url}`), true),
    syncNow: async () => (calls.push('sync'), DONE),
    status: async () => ({ configured: false, running: false }),
    test: async () => ({ ok: true }),
    ...overrides,
  };
  return { ports, calls, saved };
}

/** Timers fired by hand; what is pending, with its delay. */
function manualTimers() {
  const pending = new Map<number, { fn: () => void; ms: number }>();
  let next = 0;
  const timers: Timers = {
    setTimeout: (fn, ms) => (pending.set(++next, { fn, ms }), next),
    clearTimeout: (handle) => void pending.delete(handle as number),
  };
  return { timers, delays: () => [...pending.values()].map((p) => p.ms) };
}

function settingsWith(ports: SyncPorts, locale: Locale, timers = manualTimers().timers) {
  const screens: SyncScreen[] = [];
  const settings = new SyncSettings(ports, localeWords(locale), (screen) => screens.push(screen), timers);
  const last = () => screens.at(-1)!;
  return { settings, screens, last };
}

describe.each(LOCALES)('sync settings, in %s', (locale) => {
  const { t } = localeWords(locale);

  it('saves after the folder\'s host is allowed, asked straight from the click, then syncs at once', async () => {
    const { ports, calls, saved } = fakePorts();
    const { settings, last } = settingsWith(ports, locale);
    const saving = settings.save(CONFIG);
    // Before any await: the browser grants only in answer to the reader's action.
    expect(calls).toEqual([`access ${CONFIG.url}`]);
    expect(last().busy).toBe(true);
    await saving;
    expect(saved).toEqual([CONFIG]);
    expect(last().message).toEqual({ kind: 'info', text: t('syncSaved') });
    expectWords(last().message?.text, locale);
    expect(last().config).toEqual(CONFIG);
    expect(last().busy).toBe(false);
    await Promise.resolve();
    expect(calls).toContain('sync');
    expect(last().view).toEqual(DONE);
    const status = statusLine(last().view, localeWords(locale));
    expect(status.state).toBe('ok');
    expectWords(status.text, locale);
  });

  it('saves nothing when the browser refuses access, and names the host', async () => {
    const { ports, calls, saved } = fakePorts({ requestAccess: async () => false });
    const { settings, last } = settingsWith(ports, locale);
    await settings.save(CONFIG);
    expect(saved).toEqual([]);
    expect(calls).not.toContain('sync');
    expect(last().message).toEqual({ kind: 'error', text: t('syncAccessRefused', 'cloud.example.com') });
    expect(last().message!.text).toContain('cloud.example.com');
    expectWords(last().message!.text, locale);
    expect(last().busy).toBe(false);
  });

  it('refuses an address sync would not use (plain http beyond this computer, credentials in it) without asking or saving', async () => {
    for (const url of ['http://cloud.example.com/blog/', 'ftp://cloud.example.com/', 'https://me:secret@cloud.example.com/blog/', 'not an address']) {
      const { ports, calls, saved } = fakePorts();
      const { settings, last } = settingsWith(ports, locale);
      await settings.save({ ...CONFIG, url });
      expect(calls, url).toEqual([]);
      expect(saved, url).toEqual([]);
      expect(last().message, url).toEqual({ kind: 'error', text: t('syncErrorBadUrl') });
      expectWords(last().message!.text, locale);
      await settings.test({ ...CONFIG, url });
      expect(last().message, url).toEqual({ kind: 'error', text: t('syncTestFailed', t('syncErrorBadUrl')) });
      expect(calls, url).toEqual([]);
    }
    // http is fine on this computer (a local rclone, a test server); https anywhere.
    for (const url of ['http://localhost:8080/blog/', 'http://127.0.0.1:9000/', 'https://dav.example.org/x']) {
      const { ports, saved } = fakePorts();
      const { settings, last } = settingsWith(ports, locale);
      await settings.save({ ...CONFIG, url });
      expect(saved.map((c) => c.url), url).toEqual([url]);
      expect(last().message?.kind, url).toBe('info');
    }
  });

  it('says why a save could not be stored (storage full), and that nothing was saved', async () => {
    const full = () => Promise.reject(new DOMException('The quota has been exceeded.', 'QuotaExceededError'));
    const { ports, calls } = fakePorts({ saveConfig: full });
    const { settings, last } = settingsWith(ports, locale);
    await settings.save(CONFIG);
    expect(calls).not.toContain('sync');
    expect(last().message).toEqual({ kind: 'error', text: t('syncSaveFailed', t('errorQuota')) });
    expectWords(last().message!.text, locale);
    expect(last().busy).toBe(false);
  });

  it('turns sync off when the address is emptied', async () => {
    const { ports, calls } = fakePorts();
    const { settings, last } = settingsWith(ports, locale);
    await settings.save({ url: '', user: '', password: '' });
    expect(calls).toEqual(['clear']);
    expect(last().message).toEqual({ kind: 'info', text: t('syncCleared') });
    expectWords(last().message!.text, locale);
    expect(last().config?.url).toBe('');
  });

  it('tests the connection: a pass, and each failure in words (the server\'s own detail only where no sentence says it)', async () => {
    const outcomes: [SyncTestOutcome, string][] = [
      [{ ok: true }, t('syncTestOk')],
      [{ ok: false, kind: 'auth', message: 'HTTP 401 Unauthorized' }, t('syncTestFailed', t('syncErrorAuth'))],
      [{ ok: false, kind: 'unreachable', message: 'fetch failed' }, t('syncTestFailed', t('syncErrorUnreachable'))],
      [{ ok: false, kind: 'permission', message: 'no host permission' }, t('syncTestFailed', t('syncErrorPermission'))],
      [{ ok: false, kind: 'server', message: 'HTTP 500' }, t('syncTestFailed', `${t('syncErrorServer')} (HTTP 500)`)],
    ];
    for (const [outcome, expected] of outcomes) {
      const { ports, calls, saved } = fakePorts({ test: async () => outcome });
      const { settings, last, screens } = settingsWith(ports, locale);
      const testing = settings.test(CONFIG);
      expect(calls).toEqual([`access ${CONFIG.url}`]);
      expect(screens.at(-1)?.message).toEqual({ kind: 'info', text: t('syncTesting') });
      await testing;
      expect(last().message).toEqual({ kind: outcome.ok ? 'info' : 'error', text: expected });
      expectWords(last().message!.text, locale);
      expect(last().busy).toBe(false);
      // A test saves nothing and starts no sync.
      expect(saved).toEqual([]);
      expect(calls).not.toContain('sync');
    }
  });

  it('syncs now, showing it running at once; a sync whose background stopped is said to be interrupted, in words', async () => {
    let answer: ViewOrFailure = DONE;
    let status: SyncView = { ...DONE, last: undefined };
    const { ports } = fakePorts({ syncNow: async () => answer, status: async () => status });
    const { settings, last, screens } = settingsWith(ports, locale);
    await settings.start();
    const syncing = settings.syncNow();
    expect(statusLine(screens.at(-1)!.view, localeWords(locale)).state).toBe('syncing');
    await syncing;
    expect(statusLine(last().view, localeWords(locale)).state).toBe('ok');

    // No answer (the worker stopped mid-sync): the status of the background that starts next says the sync stopped midway, not that a save failed.
    answer = { ok: false, reason: 'interrupted', message: 'The message port closed before a response was received.' };
    status = { configured: true, running: false, pending: 2, last: { at: 2, state: 'error', kind: 'interrupted', message: 'stopped' } };
    await settings.syncNow();
    expect(last().message).toBeUndefined();
    const line = statusLine(last().view, localeWords(locale));
    expect(line).toMatchObject({ state: 'error', pendingText: t('syncPending', '2') });
    expect(line.text).toContain(t('syncErrorInterrupted'));
    expectWords(line.text, locale);
    // When the status cannot be asked either, that is said.
    ports.status = async () => ({ ok: false, reason: 'interrupted', message: 'no answer within 45 s' });
    await settings.syncNow();
    expect(last().message).toEqual({ kind: 'error', text: t('errorInterrupted') });

    const failed = statusLine({ configured: true, running: false, last: { at: 1, state: 'error', kind: 'auth', message: 'HTTP 401' } }, localeWords(locale));
    expect(failed.state).toBe('error');
    expect(failed.text).toContain(t('syncErrorAuth'));
    expectWords(failed.text, locale);
    expect(statusLine(undefined, localeWords(locale))).toMatchObject({ state: 'idle', text: t('syncStateOff'), configured: false });
  });

  it('imports the blog\'s posts the reader picked, and says what came in and what was left out', async () => {
    const post = readFileSync(join(import.meta.dirname, '..', 'fixtures', 'posts', 'seed', 'expected.md'));
    const file = (name: string, bytes: Uint8Array) => ({ name, size: bytes.byteLength, arrayBuffer: async () => bytes.slice().buffer as ArrayBuffer });
    const { ports } = fakePorts();
    const { settings, last } = settingsWith(ports, locale);
    await settings.importPosts(db(), [file('2022-02-10-NW202202102271830933.md', post), file('2022-02-11-broken.md', new TextEncoder().encode('not a post'))]);
    expect(last().importMessage).toEqual({ kind: 'info', text: t('importPostsDone', '1', '1') });
    expectWords(last().importMessage!.text, locale);
    expect(last().importing).toBe(false);
    expect(await db().articles.count()).toBe(1);
  });
});

describe('the status is kept fresh', () => {
  it('asks again soon while a sync runs, less often otherwise, and not after the page closes', async () => {
    const { timers, delays } = manualTimers();
    let view: SyncView = { configured: true, running: true };
    const { ports } = fakePorts({ status: async () => view });
    const { settings } = settingsWith(ports, 'en', timers);
    await settings.start();
    expect(delays()).toEqual([POLL_RUNNING_MS]);
    view = DONE;
    await settings.refresh();
    expect(delays()).toEqual([POLL_IDLE_MS]);
    settings.stop();
    expect(delays()).toEqual([]);
    await settings.refresh();
    expect(delays()).toEqual([]);
  });
});

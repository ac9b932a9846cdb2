// The pure parts of sync's wiring: who may ask the background to sync, the
// scheduler (one sync at a time, debounced, nothing lost), the status the
// pages show, the words of every failure, and the files picked for import.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { zipSync, strToU8 } from 'fflate';
import { describe, expect, it, vi } from 'vitest';
import { message } from '../../lib/protocol/messages';
import { receive, type Sender } from '../../lib/protocol/senders';
import { syncErrorKey } from '../../lib/sync/sync-words';

// Every kind a sync can end with: the engine's (lib/sync/store.ts), the background's own two, and a sync stopped midway (lib/sync/state.ts).
const SYNC_ERROR_KINDS = ['bad-url', 'unreachable', 'timeout', 'auth', 'forbidden', 'not-found', 'conflict', 'full', 'too-large', 'corrupt', 'server', 'library', 'permission', 'not-configured', 'interrupted'];
import { postFilesFromPicked, type PickedFile } from '../../lib/sync/picked-files';
import { SyncScheduler, type Timers } from '../../lib/sync/schedule';
import { folderUrl, originPattern, SYNC_HOST_MATCHES } from '../../lib/sync/url';
import { displayState, newerLast } from '../../lib/sync/view';

const SELF = { id: 'finews-id', origin: 'chrome-extension://finews-id/' };
const options: Sender = { id: SELF.id, url: `${SELF.origin}options.html` };
const contentScript: Sender = { id: SELF.id, url: 'http://finews.zning.xyz/html_News/NewsShare.html?infoCode=NW202202102271830933', tab: { id: 7 }, frameId: 0 };
const SYNC = ['sync-now', 'sync-test', 'sync-status', 'library-changed'] as const;
const CONFIG = { url: 'https://dav.example.com/blog/', user: 'me', password: 'secret' };

describe('sync messages', () => {
  it('are taken from the extension\'s own pages only', () => {
    const all = [message('sync-now', {}), message('sync-status', { countPending: true }), message('library-changed', {}), message('sync-test', { config: CONFIG })];
    for (const msg of all) {
      expect(receive(msg, options, SELF, SYNC).kind, msg.type).toBe('accept');
      for (const sender of [contentScript, { ...options, id: 'other-extension' }, { id: SELF.id, url: 'https://evil.example/options.html' }]) {
        expect(receive(msg, sender, SELF, SYNC), `${msg.type} from ${JSON.stringify(sender)}`).toMatchObject({ kind: 'refuse', failure: { reason: 'forbidden' } });
      }
    }
  });

  it('refuse a sync-test without whole settings, and never echo the password in the refusal', () => {
    const refused = receive({ type: 'sync-test', config: { url: CONFIG.url, password: 'secret' } }, options, SELF, SYNC);
    expect(refused).toMatchObject({ kind: 'refuse', failure: { reason: 'invalid-input' } });
    expect(JSON.stringify(refused)).not.toContain('secret');
    const extra = receive({ type: 'sync-test', config: { ...CONFIG, token: 'x' } }, options, SELF, SYNC);
    expect(extra).toMatchObject({ kind: 'refuse', failure: { reason: 'invalid-input' } });
    expect(JSON.stringify(extra)).not.toContain('secret');
  });
});

describe('the folder\'s host permission', () => {
  it('asks for the one origin, always among what the manifest lists as optional', () => {
    const patterns = ['https://cloud.example.com/remote.php/dav/files/me/blog', 'http://127.0.0.1:8080/blog/', 'http://localhost:9000/x/'].map(originPattern);
    expect(patterns).toEqual(['https://cloud.example.com/*', 'http://127.0.0.1/*', 'http://localhost/*']);
    const covered = (pattern: string) => SYNC_HOST_MATCHES.some((m) => m === pattern || (m === 'https://*/*' && pattern.startsWith('https://')));
    for (const pattern of patterns) expect(covered(pattern), pattern).toBe(true);
    expect(() => originPattern('http://cloud.example.com/blog/')).toThrow(/https/);
    expect(folderUrl('https://cloud.example.com/blog').href).toBe('https://cloud.example.com/blog/');
  });
});

/** Timers the test fires by hand. */
function manualTimers() {
  const pending = new Map<number, () => void>();
  let next = 0;
  const timers: Timers = {
    setTimeout: (fn) => (pending.set(++next, fn), next),
    clearTimeout: (handle) => void pending.delete(handle as number),
  };
  const fire = () => {
    const due = [...pending.values()];
    pending.clear();
    due.forEach((fn) => fn());
  };
  return { timers, fire, count: () => pending.size };
}

function deferred() {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}

describe('SyncScheduler', () => {
  it('runs one sync at a time; asking while one runs gives one more after it, shared by every asker', async () => {
    const gates = [deferred(), deferred()];
    let runs = 0;
    let running = 0;
    let most = 0;
    const scheduler = new SyncScheduler(async () => {
      const n = runs++;
      most = Math.max(most, ++running);
      await gates[n]!.promise;
      running--;
      return n;
    });
    const first = scheduler.now();
    expect(scheduler.running).toBe(true);
    const second = scheduler.now();
    const third = scheduler.now();
    expect(runs).toBe(1);
    gates[0]!.resolve();
    expect(await first).toBe(0);
    gates[1]!.resolve();
    expect(await second).toBe(1);
    expect(await third).toBe(1);
    expect(runs).toBe(2);
    expect(most).toBe(1);
    expect(scheduler.running).toBe(false);
  });

  it('debounces: a burst of changes makes one sync, after the last', async () => {
    const { timers, fire, count } = manualTimers();
    const run = vi.fn(async () => 'done');
    const scheduler = new SyncScheduler(run, timers);
    scheduler.soon(3000);
    scheduler.soon(3000);
    scheduler.soon(3000);
    expect(count()).toBe(1);
    expect(run).not.toHaveBeenCalled();
    fire();
    await Promise.resolve();
    expect(run).toHaveBeenCalledTimes(1);
  });

  it('keeps going after a sync that failed', async () => {
    let n = 0;
    const scheduler = new SyncScheduler(async () => {
      if (n++ === 0) throw new Error('boom');
      return 'ok';
    });
    await expect(scheduler.now()).rejects.toThrow('boom');
    expect(await scheduler.now()).toBe('ok');
  });
});

describe('the status shown', () => {
  const at = 1_700_000_000_000;
  it('says idle with no folder or before the first sync, syncing while one runs, then how the last ended', () => {
    expect(displayState(undefined)).toBe('idle');
    expect(displayState({ configured: false, running: true, pending: 0, last: { at, state: 'ok' } })).toBe('idle');
    expect(displayState({ configured: true, running: false, pending: 3 })).toBe('idle');
    expect(displayState({ configured: true, running: true, pending: 0, last: { at, state: 'error' } })).toBe('syncing');
    expect(displayState({ configured: true, running: false, pending: 0, last: { at, state: 'ok' } })).toBe('ok');
    expect(displayState({ configured: true, running: false, pending: 0, last: { at, state: 'error', kind: 'auth' } })).toBe('error');
  });

  it('takes the newer of the engine\'s outcome and an attempt that never reached it', () => {
    const ok = { at, state: 'ok' as const };
    const refused = { at: at + 1, state: 'error' as const, kind: 'permission' };
    expect(newerLast(ok, refused)).toBe(refused);
    expect(newerLast(refused, { ...ok, at: at + 2 })).toEqual({ ...ok, at: at + 2 });
    expect(newerLast(undefined, ok)).toBe(ok);
    expect(newerLast(ok, undefined)).toBe(ok);
  });
});

describe('the words of every sync failure', () => {
  const dir = path.resolve(import.meta.dirname, '../../public/_locales');
  const load = (locale: string) => JSON.parse(readFileSync(path.join(dir, locale, 'messages.json'), 'utf8')) as Record<string, { message: string }>;
  it('has its own sentence for each kind, in Chinese and English', () => {
    const keys = SYNC_ERROR_KINDS.map(syncErrorKey);
    expect(new Set(keys).size).toBe(SYNC_ERROR_KINDS.length);
    for (const locale of ['zh_CN', 'en']) {
      const messages = load(locale);
      for (const key of keys) expect(messages[key]?.message, `${locale} ${key}`).toBeTruthy();
    }
    expect(load('zh_CN')[syncErrorKey('auth')]!.message).toContain('401');
    expect(syncErrorKey('something-new')).toBe('syncErrorServer');
  });
});

const file = (name: string, text: string | Uint8Array, webkitRelativePath = ''): PickedFile => {
  const bytes = typeof text === 'string' ? strToU8(text) : text;
  return { name, webkitRelativePath, size: bytes.length, arrayBuffer: async () => bytes.slice().buffer };
};

describe('files picked for import', () => {
  const post = '---\nlayout: post\ntitle: t\n---\nbody\n';
  it('reads posts, a folder of them (other files ignored) and zips; names what it cannot take', async () => {
    const zip = zipSync({ '_posts/2022-02-10-NW1.md': strToU8(post), '_posts/readme.txt': strToU8('x') });
    const picked = await postFilesFromPicked([
      file('2022-03-01-NW2.md', post),
      file('2022-03-02-NW3.md', post, '_posts/2022-03-02-NW3.md'),
      file('cover.jpg', 'jpg', '_posts/cover.jpg'),
      file('notes.md', 'x', '_posts/notes.md'),
      file('posts.zip', zip),
      file('broken.zip', 'not a zip'),
    ]);
    expect(picked.files.map((f) => f.name.split('/').pop()).sort()).toEqual(['2022-02-10-NW1.md', '2022-03-01-NW2.md', '2022-03-02-NW3.md']);
    expect(picked.skipped).toHaveLength(2);
    expect(picked.skipped[0]).toContain('_posts/notes.md');
    expect(picked.skipped[1]).toContain('broken.zip');
  });
});

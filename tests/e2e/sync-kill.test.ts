/**
 * The service worker stopped in the middle of a sync (issue 14's fault
 * list), in real Chromium with the built extension against a real
 * `rclone serve webdav` on 127.0.0.1. A proxy in front of the server holds
 * one chosen request (a shard's PUT, a post's PUT) until DevTools has closed
 * the worker's target, so the stop lands mid-sync at a known request, with
 * no sleeps; then the held request goes on to the server whole, or cut
 * half-way, as a stopped upload may. Each time:
 * - the options page does not stay on "syncing": it says the sync was
 *   interrupted, and so does a freshly opened one;
 * - the library is exactly as it was (nothing lost, nothing half-written);
 * - the next "sync now" ends ok, every shard in the folder parses and holds
 *   every article, and `_posts/` equal the export byte for byte.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseShard, shardOfFile } from '../../lib/sync/shard';
import { startFaultProxy, type FaultProxy } from '../sync/fault-proxy';
import type { DavServer } from '../sync/servers';
import { launchChromiumDriver, type ChromiumDriver } from './driver/chromium-driver';
import type { Tab } from './driver/driver';
import { backupFile } from './generated-library';
import { dumpLibrary, libraryProblems, type LibraryDump } from './library-check';
import { exportAll, fillSync, rcloneBlogFolder, outcomeAfter, postsOnDisk, STATUS, syncNow, until, type Credentials } from './sync-steps';
import { stopServiceWorker } from './worker';

const locale = (name: string) =>
  JSON.parse(readFileSync(path.join(import.meta.dirname, '../../public/_locales/zh_CN/messages.json'), 'utf8'))[name].message as string;
const INTERRUPTED = locale('syncErrorInterrupted');

const SHARD_PUT = (method: string, at: string) => method === 'PUT' && /\/\.finews\/shards\/[0-9a-f]{2}\.jsonl$/.test(at);
const POST_PUT = (method: string, at: string) => method === 'PUT' && /\/_posts\/[^/]+\.md$/.test(at);

let server: DavServer;
let proxy: FaultProxy;
let driver: ChromiumDriver;
let folder: Credentials;
let folderDir: string;
let options: Tab;

beforeAll(async () => {
  ({ server, folderDir } = await rcloneBlogFolder());
  proxy = await startFaultProxy(server.root);
  folder = { url: `${proxy.root}blog/`, user: server.user, password: server.password };
  driver = await launchChromiumDriver({ photoAccess: false });
  await driver.useLocalServer(new URL(proxy.root).origin);
  options = await driver.openExtensionPage('options.html');
}, 90_000);

afterAll(async () => {
  await driver?.close();
  await proxy?.stop();
  await server?.stop();
});

/**
 * Restores a backup of `count` generated articles through the options page:
 * changes the next sync pushes, and a restore starts that sync by itself
 * a few seconds later.
 */
async function restore(count: number, prefix: string): Promise<void> {
  await driver.pageOf(options).getByTestId('restore-file').setInputFiles({
    name: 'finews-library.jsonl',
    mimeType: 'application/x-ndjson',
    buffer: Buffer.from(backupFile(count, prefix, Date.parse('2025-03-01T00:00:00Z'))),
  });
}

/** Holds the `nth` request (from 1) that `match` names, until released; `arrived` names it. */
function holdNth(match: (method: string, at: string) => boolean, nth: number, cut: boolean) {
  let seen = 0;
  let arrived!: (request: string) => void;
  let release!: () => void;
  const hold = new Promise<void>((resolve) => (release = resolve));
  const held = { arrived: new Promise<string>((resolve) => (arrived = resolve)), release: () => ((proxy.rule = () => undefined), release()) };
  proxy.rule = (method, at) => {
    if (!match(method, at) || ++seen !== nth) return undefined;
    arrived(`${method} ${at}`);
    return { hold, cut };
  };
  return held;
}

const sameLibrary = (dump: LibraryDump) => ({
  articles: [...dump.articles].sort((a, b) => a.id.localeCompare(b.id)),
  bodies: [...dump.bodies].sort((a, b) => a.id.localeCompare(b.id)),
});

/** Every shard on the server's disk parses; the ids they hold. */
function idsInShards(): string[] {
  const dir = path.join(folderDir, '.finews', 'shards');
  return readdirSync(dir)
    .filter((name) => shardOfFile(name))
    .flatMap((name) => [...parseShard(shardOfFile(name)!, readFileSync(path.join(dir, name), 'utf8')).articles.keys()])
    .sort();
}

/**
 * With a sync about to start (`start`), stops the worker while the chosen
 * request is held, then checks the status, the library, and that the next
 * "sync now" ends ok with the folder whole.
 */
async function stopMidSync(start: () => Promise<void>, match: (method: string, at: string) => boolean, nth: number, cut: boolean): Promise<string> {
  const page = driver.pageOf(options);
  const since = await options.attribute(STATUS, 'data-last');
  const held = holdNth(match, nth, cut);
  await start();
  const request = await held.arrived;
  // The library as it stands with the sync stopped at this request; the sync writes it only after its shard's commit.
  const before = await dumpLibrary(page);
  await stopServiceWorker(driver.harness);
  held.release();

  // Not "syncing" forever: the options page says the sync was interrupted.
  const outcome = await outcomeAfter(options, since);
  expect(outcome.state, `${request}: ${outcome.text}`).toBe('error');
  expect(outcome.text).toContain(INTERRUPTED);
  // Not a save's words for it (the page's "sync now" lost its answer when the worker stopped).
  expect(await options.count('[data-testid="sync-message"][data-kind="error"]')).toBe(0);
  // A reader who opens the options again reads the same.
  const reopened = await driver.openExtensionPage('options.html');
  await reopened.waitFor(`${STATUS}[data-state="error"]`);
  expect(await reopened.text(STATUS)).toContain(INTERRUPTED);
  await reopened.close();

  // Nothing lost or half-written in the library.
  const after = await dumpLibrary(page);
  expect(libraryProblems(after)).toEqual([]);
  expect(sameLibrary(after)).toEqual(sameLibrary(before));

  // The next sync resumes and ends ok; the folder is whole.
  const next = await syncNow(options);
  expect(next.state, `after ${request}: ${next.text}`).toBe('ok');
  await until(async () => ((await options.text('[data-testid="sync-pending"]')).match(/[：:] ?0/) ? true : undefined), 'no changes pending');
  expect(idsInShards()).toEqual(after.articles.map((a) => a.id).sort());
  expect(postsOnDisk(folderDir)).toEqual(await exportAll(driver));
  return request;
}

describe('the service worker stopped mid-sync', () => {
  it('during the first sync, while a shard is uploaded (the upload cut half-way)', async () => {
    await options.waitFor(`${STATUS}[data-state="idle"]`);
    await restore(12, 'NW2050');
    await options.waitFor('[data-testid="backup-message"][data-kind="info"]');
    await fillSync(options, folder);
    // Saving the settings starts the first sync; the third shard's upload is held.
    const request = await stopMidSync(() => options.click('[data-testid="sync-save"]'), SHARD_PUT, 3, true);
    expect(request).toMatch(/shards/);
  });

  it('during a later sync, while a post of a pending change is uploaded', async () => {
    // New articles, restored: the sync they start by themselves is the one stopped.
    const request = await stopMidSync(() => restore(4, 'NW2051'), POST_PUT, 2, false);
    expect(request).toMatch(/_posts/);
  });

  it('during a later sync, while a shard is uploaded (the upload reaching the server after the stop)', async () => {
    const request = await stopMidSync(() => restore(4, 'NW2052'), SHARD_PUT, 2, false);
    expect(request).toMatch(/shards/);
  });
});

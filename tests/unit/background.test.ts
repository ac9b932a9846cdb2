// What the background does (lib/platform/background/), over WXT's fake
// browser and a fake IndexedDB. The real service worker is proved in the
// browser tests; these pin each decision where a failure names it.
import { testArticle, useTestDb } from './helpers';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';

vi.mock('wxt/browser', () => ({ browser: fakeBrowser }));

const { createHandlers, saveTab } = await import('../../lib/platform/background/handlers');
const { extractTab } = await import('../../lib/platform/background/extract-tab');
const { fetchArticleImages } = await import('../../lib/platform/background/fetch-images');
const { startBackgroundSync, CHANGE_DELAY_MS } = await import('../../lib/platform/background/sync');
const { saveSyncConfig, clearSyncConfig } = await import('../../lib/platform/sync-config');
const { PHOTO_HOST_MATCHES } = await import('../../lib/finews/share-url');

const { message } = await import('../../lib/protocol/messages');
type Handlers = import('../../lib/protocol/dispatch').Handlers;
type MessageType = import('../../lib/protocol/messages').MessageType;
type Request<T extends MessageType> = Parameters<typeof message<T>>[1];

// The fake's unimplemented APIs are replaced with plain functions, whatever their overloads.
type Api = Record<string, unknown>;
const fake = fakeBrowser as unknown as { permissions: Api; action: Api; i18n: Api; tabs: Api; scripting: Api };

/** Sends `type` to the handlers as the registry would, from an extension page's tab. */
async function ask<T extends MessageType>(handlers: Handlers, type: T, body: Request<T>): Promise<any> {
  const handler = handlers[type];
  if (!handler) throw new Error(`no handler for ${type}`);
  return handler(message(type, body), sender);
}

const db = useTestDb('background');
const SHARE = 'http://finews.zning.xyz/html_News/NewsShare.html?infoCode=NW202202102271830933';
const PHOTO = 'https://np-newspic.dfcfw.com/download/D25.jpg';
const PAGE_PHOTO = 'http://finews.zning.xyz/photos/a.jpg';
const sender = { id: 'ext', tab: { id: 7 } } as never;

/** Host access the fake browser reports: the photo host's, the sync folder's. */
let granted: string[] = [];
let badges: { tabId: number; text: string }[] = [];
let titles: { tabId: number; title: string }[] = [];

beforeEach(() => {
  fakeBrowser.reset();
  granted = [];
  badges = [];
  titles = [];
  // The APIs the fake leaves unimplemented, as the background uses them.
  fake.permissions.contains = vi.fn(async ({ origins }: { origins: string[] }) => origins.every((o) => granted.includes(o)));
  fake.action.setBadgeText = vi.fn(async (d: { tabId: number; text: string }) => void badges.push(d));
  fake.action.setBadgeBackgroundColor = vi.fn(async () => undefined);
  fake.action.setTitle = vi.fn(async (d: { tabId: number; title: string }) => void titles.push(d));
  fake.i18n.getMessage = vi.fn((key: string) => `«${key}»`);
  fake.tabs.sendMessage = vi.fn(async () => undefined);
});
afterEach(() => {
  vi.unstubAllGlobals();
  vi.useRealTimers();
});

/** A fetch that answers every image address with a small JPEG, and records what was asked. */
function stubFetch(): string[] {
  const asked: string[] = [];
  const jpeg = new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 0, 0x10, 0x4a, 0x46, 0x49, 0x46, 0, 1]);
  vi.stubGlobal('fetch', async (url: string) => {
    asked.push(url);
    return new Response(jpeg, { status: 200, headers: { 'content-type': 'image/jpeg' } });
  });
  return asked;
}

describe('fetching an article\'s photos', () => {
  it('sends no request to the photo host until access to it is allowed, and counts what it left out', async () => {
    const asked = stubFetch();
    const article = testArticle('NW1', { images: [PHOTO, PAGE_PHOTO] });
    const without = await fetchArticleImages(article);
    expect(asked).toEqual([PAGE_PHOTO]);
    expect(without.withoutAccess).toBe(1);
    expect(without.images.map((i) => i.url)).toEqual([PAGE_PHOTO]);

    granted = [...PHOTO_HOST_MATCHES];
    asked.length = 0;
    const withAccess = await fetchArticleImages(article);
    expect(asked.sort()).toEqual([PAGE_PHOTO, PHOTO].sort());
    expect(withAccess.withoutAccess).toBe(0);
  });
});

describe('the save-article handler', () => {
  it('stores the article with its photos, marks the tab saved and says a sync may follow', async () => {
    stubFetch();
    let changes = 0;
    const handlers = createHandlers(db(), () => changes++);
    const outcome = await ask(handlers, 'save-article', { article: testArticle('NW2', { images: [PAGE_PHOTO] }) });
    expect(outcome.ok).toBe(true);
    expect(await db().articles.get('NW2')).toBeDefined();
    expect(await db().images.where('articleId').equals('NW2').count()).toBe(1);
    expect(changes).toBe(1);
    expect(badges).toContainEqual({ tabId: 7, text: '✓' });
    expect(await ask(handlers, 'page-state', { id: 'NW2', canonicalUrl: testArticle('NW2').canonicalUrl })).toEqual({ saved: true });
    expect(await ask(handlers, 'page-state', { id: 'NW404', canonicalUrl: 'http://example.com/' })).toEqual({ saved: false });
  });
});

describe('reading a tab', () => {
  it('asks a share page\'s content script first, and injects the extractor when none answers', async () => {
    const tab = await fakeBrowser.tabs.create({ url: SHARE });
    const article = testArticle('NW3');
    fake.tabs.sendMessage = vi.fn(async () => {
      throw new Error('Could not establish connection. Receiving end does not exist.');
    });
    const injected: unknown[] = [];
    fake.scripting.executeScript = vi.fn(async (details: unknown) => {
      injected.push(details);
      return [{ result: { ok: true, article } }];
    });
    expect(await extractTab(tab.id!)).toEqual({ ok: true, article });
    expect(fake.tabs.sendMessage).toHaveBeenCalledTimes(1);
    expect(injected).toHaveLength(2); // the extractor's file, then its call
  });

  it('names a page the extension may not read as a permission failure, and a closed tab as unreachable', async () => {
    const tab = await fakeBrowser.tabs.create({ url: 'https://example.com/news' });
    fake.scripting.executeScript = vi.fn(async () => {
      throw new Error('Cannot access contents of the page. Extension manifest must request permission to access the respective host.');
    });
    expect(await extractTab(tab.id!)).toMatchObject({ ok: false, reason: 'permission' });
    expect(await extractTab(99_999)).toMatchObject({ ok: false, reason: 'unreachable' });
  });

  it('saveTab shows a failure on the badge in words, stores nothing, and never rejects', async () => {
    const tab = await fakeBrowser.tabs.create({ url: 'https://example.com/news' });
    fake.scripting.executeScript = vi.fn(async () => {
      throw new Error('Missing host permission for the tab');
    });
    const outcome = await saveTab(db(), tab.id!);
    expect(outcome).toMatchObject({ ok: false, reason: 'permission' });
    expect(badges).toContainEqual({ tabId: tab.id, text: '!' });
    expect(titles.at(-1)?.title).toMatch(/^«error\w+»$/);
    expect(await db().articles.count()).toBe(0);
  });

  it('refuses what a tab answers when it is not an article, and says so', async () => {
    const tab = await fakeBrowser.tabs.create({ url: 'https://example.com/news' });
    fake.scripting.executeScript = vi.fn(async () => [{ result: { ok: true, article: { id: 'NW4', title: 42 } } }]);
    const outcome = await saveTab(db(), tab.id!);
    expect(outcome).toMatchObject({ ok: false, reason: 'invalid-input' });
    expect(await db().articles.count()).toBe(0);
  });
});

describe('sync in the background', () => {
  const FOLDER = 'http://127.0.0.1:9/finews/';
  const config = { url: FOLDER, user: 'reader', password: 'secret' };
  const settle = () => new Promise((resolve) => setTimeout(resolve, 20));

  it('says sync is off and sets no alarm until a folder is saved; the alarm follows the settings', async () => {
    const sync = startBackgroundSync(db());
    await settle();
    expect(await ask(sync.handlers, 'sync-status', { countPending: false })).toEqual({ configured: false, running: false });
    expect(await fakeBrowser.alarms.getAll()).toEqual([]);

    await saveSyncConfig(config);
    await settle();
    const [alarm] = await fakeBrowser.alarms.getAll();
    expect(alarm?.periodInMinutes).toBe(15);

    await clearSyncConfig();
    await settle();
    expect(await fakeBrowser.alarms.getAll()).toEqual([]);
  });

  it('without host access to the folder, a sync ends in a permission error and sends nothing', async () => {
    const asked = stubFetch();
    await saveSyncConfig(config);
    const sync = startBackgroundSync(db());
    const view = await ask(sync.handlers, 'sync-now', {});
    expect(view.last).toMatchObject({ state: 'error', kind: 'permission' });
    expect(asked).toEqual([]);
    expect(await ask(sync.handlers, 'sync-test', { config })).toMatchObject({ ok: false, kind: 'permission' });
    expect(await ask(sync.handlers, 'sync-test', { config: { ...config, url: 'http://example.com/dav/' } })).toMatchObject({ ok: false, kind: 'bad-url' });
  });

  it('with access, a folder that does not answer ends in an error the status keeps, and the password is in no part of it', async () => {
    await saveSyncConfig(config);
    granted = ['http://127.0.0.1/*'];
    const sync = startBackgroundSync(db());
    const view = await ask(sync.handlers, 'sync-now', {});
    expect(view).toMatchObject({ configured: true, running: false, last: { state: 'error', kind: 'unreachable' } });
    expect(JSON.stringify(view)).not.toContain('secret');
    expect((await ask(sync.handlers, 'sync-status', { countPending: false })).last).toMatchObject({ kind: 'unreachable' });
  });

  it('a sync whose worker stopped midway reads as interrupted to the next worker (not while one runs), until a sync ends', async () => {
    await saveSyncConfig(config);
    granted = ['http://127.0.0.1/*'];
    const library = db();
    // What a worker stopped mid-sync leaves: the start written down, its end never.
    await library.syncState.put({ key: 'meta', value: { folder: FOLDER, initialized: true, postsScanned: true, last: { at: 1000, state: 'ok' }, started: 2000 } });
    const sync = startBackgroundSync(library);
    expect(await ask(sync.handlers, 'sync-status', { countPending: false })).toMatchObject({ running: false, last: { at: 2000, state: 'error', kind: 'interrupted' } });

    // A sync running in this worker has written its own start: that one is not taken for interrupted.
    let answer!: () => void;
    vi.stubGlobal('fetch', () => new Promise((_, reject) => (answer = () => reject(new TypeError('Failed to fetch')))));
    const running = ask(sync.handlers, 'sync-now', {});
    for (let i = 0; i < 100 && !answer; i++) await settle();
    const during = await ask(sync.handlers, 'sync-status', { countPending: false });
    expect(during).toMatchObject({ running: true, last: { at: 1000, state: 'ok' } });
    answer();
    // Its own outcome replaces the interruption.
    expect((await running).last).toMatchObject({ state: 'error', kind: 'unreachable' });
    expect((await ask(sync.handlers, 'sync-status', { countPending: false })).last).toMatchObject({ kind: 'unreachable' });
  });

  it('a change asks for one sync a few seconds later, however many come in a burst', async () => {
    await saveSyncConfig(config);
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const sync = startBackgroundSync(db());
    const contains = fake.permissions.contains as ReturnType<typeof vi.fn>;
    const before = contains.mock.calls.length;
    for (let i = 0; i < 5; i++) await ask(sync.handlers, 'library-changed', {});
    sync.changed();
    await vi.advanceTimersByTimeAsync(CHANGE_DELAY_MS - 100);
    expect(contains.mock.calls.length).toBe(before);
    await vi.advanceTimersByTimeAsync(200);
    vi.useRealTimers();
    await expect.poll(() => contains.mock.calls.length).toBe(before + 1);
  });
});

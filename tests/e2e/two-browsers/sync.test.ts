/**
 * THE sync test: a Chromium profile and a Firefox profile, each with the
 * built extension, syncing through one folder of a real WebDAV server
 * (`rclone serve webdav`, Basic auth) on 127.0.0.1. Saves, tag edits, read
 * state, a deletion and a user edit made on each side, through the
 * extension's own pages, meet in the middle: both libraries end the same,
 * and the folder's `_posts/` equal each browser's export byte for byte.
 * With "sync photos too" ticked on both, a photo saved in one browser shows
 * in the other's reader offline.
 *
 * It drives both browsers itself, so it lives outside tests/e2e/both/
 * (which runs once per browser): the Chromium project (`e2e`) runs it once,
 * in its one-file-at-a-time group, and the Firefox project never picks it up.
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { png } from '../../../scripts/bench/images-offline';
import { fixturePage, serveFixture } from '../../../scripts/fixtures';
import { startRclone, type DavServer } from '../../sync/servers';
import { launchChromiumDriver } from '../driver/chromium-driver';
import type { Driver, Tab } from '../driver/driver';
import { launchFirefoxDriver } from '../driver/firefox-driver';
import { readerPhotos } from '../driver/reader-photos';
import { storedLibrary, type StoredArticle } from '../driver/stored';
import { configureSync, exportAll, postsOnDisk, saveWithButton, syncNow, type Credentials } from '../sync-steps';

interface Saved {
  page: ReturnType<typeof fixturePage>;
  id: string;
}
const saved = (slug: string): Saved => {
  const page = fixturePage(slug);
  if (!page.expected.ok) throw new Error(`${slug} must be an article`);
  return { page, id: page.expected.article.id };
};
const [P1, P2, P3, P4, P5, P6, IMAGES] = ['seed-share', 'time-chinese', 'time-minutes', 'time-seconds', 'codes-mixed', 'eastmoney-noise', 'share-images'].map(saved) as [
  Saved,
  Saved,
  Saved,
  Saved,
  Saved,
  Saved,
  Saved,
];
const photos = IMAGES.page.expected.ok ? IMAGES.page.expected.article.images : [];
// The photo CDN (the optional host the reader allowed), the page's own origin, the CDN again; then one gone, one never served.
const [PHOTO, OWN_ORIGIN, CHART, GONE, ELSEWHERE] = photos as [string, string, string, string, string];
const SAVED_PHOTOS = [PHOTO, OWN_ORIGIN, CHART];

let server: DavServer;
let folder: Credentials;
let folderDir: string;
const sides: { name: string; driver: Driver; options: Tab }[] = [];

beforeAll(async () => {
  server = await startRclone({ auth: true });
  folderDir = path.join(server.dir, 'blog');
  mkdirSync(folderDir);
  folder = { url: `${server.root}blog/`, user: server.user, password: server.password };
  // One browser after the other: the machine has two cores.
  for (const [name, launch] of [['chromium', launchChromiumDriver], ['firefox', launchFirefoxDriver]] as const) {
    const driver = await launch({ photoAccess: true });
    for (const { page } of [P1, P2, P3, P4, P5, P6, IMAGES]) serveFixture(driver.sites, page);
    for (const [i, url] of SAVED_PHOTOS.entries()) driver.sites.set(url, { body: png(60 + i * 10, 40, [200, 100 + i * 30, 60]), contentType: 'image/png' });
    driver.sites.set(GONE, { body: 'gone', contentType: 'text/plain', status: 404 });
    await driver.useLocalServer(new URL(server.root).origin);
    sides.push({ name, driver, options: undefined as unknown as Tab });
  }
}, 120_000);

afterAll(async () => {
  for (const side of sides) await side.driver.close().catch((error: unknown) => console.error(side.name, error));
  await server?.stop();
});

const chromium = () => sides[0]!;
const firefox = () => sides[1]!;

/** Opens the reader on `id` (which marks it read), does `act` there, and closes it. */
async function inReader(driver: Driver, id: string, act: (reader: Tab) => Promise<void>): Promise<void> {
  const reader = await driver.openExtensionPage(`reader.html?id=${encodeURIComponent(id)}`);
  await reader.waitFor('[data-testid="reader-title"]');
  await reader.waitFor('[data-testid="reader-toggle-read"][aria-pressed="true"]');
  await act(reader);
  await reader.close();
}

async function addTag(reader: Tab, tag: string): Promise<void> {
  await reader.fill('[data-testid="tag-input"]', tag);
  await reader.press('[data-testid="tag-input"]', 'Enter');
  await reader.waitFor(`[data-testid="tag"][data-tag="${tag}"]`);
}

async function editTitle(reader: Tab, title: string): Promise<void> {
  await reader.click('[data-testid="edit-article"]');
  await reader.fill('[data-testid="edit-title"]', title);
  await reader.click('[data-testid="edit-save"]');
  await reader.waitFor('[data-testid="edit-saved"]');
}

async function deleteIn(reader: Tab): Promise<void> {
  await reader.click('[data-testid="reader-delete"]');
  await reader.waitFor('[data-testid="reader-undo"]');
}

/** Each library by id, with its tags in order and its body: what two synced browsers must share. */
async function library(side: { options: Tab }): Promise<Record<string, StoredArticle & { html?: string }>> {
  const { articles, bodies } = await storedLibrary(side.options);
  return Object.fromEntries(articles.map((a) => [a.id, { ...a, tags: [...(a.tags as string[])].sort(), html: bodies.find((b) => b.id === a.id)?.html }]));
}

describe('a Chromium profile and a Firefox profile syncing through one WebDAV folder', () => {
  it('first syncs: what each saved reaches the other, an article saved on both stays one', async () => {
    for (const { page } of [P1, P2, P3]) await saveWithButton(chromium().driver, page.url);
    for (const { page } of [P3, P4, P5]) await saveWithButton(firefox().driver, page.url);
    for (const side of sides) {
      side.options = await side.driver.openExtensionPage('options.html');
      const outcome = await configureSync(side.options, folder);
      expect(outcome.state, `${side.name}: ${outcome.text}`).toBe('ok');
    }
    // Chromium synced first, so it learns Firefox's saves now.
    expect((await syncNow(chromium().options)).state).toBe('ok');
    const ids = [P1, P2, P3, P4, P5].map((p) => p.id).sort();
    for (const side of sides) expect(Object.keys(await library(side)).sort(), side.name).toEqual(ids);
    expect(await library(chromium())).toEqual(await library(firefox()));
  });

  it('tag edits, read state, deletions, user edits and saves on each side meet in the middle', async () => {
    const a = chromium().driver;
    const b = firefox().driver;
    // Chromium: a tag on P1 (opening it marks it read), deletes P4, corrects P2's title, saves P6.
    await inReader(a, P1.id, (reader) => addTag(reader, '甲方'));
    await inReader(a, P4.id, deleteIn);
    await inReader(a, P2.id, (reader) => editTitle(reader, '甲改过的标题'));
    await saveWithButton(a, P6.page.url);
    // Firefox, meanwhile: another tag on P1, deletes P3, corrects P5's title (read by opening it).
    await inReader(b, P1.id, (reader) => addTag(reader, '乙方'));
    await inReader(b, P3.id, deleteIn);
    await inReader(b, P5.id, (reader) => editTitle(reader, '乙改过的标题'));

    // Each syncs; whoever syncs second merges with what the first wrote; the first then learns the result.
    for (const side of [chromium(), firefox(), chromium()]) {
      const outcome = await syncNow(side.options);
      expect(outcome.state, `${side.name}: ${outcome.text}`).toBe('ok');
    }

    const one = await library(chromium());
    const other = await library(firefox());
    expect(Object.keys(one).sort()).toEqual([P1, P2, P5, P6].map((p) => p.id).sort());
    expect(other).toEqual(one);
    expect(one[P1.id]!.tags).toEqual(expect.arrayContaining(['甲方', '乙方']));
    expect(one[P1.id]!.read).toBe(true);
    expect(one[P2.id]!.title).toBe('甲改过的标题');
    expect(one[P5.id]!.title).toBe('乙改过的标题');
    expect(one[P5.id]!.read).toBe(true);
    expect(one[P6.id]!.read).toBe(false);

    // The folder's posts are each browser's export, byte for byte.
    const posts = postsOnDisk(folderDir);
    expect(Object.keys(posts)).toHaveLength(4);
    expect(await exportAll(a)).toEqual(posts);
    expect(await exportAll(b)).toEqual(posts);
  });

  it('with "sync photos too" on both, a photo saved in Chromium shows in Firefox\'s reader offline', async () => {
    await saveWithButton(chromium().driver, IMAGES.page.url);
    // Ticked on both: Chromium's sync sends the photos, Firefox's brings them.
    for (const side of sides) {
      const outcome = await configureSync(side.options, { ...folder, photos: true });
      expect(outcome.state, `${side.name}: ${outcome.text}`).toBe('ok');
      expect(await side.options.count('[data-testid="sync-photos-failed"]'), side.name).toBe(0);
    }
    const b = firefox().driver;
    expect((await storedLibrary(firefox().options)).images.filter((image) => image.articleId === IMAGES.id).map((image) => image.url).sort()).toEqual([...SAVED_PHOTOS].sort());
    // Firefox never saw the page nor its photos: what its reader shows comes from the folder.
    expect(b.requested().filter((url) => photos.includes(url))).toEqual([]);
    await b.setOffline(true);
    try {
      const reader = await b.openExtensionPage(`reader.html?id=${encodeURIComponent(IMAGES.id)}`);
      await reader.waitFor('[data-testid="reader-title"]');
      const shown = await readerPhotos(reader, b.origin);
      expect(shown).toEqual({ fromSavedCopies: true, sizes: SAVED_PHOTOS.map((url, i) => [url, 60 + i * 10, 40]), missing: [GONE, ELSEWHERE] });
      await reader.close();
    } finally {
      await b.setOffline(false);
    }
  });
});

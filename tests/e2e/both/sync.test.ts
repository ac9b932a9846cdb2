/**
 * Sync as a reader sets it up, in real Chromium and in stock Firefox
 * (driver.ts), against a real WebDAV server (`rclone serve webdav` with
 * Basic auth) started on 127.0.0.1: "test connection" says what is wrong
 * and when it works; saving the settings asks for the folder's host and
 * syncs; the folder's `_posts/` equal the export byte for byte; a wrong
 * password ends in an error status in words, and the next sync resumes;
 * the popup's "sync now", and its word on photos that could not be
 * synced; the credentials and the photos option stay in
 * extension storage and never reach a backup.
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { strToU8, zipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixturePage, serveFixture } from '../../../scripts/fixtures';
import { WebDavStore } from '../../../lib/sync/webdav';
import type { DavServer } from '../../sync/servers';
import { LABEL, launchDriver, type Driver, type Tab } from '../driver/driver';
import { storedLibrary } from '../driver/stored';
import { axeViolations } from '../driver/axe';
import { configureSync, exportAll, fillSync, rcloneBlogFolder, postsOnDisk, saveWithButton, STATUS, syncNow, until, type Credentials } from '../sync-steps';

const PAGES = ['seed-share', 'time-chinese', 'time-minutes'].map(fixturePage);
const LATER = fixturePage('time-seconds');
const BY_ITSELF = fixturePage('codes-mixed');
// Saved with its photos left out (their host is not allowed here): the library lists their addresses but holds none.
const WITH_PHOTOS = fixturePage('share-images');

let server: DavServer;
let driver: Driver;
let folder: Credentials;
let folderDir: string;
let options: Tab;

beforeAll(async () => {
  ({ server, folderDir } = await rcloneBlogFolder());
  folder = { url: `${server.root}blog/`, user: server.user, password: server.password };
  driver = await launchDriver({ photoAccess: false });
  for (const page of [...PAGES, LATER, BY_ITSELF, WITH_PHOTOS]) serveFixture(driver.sites, page);
  await driver.useLocalServer(new URL(server.root).origin);
}, 90_000);

afterAll(async () => {
  await driver?.close();
  await server?.stop();
});

describe(`${LABEL} sync through a WebDAV folder`, () => {
  it('"test connection" names what is wrong, and says when the folder answers', async () => {
    options = await driver.openExtensionPage('options.html');
    await options.waitFor(`${STATUS}[data-state="idle"]`);
    const message = '[data-testid="sync-message"]';

    // Plain http to another machine is refused before any request.
    await fillSync(options, { ...folder, url: 'http://example.com/dav/' });
    await options.click('[data-testid="sync-test"]');
    await until(async () => ((await options.attribute(message, 'data-kind')) === 'error' ? true : undefined), 'the refusal');
    expect(await options.text(message)).toContain('https://');

    await fillSync(options, { ...folder, password: 'wrong' });
    await options.click('[data-testid="sync-test"]');
    await until(async () => ((await options.attribute(message, 'data-kind')) === 'error' ? true : undefined), 'the test to fail');
    expect(await options.text(message)).toContain('401');

    await fillSync(options, folder);
    await options.click('[data-testid="sync-test"]');
    await until(async () => ((await options.text(message)).match(/成功|Connected/) ? true : undefined), 'the test to pass');
    expect(await options.attribute(message, 'data-kind')).toBe('info');
    // Testing saves nothing: no sync is set yet.
    expect(await options.attribute(STATUS, 'data-state')).toBe('idle');
  });

  it('saving the settings syncs the library into the folder, whose _posts/ equal the export byte for byte', async () => {
    for (const page of PAGES) await saveWithButton(driver, page.url);
    const outcome = await configureSync(options, folder);
    expect(outcome.state, outcome.text).toBe('ok');
    const exported = await exportAll(driver);
    expect(Object.keys(exported)).toHaveLength(PAGES.length);
    expect(postsOnDisk(folderDir)).toEqual(exported);
    // Nothing waits to be synced.
    await until(async () => ((await options.text('[data-testid="sync-pending"]')).match(/[：:] ?0/) ? true : undefined), 'no changes pending');
  });

  it('the popup syncs too, and shows how it went', async () => {
    await saveWithButton(driver, LATER.url);
    const popup = await driver.openExtensionPage('popup.html');
    await popup.waitFor('[data-testid="sync-now"]:not([disabled])');
    await popup.click('[data-testid="sync-now"]');
    await until(async () => ((await popup.attribute('[data-testid="sync-line"]', 'data-state')) === 'ok' && (await popup.attribute('[data-testid="sync-now"]', 'disabled')) === null ? true : undefined), 'the popup sync');
    expect(await popup.attribute('[data-testid="sync-now"]', 'title')).toMatch(/成功|done/);
    expect(await axeViolations(popup)).toEqual([]);
    await popup.close();
    const posts = postsOnDisk(folderDir);
    expect(Object.keys(posts)).toHaveLength(PAGES.length + 1);
    expect(posts).toEqual(await exportAll(driver));
  });

  it('a wrong password ends in an error status that says so; the next sync with the right one resumes', async () => {
    const failed = await configureSync(options, { ...folder, password: 'not-the-password' });
    expect(failed.state).toBe('error');
    expect(failed.text).toContain('401');
    // The section with its message and an error status is as readable as the rest of the page.
    expect(await axeViolations(options)).toEqual([]);
    const saved = (await storedLibrary(options)).articles.length;
    expect(saved).toBe(PAGES.length + 1);

    const again = await configureSync(options, folder);
    expect(again.state, again.text).toBe('ok');
    expect((await syncNow(options)).state).toBe('ok');
  });

  it('syncs by itself a few seconds after a save or a change in a page, and on an alarm while a folder is set', async () => {
    const alarm = () => driver.inExtension(async () => ((globalThis as any).browser ?? (globalThis as any).chrome).alarms.get('finews-sync'), undefined);
    expect(await alarm()).toMatchObject({ periodInMinutes: 15 });

    // A save (in the background): its post reaches the folder with no button pressed.
    await saveWithButton(driver, BY_ITSELF.url);
    const code = BY_ITSELF.expected.ok ? BY_ITSELF.expected.article.id : '';
    await until(async () => (Object.keys(postsOnDisk(folderDir)).some((name) => name.includes(code)) ? true : undefined), 'the save to reach the folder');

    // A tag added in the reader (an extension page): the shard holding the article gets it.
    const reader = await driver.openExtensionPage(`reader.html?id=${encodeURIComponent(code)}`);
    await reader.fill('[data-testid="tag-input"]', '自动同步');
    await reader.press('[data-testid="tag-input"]', 'Enter');
    await reader.waitFor('[data-testid="tag"][data-tag="自动同步"]');
    const shards = path.join(folderDir, '.finews', 'shards');
    const tagged = () => existsSync(shards) && readdirSync(shards).some((name) => readFileSync(path.join(shards, name), 'utf8').includes('自动同步'));
    await until(async () => (tagged() ? true : undefined), 'the tag to reach the folder');
    await reader.close();
  });

  it('keeps the credentials and the photos option in extension storage, out of the backup', async () => {
    // Photos are off until the reader ticks them; the choice is kept with the other sync settings.
    expect(await options.count('[data-testid="sync-photos"]:not(:checked)')).toBe(1);
    const outcome = await configureSync(options, { ...folder, photos: true });
    expect(outcome.state, outcome.text).toBe('ok');
    const stored = await driver.inExtension(async () => ((globalThis as any).browser ?? (globalThis as any).chrome).storage.local.get('syncConfig'), undefined);
    expect(stored).toEqual({ syncConfig: { ...folder, photos: true } });
    await options.reload();
    await options.waitFor('[data-testid="sync-photos"]:checked');
    expect(await axeViolations(options)).toEqual([]);
    const next = driver.nextDownload();
    await options.click('[data-testid="backup-download"]');
    const backup = (await next).bytes.toString('utf8');
    expect(backup).toContain('"kind":"article"');
    expect(backup).not.toContain(server.password);
    expect(backup).not.toContain(server.root);
    expect(backup).not.toContain('"photos":true');
  });

  it('the popup says when photos could not be synced', async () => {
    // Photos are on (the test above). An article whose photos this library lacks…
    await saveWithButton(driver, WITH_PHOTOS.url);
    const id = WITH_PHOTOS.expected.ok ? WITH_PHOTOS.expected.article.id : '';
    // The sync the save starts by itself, then one more: none is left to come.
    await until(async () => (Object.keys(postsOnDisk(folderDir)).some((file) => file.includes(id)) ? true : undefined), 'the save to reach the folder');
    expect((await syncNow(options)).state).toBe('ok');
    // …and its shard, as another browser wrote it, lists one of them under a file the folder does not have.
    const shards = path.join(folderDir, '.finews', 'shards');
    const name = readdirSync(shards).find((file) => file.endsWith('.jsonl') && readFileSync(path.join(shards, file), 'utf8').includes(`"id":"${id}"`))!;
    const [head, ...rest] = readFileSync(path.join(shards, name), 'utf8').split('\n');
    const image = rest.map((line) => (line ? JSON.parse(line) : undefined)).find((line) => line?.record?.id === id).record.images[0] as string;
    const tampered = [JSON.stringify({ ...JSON.parse(head!), photos: { [id]: { [image]: `${'ab'.repeat(32)}.jpeg` } } }), ...rest].join('\n');
    // Through the server, as a browser writes (rclone would not notice a file changed on its disk for minutes).
    await new WebDavStore(folder).put(`.finews/shards/${name}`, tampered);

    const popup = await driver.openExtensionPage('popup.html');
    await popup.waitFor('[data-testid="sync-now"]:not([disabled])');
    expect(await popup.count('[data-testid="sync-photos-failed"]')).toBe(0);
    await popup.click('[data-testid="sync-now"]');
    await until(async () => ((await popup.attribute('[data-testid="sync-line"]', 'data-state')) === 'ok' && (await popup.count('[data-testid="sync-photos-failed"]')) ? true : undefined), 'the photo failure in the popup');
    // The sync itself went well; the line says one photo could not come, in the reader's language.
    expect(await popup.text('[data-testid="sync-photos-failed"]')).toMatch(/1 张图片未能同步|1 photos could not be synced/);
    expect(await popup.text('[data-testid="sync-line"] [role="status"]')).toContain(await popup.text('[data-testid="sync-photos-failed"]'));
    expect(await axeViolations(popup)).toEqual([]);
    await popup.close();
  });

  it('turns off when the address is emptied: settings removed, alarm cleared, the popup shows no sync', async () => {
    await fillSync(options, { url: '', user: '', password: '' });
    await options.click('[data-testid="sync-save"]');
    await options.waitFor(`${STATUS}[data-state="idle"]`);
    expect(await driver.inExtension(async () => ((globalThis as any).browser ?? (globalThis as any).chrome).alarms.get('finews-sync'), undefined)).toBeFalsy();
    const stored = await driver.inExtension(async () => ((globalThis as any).browser ?? (globalThis as any).chrome).storage.local.get(null), undefined);
    expect(stored).toEqual({});
    const popup = await driver.openExtensionPage('popup.html');
    await popup.waitFor('[data-testid="open-options"]');
    expect(await popup.count('[data-testid="sync-now"]')).toBe(0);
    await popup.close();
  });

  it('imports a zip of the blog\'s _posts with no server: new posts become articles, known ones stay', async () => {
    const work = mkdtempSync(path.join(tmpdir(), 'finews-import-'));
    try {
      const old = '---\nlayout: post\ntitle:  "博客里的旧文章"\ndate:   2021-05-06 07:08:09 +0800\ncategories: dingxiribao\ntags: 定西日报新闻\n---\n\n正文第一段。\n';
      const zip = path.join(work, 'posts.zip');
      writeFileSync(zip, zipSync({ '_posts/2021-05-06-NW202105061234567890.md': strToU8(old), '_posts/about.txt': strToU8('not a post') }));
      await options.chooseFile('[data-testid="import-posts"]', zip);
      await options.waitFor('[data-testid="import-posts-message"][data-kind="info"]');
      expect(await options.text('[data-testid="import-posts-message"]')).toMatch(/1/);
      const imported = (await storedLibrary(options)).articles.find((a) => a.id === 'NW202105061234567890');
      expect(imported).toMatchObject({ title: '博客里的旧文章', publishedAt: '2021-05-06T07:08:09+08:00', source: '定西日报' });
      // Again: nothing new.
      await options.chooseFile('[data-testid="import-posts"]', zip);
      await until(async () => ((await options.text('[data-testid="import-posts-message"]')).match(/^\D*0\D/) ? true : undefined), 'the second import');
    } finally {
      rmSync(work, { recursive: true, force: true });
      await options.close();
    }
  });
});

/**
 * What only the Firefox build has, in stock Firefox, installed from the store
 * package `npm run zip` makes (what a user installs), not the build folder:
 * Manifest V2 with a background page, `browser_action` (popup and badge),
 * the photo host as an `optional_permissions` origin, asked for only when
 * photos are wanted, and the save shortcut as Firefox binds it.
 */
import { readFileSync } from 'node:fs';
import { unzipSync } from 'fflate';
import type { Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PHOTO_HOST_MATCHES } from '../../../lib/finews/share-url';
import { SYNC_HOST_MATCHES } from '../../../lib/sync/url';
import { png } from '../../../scripts/bench/images-offline';
import { firefoxPackage } from '../../../scripts/firefox-find';
import { launchFirefox, type FirefoxExtension } from '../../../scripts/firefox';
import { evaluateInBrowserWindow } from '../../../scripts/firefox-pages';
import { fixturePage, serveFixture } from '../../../scripts/fixtures';
import { storedLibrary } from '../driver/stored';
import type { Tab } from '../driver/driver';

const IMAGES = fixturePage('share-images');
if (!IMAGES.expected.ok) throw new Error('share-images must be an article');
const article = IMAGES.expected.article;
const onPhotoHost = article.images.filter((url) => new URL(url).hostname.endsWith('.dfcfw.com'));
const PACKAGE = firefoxPackage();

let firefox: FirefoxExtension;

beforeAll(async () => {
  // A reader who has not allowed the photo server yet.
  firefox = await launchFirefox({ extension: PACKAGE, photoAccess: false });
  serveFixture(firefox.sites, IMAGES);
  for (const url of article.images) firefox.sites.set(url, { body: png(30, 20, [40, 90, 160]), contentType: 'image/png' });
});

afterAll(async () => {
  await firefox?.close();
});

/** The neutral reader of the library needs only `evaluate`. */
const asTab = (page: Page) => ({ evaluate: (fn: never, arg: never) => page.evaluate(fn, arg) }) as unknown as Tab;

describe('[firefox] the MV2 build, installed from the store package', () => {
  it('runs the manifest packed in the zip, with a background page rather than a service worker', async () => {
    const packed = JSON.parse(new TextDecoder().decode(unzipSync(new Uint8Array(readFileSync(PACKAGE)))['manifest.json']));
    const running = await firefox.inExtension(() => (globalThis as any).browser.runtime.getManifest(), undefined);
    expect(running.manifest_version).toBe(2);
    expect(running.version).toBe(packed.version);
    expect(await firefox.inExtension(() => (globalThis as any).browser.runtime.id, undefined)).toBe(packed.browser_specific_settings.gecko.id);
    // Firefox hands back the scripts as full addresses.
    expect(running.background.scripts).toEqual(packed.background.scripts.map((file: string) => `${firefox.origin}/${file}`));
    expect(running.background.service_worker ?? undefined).toBeUndefined();
    // A background page: a window with a document, at the extension's own address.
    const background = await firefox.inExtension(async () => {
      const page = await (globalThis as any).browser.runtime.getBackgroundPage();
      return { href: page.location.href, hasDocument: typeof page.document?.createElement === 'function' };
    }, undefined);
    expect(background.href.startsWith(`${firefox.origin}/`)).toBe(true);
    expect(background.hasDocument).toBe(true);
  });

  it('has a browser_action with the popup, whose badge shows a saved page', async () => {
    const manifest = await firefox.inExtension(() => (globalThis as any).browser.runtime.getManifest(), undefined);
    // Firefox hands back the popup as a full address.
    expect(manifest.browser_action.default_popup).toBe(`${firefox.origin}/popup.html`);
    expect(manifest.action).toBeUndefined();
    expect(await firefox.inExtension(() => typeof (globalThis as any).browser.action, undefined)).toBe('undefined');

    const page = await firefox.open(IMAGES.url);
    await (await page.waitForSelector('pierce/[data-testid="finews-save"][data-state="ready"]'))!.click();
    await page.waitForSelector('pierce/[data-testid="finews-save"][data-state="saved"]', { timeout: 30_000 });
    const tabId = await firefox.tabIdOf(page);
    expect(await firefox.inExtension((id) => (globalThis as any).browser.browserAction.getBadgeText({ tabId: id }), tabId)).toBe('✓');
    await page.close();
  });

  it('speaks English when the browser\'s locale is English: the in-page button and the popup', async () => {
    expect(await firefox.inExtension(() => (globalThis as any).browser.i18n.getUILanguage(), undefined)).toMatch(/^en/);
    const page = await firefox.open(IMAGES.url);
    const button = (await page.waitForSelector('pierce/[data-testid="finews-save"][data-state="saved"]'))!;
    expect(await button.evaluate((el) => el.textContent)).toBe('Saved ✓');
    const popup = await firefox.openExtensionPage('popup.html');
    await popup.waitForSelector(`[data-testid="library-item"][data-article-id="${article.id}"]`);
    await popup.waitForFunction(() => /^1 article, 1 unread/.test(document.querySelector('[data-testid="library-stats"]')?.textContent ?? ''), { timeout: 10_000 });
    expect(await popup.title()).toBe('Finews Reader');
    expect(await popup.$eval('[data-testid="save-article"]', (el) => el.textContent)).toBe('Save this article');
    await Promise.all([page.close(), popup.close()]);
  });

  it('lists the photo host among optional_permissions and asks for it only when the reader allows photos', async () => {
    const manifest = await firefox.inExtension(() => (globalThis as any).browser.runtime.getManifest(), undefined);
    expect(manifest.optional_permissions).toEqual([...PHOTO_HOST_MATCHES, ...SYNC_HOST_MATCHES]);
    expect(manifest.permissions).not.toEqual(expect.arrayContaining(PHOTO_HOST_MATCHES));
    const granted = () => firefox.inExtension((origins) => (globalThis as any).browser.permissions.contains({ origins }), PHOTO_HOST_MATCHES);
    expect(await granted()).toBe(false);

    // The page's button (the test before) saved without the photo host's photos, and asked nothing of it.
    const popup = await firefox.openExtensionPage('popup.html');
    await popup.waitForSelector(`[data-testid="library-item"][data-article-id="${article.id}"]`);
    const imagesOf = async () => (await storedLibrary(asTab(popup))).images.filter((i) => i.articleId === article.id).map((i) => i.url);
    expect(await imagesOf()).not.toEqual(expect.arrayContaining([onPhotoHost[0]]));
    // The share page loads its own photos (with the page as Referer); the extension asked for none.
    const fromExtension = () => firefox.proxy.requests.filter((r) => onPhotoHost.includes(r.url) && !r.referer.startsWith('http')).map((r) => r.url);
    expect(fromExtension()).toEqual([]);

    // The options page's button asks Firefox (no prompt in these tests, see the prefs), and is granted.
    const options = await firefox.openExtensionPage('options.html');
    await options.waitForSelector('[data-testid="photo-access"][data-allowed="false"]');
    await (await options.waitForSelector('[data-testid="allow-photos"]'))!.click();
    await options.waitForSelector('[data-testid="photo-access"][data-allowed="true"]', { timeout: 10_000 });
    expect(await granted()).toBe(true);

    // Saving again now keeps the photo host's photos too.
    const page = await firefox.open(IMAGES.url);
    await (await page.waitForSelector('pierce/[data-testid="finews-save"]'))!.click();
    await popup.waitForFunction(
      async (id, wanted) => {
        const db = await new Promise<IDBDatabase>((resolve) => {
          const open = indexedDB.open('finews-library');
          open.onsuccess = () => resolve(open.result);
        });
        const rows = await new Promise<{ url: string }[]>((resolve) => {
          const all = db.transaction('images').objectStore('images').index('articleId').getAll(id);
          all.onsuccess = () => resolve(all.result);
        });
        db.close();
        return wanted.every((url: string) => rows.some((row) => row.url === url));
      },
      { timeout: 30_000, polling: 200 },
      article.id,
      onPhotoHost,
    );
    expect(await imagesOf()).toEqual(expect.arrayContaining(onPhotoHost));
    expect(fromExtension()).toEqual(expect.arrayContaining(onPhotoHost));
    await Promise.all([page.close(), popup.close(), options.close()]);
  });

  it('binds the save shortcut (Alt+Shift+S) in the browser window, and it saves the page in front', async () => {
    const codes = fixturePage('codes-mixed');
    serveFixture(firefox.sites, codes);
    const page = await firefox.open(codes.url);
    await page.waitForSelector('pierce/[data-testid="finews-save"][data-state="ready"]');
    await page.bringToFront();
    // Key events sent to a page never reach the browser window's key bindings, so the
    // key Firefox registered for the command is found there and pressed with its own command.
    const pressed = await evaluateInBrowserWindow(
      firefox.browser,
      `(() => {
        const key = document.querySelector('keyset[id^="ext-keyset-id-"] key[key="S"][modifiers="alt,shift"]');
        if (!key) return 'no key';
        key.doCommand();
        return 'pressed';
      })()`,
    );
    expect(pressed).toBe('pressed');
    await page.waitForSelector('pierce/[data-testid="finews-save"][data-state="saved"]', { timeout: 30_000 });
    await page.close();
  });
});

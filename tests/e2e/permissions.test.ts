/**
 * Permissions and network in real Chromium, with a reader who has not (yet)
 * allowed the optional photo-server access: the manifest asks for no more
 * than the extension uses, photos on the photo CDN are left out (no request
 * goes to it) until the reader allows it at the moment the photos are
 * wanted, and nothing but the saved page and its images is ever requested.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DB_NAME } from '../../lib/library/db';
import { isPhotoHost, PHOTO_HOST_MATCHES, SHARE_PAGE_MATCHES } from '../../lib/finews/share-url';
import { SYNC_HOST_MATCHES } from '../../lib/sync/url';
import { allowSiteInExtensionsPage, launchExtension, type ExtensionBrowser } from '../../scripts/chromium';
import { fixturePage, serveFixture } from '../../scripts/fixtures';
import { IMAGES_FIXTURE, png } from '../../scripts/bench/images-offline';

const fixture = fixturePage(IMAGES_FIXTURE);
if (!fixture.expected.ok) throw new Error(`${IMAGES_FIXTURE} must be an article`);
const article = fixture.expected.article;
const photoCdnImages = article.images.filter(isPhotoHost);

let browser: ExtensionBrowser;

beforeAll(async () => {
  browser = await launchExtension({ photoAccess: false });
  serveFixture(browser.sites, fixture);
  for (const [i, url] of article.images.entries()) {
    browser.sites.set(url, { body: png(40 + i, 30, [200, 120 + i * 20, 80]), contentType: 'image/png' });
  }
});

afterAll(async () => {
  await browser?.close();
});

/** What the extension's own parts (background, popup, reader, export) requested from the network. */
function extensionRequests(): string[] {
  return browser.requests.filter((request) => request.from.startsWith('chrome-extension://')).map((request) => request.url);
}

/** The image rows stored for an article, read straight from IndexedDB. */
function storedImageUrls(extensionPage: Page, articleId: string): Promise<string[]> {
  return extensionPage.evaluate(
    ([name, id]) =>
      new Promise<string[]>((resolve, reject) => {
        const open = indexedDB.open(name);
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const db = open.result;
          const rows = db.transaction('images').objectStore('images').index('articleId').getAll(id);
          rows.onsuccess = () => {
            db.close();
            resolve((rows.result as { url: string }[]).map((row) => row.url).sort());
          };
          rows.onerror = () => reject(rows.error);
        };
      }),
    [DB_NAME, articleId] as const,
  );
}

describe('permissions and network', () => {
  it('asks only for what it uses, with the photo server optional and a strict policy for its pages', async () => {
    const manifest = await browser.worker.evaluate(() => (globalThis as any).chrome.runtime.getManifest());
    expect([...manifest.permissions].sort()).toEqual(['activeTab', 'alarms', 'contextMenus', 'scripting', 'storage', 'unlimitedStorage']);
    expect(manifest.host_permissions).toEqual(SHARE_PAGE_MATCHES);
    // The photo server and the sync folder's host, each asked for when the reader needs it.
    expect(manifest.optional_host_permissions).toEqual([...PHOTO_HOST_MATCHES, ...SYNC_HOST_MATCHES]);
    expect(manifest.optional_permissions ?? []).toEqual([]);
    expect(manifest.content_scripts.flatMap((script: { matches: string[] }) => script.matches).sort()).toEqual([...SHARE_PAGE_MATCHES].sort());
    const policy: string = manifest.content_security_policy.extension_pages;
    expect(policy).toContain("script-src 'self'");
    expect(policy).not.toMatch(/unsafe-|https?:|\*/);
    // Pages may load only the in-page button's stylesheet, on the share hosts, at an address that changes per session.
    for (const exposed of manifest.web_accessible_resources ?? []) {
      expect(exposed.resources.every((file: string) => file.endsWith('.css'))).toBe(true);
      expect(exposed.matches.every((match: string) => SHARE_PAGE_MATCHES.some((page) => page.startsWith(match.slice(0, -1))))).toBe(true);
      expect(exposed.use_dynamic_url).toBe(true);
    }
    const granted = await browser.worker.evaluate(() => (globalThis as any).chrome.permissions.getAll());
    expect(granted.origins).not.toEqual(expect.arrayContaining(PHOTO_HOST_MATCHES));
  });

  it('saves without the photo server until the reader allows it, asking at that moment', async () => {
    const options = await browser.context.newPage();
    await options.goto(`chrome-extension://${browser.extensionId}/options.html`);
    await options.locator('[data-testid="photo-access"][data-allowed="false"]').waitFor();

    const page = await browser.context.newPage();
    await page.goto(fixture.url);
    // The in-page button cannot ask (only extension pages may): it saves, and says where to allow the photos.
    await page.locator('[data-testid="finews-save"][data-state="ready"]').waitFor();
    await page.getByTestId('finews-save').click();
    await page.locator('[data-testid="finews-save"][data-state="saved"]').waitFor();
    expect(await page.getByTestId('finews-save-message').textContent()).toContain(String(photoCdnImages.length));
    const first = await browser.savePage(page);
    expect(first.kind).toBe('info');
    expect(first.text).toContain(String(photoCdnImages.length));
    const allow = first.popup.getByTestId('allow-photos');
    await allow.waitFor();
    // Only the images on hosts it already has: none from the photo CDN, and none asked of it.
    expect(await storedImageUrls(first.popup, article.id)).not.toEqual(expect.arrayContaining([photoCdnImages[0]]));
    expect(extensionRequests().filter(isPhotoHost)).toEqual([]);

    // The reader allows the site (chrome://extensions stands in for the prompt a headless browser cannot show),
    // then presses the popup's button: the extension asks, is granted, and saves again with the photos.
    await allowSiteInExtensionsPage(browser.context, browser.extensionId, PHOTO_HOST_MATCHES[0]!);
    await allow.click();
    await first.popup.locator('[data-testid="status-message"]:not(:has([data-testid="allow-photos"]))').waitFor();
    const stored = await storedImageUrls(first.popup, article.id);
    expect(stored).toEqual(expect.arrayContaining(photoCdnImages));
    await options.reload();
    await options.locator('[data-testid="photo-access"][data-allowed="true"]').waitFor();
    await Promise.all([page.close(), first.popup.close(), options.close()]);
  });

  it('requests nothing but the saved page and its images, through popup, reader and export', async () => {
    const popup = await browser.openPopup();
    const item = popup.locator(`[data-testid="library-item"][data-article-id="${article.id}"]`);
    await item.waitFor();
    const reader = await browser.context.newPage();
    await reader.goto(`chrome-extension://${browser.extensionId}/reader.html?id=${encodeURIComponent(article.id)}`);
    await reader.getByTestId('reader-body').waitFor();
    const download = browser.nextDownload();
    await popup.getByTestId('export-all').click();
    await download;

    // The page itself loads what it likes (its styles, its logo); the extension asks only for the article's images.
    const images = new Set(article.images);
    expect(extensionRequests().filter((url) => !images.has(url))).toEqual([]);
    // The log is real: the background's photo requests went through it.
    expect(extensionRequests()).toEqual(expect.arrayContaining(photoCdnImages));
    await Promise.all([popup.close(), reader.close()]);
  });
});

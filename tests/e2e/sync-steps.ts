/**
 * What a reader does with sync, through the extension's own pages, in either
 * browser (driver.ts): set the folder in the options, press "sync now" and
 * wait for its outcome, export the library; and what the folder holds on
 * the server's disk.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { strFromU8, unzipSync } from 'fflate';
import type { Driver, Tab } from './driver/driver';
import { startRclone, type DavServer } from '../sync/servers';

export const STATUS = '[data-testid="sync-status"]';

/** Polls `probe` until it returns something other than undefined. */
export async function until<T>(probe: () => Promise<T | undefined>, what: string, timeoutMs = 45_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

export interface Credentials {
  url: string;
  user: string;
  password: string;
  /** The "sync photos too" box, set as given (left as it is when absent). */
  photos?: boolean;
}

export async function fillSync(options: Tab, credentials: Credentials): Promise<void> {
  // A tab left behind others runs slowly in Firefox (throttled timers): the reader would be looking at it.
  await options.bringToFront();
  await options.waitFor('[data-testid="sync-url"]');
  await options.fill('[data-testid="sync-url"]', credentials.url);
  await options.fill('[data-testid="sync-user"]', credentials.user);
  await options.fill('[data-testid="sync-password"]', credentials.password);
  if (credentials.photos !== undefined) {
    const checked = await options.evaluate(() => document.querySelector<HTMLInputElement>('[data-testid="sync-photos"]')!.checked, undefined);
    if (checked !== credentials.photos) await options.click('[data-testid="sync-photos"]');
    await options.waitFor(`[data-testid="sync-photos"]${credentials.photos ? ':checked' : ':not(:checked)'}`);
  }
}

/** The status once a sync that ended after `since` (its data-last) is shown: its state and words. */
export async function outcomeAfter(options: Tab, since: string | null): Promise<{ state: string; text: string }> {
  return until(async () => {
    // One read of state, time and words together: read apart, a status that changed in between mixes two syncs.
    const { state, last, text } = await options.evaluate((selector) => {
      const status = document.querySelector(selector);
      return { state: status?.getAttribute('data-state'), last: status?.getAttribute('data-last') ?? null, text: status?.textContent ?? '' };
    }, STATUS);
    if ((state === 'ok' || state === 'error') && last !== null && last !== since) return { state, text };
    return undefined;
  }, 'a sync to end');
}

/** Saves the settings (the browser grants the folder's host) and waits for the first sync they start. */
export async function configureSync(options: Tab, credentials: Credentials): Promise<{ state: string; text: string }> {
  await fillSync(options, credentials);
  const since = await options.attribute(STATUS, 'data-last');
  await options.click('[data-testid="sync-save"]');
  await options.waitFor('[data-testid="sync-message"]');
  return outcomeAfter(options, since);
}

/** Presses "sync now" (once no sync runs) and waits for its outcome. */
export async function syncNow(options: Tab): Promise<{ state: string; text: string }> {
  await options.bringToFront();
  await options.waitFor('[data-testid="sync-now"]:not([disabled])');
  const since = await options.attribute(STATUS, 'data-last');
  await options.click('[data-testid="sync-now"]');
  return outcomeAfter(options, since);
}

/** The whole library as the popup's export writes it: file name → post. */
export async function exportAll(driver: Driver): Promise<Record<string, string>> {
  const popup = await driver.openExtensionPage('popup.html');
  try {
    await popup.waitFor('[data-testid="export-all"]');
    const next = driver.nextDownload();
    await popup.click('[data-testid="export-all"]');
    const files = unzipSync(new Uint8Array((await next).bytes));
    return Object.fromEntries(Object.entries(files).map(([name, bytes]) => [path.basename(name), strFromU8(bytes)]).sort(([a], [b]) => (a! < b! ? -1 : 1)));
  } finally {
    await popup.close();
  }
}

/** `_posts/` of a folder, as files on the server's disk. */
export function postsOnDisk(dir: string): Record<string, string> {
  const posts = path.join(dir, '_posts');
  if (!existsSync(posts)) return {};
  return Object.fromEntries(readdirSync(posts).sort().map((name) => [name, readFileSync(path.join(posts, name), 'utf8')]));
}

/** Saves the article at `url` with the page's own button. */
export async function saveWithButton(driver: Driver, url: string): Promise<void> {
  const page = await driver.open(url);
  await page.click('[data-testid="finews-save"][data-state="ready"]');
  await page.waitFor('[data-testid="finews-save"][data-state="saved"]', { timeout: 30_000 });
  await page.close();
}

/** rclone on 127.0.0.1 with a password, and an empty `blog/` folder in it: where the browser sync tests sync. */
export async function rcloneBlogFolder(): Promise<{ server: DavServer; folderDir: string }> {
  const server = await startRclone({ auth: true });
  const folderDir = path.join(server.dir, 'blog');
  mkdirSync(folderDir);
  return { server, folderDir };
}

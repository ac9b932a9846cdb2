/**
 * The sync settings (folder address, user name, password or app token), in
 * the extension's local storage: not in the library, so never in a backup;
 * read only by the options page and the background. Nothing here logs them.
 */
import { browser } from 'wxt/browser';
import { SyncConfigSchema } from '../protocol/sync-schemas';
import { check } from '../protocol/validate';
import { originPattern, type SyncConfig } from '../sync/url';

const KEY = 'syncConfig';

function parse(value: unknown): SyncConfig | undefined {
  const checked = check(SyncConfigSchema, value);
  return checked.ok && checked.value.url ? checked.value : undefined;
}

/** The saved settings, or undefined when none are (or what is stored is not settings). */
export async function loadSyncConfig(): Promise<SyncConfig | undefined> {
  return parse((await browser.storage.local.get(KEY))[KEY]);
}

export async function saveSyncConfig(config: SyncConfig): Promise<void> {
  await browser.storage.local.set({ [KEY]: config });
}

export async function clearSyncConfig(): Promise<void> {
  await browser.storage.local.remove(KEY);
}

/** Calls `listener` with the new settings (undefined once cleared) whenever they change. */
export function onSyncConfigChange(listener: (config: SyncConfig | undefined) => void): void {
  browser.storage.onChanged.addListener((changes, area) => {
    if (area === 'local' && KEY in changes) listener(parse(changes[KEY]?.newValue));
  });
}

/**
 * Asks for access to the folder's host (an optional host permission). Call
 * it straight from the click, before any await: browsers grant only in
 * answer to the user's own action. False when refused or not grantable;
 * throws the sync's `bad-url` error for an address it would not use.
 */
export function requestFolderAccess(url: string): Promise<boolean> {
  const pattern = originPattern(url);
  return browser.permissions.request({ origins: [pattern] }).catch(() => false);
}

/** Whether the folder's host may be reached; false for an address sync would not use. */
export async function hasFolderAccess(url: string): Promise<boolean> {
  let pattern: string;
  try {
    pattern = originPattern(url);
  } catch {
    return false;
  }
  return browser.permissions.contains({ origins: [pattern] }).catch(() => false);
}

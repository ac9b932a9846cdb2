import { browser } from 'wxt/browser';

// Firefox's build is Manifest V2, where the toolbar button is `browserAction`.
const action = browser.action ?? (browser as unknown as { browserAction: typeof browser.action }).browserAction;

/** The toolbar badge tells whether the tab's article is in the library. */
export async function showSavedBadge(tabId: number, saved: boolean): Promise<void> {
  await action.setBadgeText({ tabId, text: saved ? '✓' : '' }).catch(() => undefined);
  await action.setTitle({ tabId, title: '' }).catch(() => undefined);
  if (saved) await action.setBadgeBackgroundColor({ tabId, color: '#2a7a2a' }).catch(() => undefined);
}

/**
 * Saves started from the menu or the shortcut have no popup to speak in:
 * a red `!` and the reason as the button's tooltip tell the reader instead.
 */
export async function showFailureBadge(tabId: number, reason: string): Promise<void> {
  await action.setBadgeText({ tabId, text: '!' }).catch(() => undefined);
  await action.setBadgeBackgroundColor({ tabId, color: '#b3261e' }).catch(() => undefined);
  await action.setTitle({ tabId, title: reason }).catch(() => undefined);
}

import { browser } from 'wxt/browser';

/** The toolbar badge tells whether the tab's article is in the library. */
export async function showSavedBadge(tabId: number, saved: boolean): Promise<void> {
  await browser.action.setBadgeText({ tabId, text: saved ? '✓' : '' }).catch(() => undefined);
  await browser.action.setTitle({ tabId, title: '' }).catch(() => undefined);
  if (saved) await browser.action.setBadgeBackgroundColor({ tabId, color: '#2a7a2a' }).catch(() => undefined);
}

/**
 * Saves started from the menu or the shortcut have no popup to speak in:
 * a red `!` and the reason as the button's tooltip tell the reader instead.
 */
export async function showFailureBadge(tabId: number, reason: string): Promise<void> {
  await browser.action.setBadgeText({ tabId, text: '!' }).catch(() => undefined);
  await browser.action.setBadgeBackgroundColor({ tabId, color: '#b3261e' }).catch(() => undefined);
  await browser.action.setTitle({ tabId, title: reason }).catch(() => undefined);
}

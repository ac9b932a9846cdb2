import { browser } from 'wxt/browser';
import { defineBackground } from 'wxt/utils/define-background';
import { LibraryDb } from '../../lib/library/db';
import { createHandlers, listen, saveTab } from '../../lib/platform/background/handlers';
import { startBackgroundSync } from '../../lib/platform/background/sync';

const MENU_ID = 'save-article';

// Wiring only: what each event does lives in lib/platform/background/, with its unit tests.
export default defineBackground(() => {
  const db = new LibraryDb();
  const sync = startBackgroundSync(db);
  // Every message the background answers, in one registry.
  listen({ ...createHandlers(db, sync.changed), ...sync.handlers });

  browser.runtime.onInstalled.addListener(() => {
    browser.contextMenus.create({ id: MENU_ID, title: browser.i18n.getMessage('menuSave'), contexts: ['page'] });
  });
  browser.contextMenus.onClicked.addListener((info, tab) => {
    if (info.menuItemId === MENU_ID && tab?.id !== undefined) void saveTab(db, tab.id, sync.changed);
  });
  browser.commands.onCommand.addListener((command, tab) => {
    if (command === 'save-article' && tab?.id !== undefined) void saveTab(db, tab.id, sync.changed);
  });
});

import { browser } from 'wxt/browser';
import { defineBackground } from 'wxt/utils/define-background';
import { LibraryDb } from '../../lib/library/db';
import { createHandlers, listen, saveTab } from './handlers';

const MENU_ID = 'save-article';

export default defineBackground(() => {
  const db = new LibraryDb();
  listen(createHandlers(db));

  browser.runtime.onInstalled.addListener(() => {
    browser.contextMenus.create({ id: MENU_ID, title: browser.i18n.getMessage('menuSave'), contexts: ['page'] });
  });
  browser.contextMenus.onClicked.addListener((info, tab) => {
    if (info.menuItemId === MENU_ID && tab?.id !== undefined) void saveTab(db, tab.id);
  });
  browser.commands.onCommand.addListener((command, tab) => {
    if (command === 'save-article' && tab?.id !== undefined) void saveTab(db, tab.id);
  });
});

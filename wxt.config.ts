import { defineConfig } from 'wxt';
import preact from '@preact/preset-vite';

import { PHOTO_HOST_MATCHES, SHARE_PAGE_MATCHES } from './lib/finews/share-url';
import { SYNC_HOST_MATCHES } from './lib/sync/url';

// The WebDAV sync folder's host is asked for when the reader saves the sync
// settings (the one origin lib/sync/url.ts originPattern names), never at install.
const OPTIONAL_HOSTS = [...PHOTO_HOST_MATCHES, ...SYNC_HOST_MATCHES];

export default defineConfig({
  // Explicit imports everywhere: a reader sees where each name comes from.
  imports: false,
  vite: () => ({ plugins: [preact()], worker: { format: 'es' } }),
  manifest: ({ browser }) => ({
    name: '__MSG_extName__',
    description: '__MSG_extDescription__',
    default_locale: 'zh_CN',
    // storage: the sync settings (credentials stay out of the library, so out of every backup);
    // alarms: the periodic sync while a folder is set.
    permissions: ['activeTab', 'scripting', 'contextMenus', 'unlimitedStorage', 'storage', 'alarms'],
    // Host access only to the share pages; any other page is read through
    // activeTab, granted by the reader's click, menu choice or shortcut.
    host_permissions: SHARE_PAGE_MATCHES,
    // Eastmoney's photo CDN, where finews articles keep their pictures: the
    // background saves them with the article so the reader shows them
    // offline, and it can read them across origins only with access to that
    // host (the CDN sends no CORS headers). Asked for when photos first need
    // it (popup or options page), never at install.
    // (MV2 names optional hosts among optional_permissions; WXT would fold
    // optional_host_permissions into the required ones there.)
    ...(browser === 'firefox' ? { optional_permissions: OPTIONAL_HOSTS } : { optional_host_permissions: OPTIONAL_HOSTS }),
    // Extension pages show saved images only (blob: URLs made from stored
    // copies, and the extension's own files): a remote image that slipped
    // into a body can never be loaded from the reader.
    content_security_policy: {
      extension_pages: "script-src 'self'; object-src 'self'; img-src 'self' blob: data:",
    },
    action: { default_title: '__MSG_extName__' },
    commands: {
      'save-article': {
        suggested_key: { default: 'Alt+Shift+S' },
        description: '__MSG_commandSave__',
      },
    },
    ...(browser === 'firefox'
      ? {
          browser_specific_settings: {
            gecko: {
              id: 'finews-reader@finews-reader.invalid',
              strict_min_version: '142.0',
              data_collection_permissions: { required: ['none'] },
            },
          },
        }
      : {}),
  }),
});

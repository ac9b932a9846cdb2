import { browser } from 'wxt/browser';
import { PHOTO_HOST_MATCHES } from '../finews/share-url';

/**
 * Asks for access to the photo server. Call it straight from a click
 * handler, before any await: browsers grant a permission only in answer to
 * the reader's own action. Resolves false when refused.
 */
export function requestPhotoAccess(): Promise<boolean> {
  return browser.permissions.request({ origins: PHOTO_HOST_MATCHES }).catch(() => false);
}

export function hasPhotoAccess(): Promise<boolean> {
  return browser.permissions.contains({ origins: PHOTO_HOST_MATCHES });
}

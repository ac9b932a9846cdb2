import { browser } from 'wxt/browser';
import type { FailureReason } from '../errors';
import type { SyncWords } from '../sync/sync-words';
import type { MessageKey, PageWords } from '../words';

export type { MessageKey };

/** The interface's words, from the extension's locales (zh_CN by default). */
export function t(key: MessageKey, ...substitutions: string[]): string {
  return browser.i18n.getMessage(key, substitutions) || key;
}

/** The page's words for code that runs outside the browser too (lib/words.ts). */
export const pageWords: PageWords = { t, reason: (reason) => t(failureKey(reason)) };

/** The page's words for sync's status, moments written in the browser's locale. */
export const syncWords: SyncWords = { ...pageWords, when: (at) => new Date(at).toLocaleString(navigator.language) };

/** The message key that explains a failure to the reader: one per reason of lib/errors.ts, none renamed. */
export function failureKey(reason: FailureReason): MessageKey {
  return FAILURE_KEYS[reason];
}

const FAILURE_KEYS: Record<FailureReason, MessageKey> = {
  'not-article': 'errorNotArticle',
  'no-body': 'errorNoBody',
  'too-large': 'errorTooLarge',
  garbled: 'errorGarbled',
  'extract-error': 'errorExtractFailed',
  unreachable: 'errorUnreachable',
  permission: 'errorPermission',
  interrupted: 'errorInterrupted',
  quota: 'errorQuota',
  upgrade: 'errorUpgrade',
  storage: 'errorStorage',
  'invalid-input': 'errorInvalidInput',
  'not-found': 'errorNotFound',
  forbidden: 'errorForbidden',
  unexpected: 'errorUnexpected',
};

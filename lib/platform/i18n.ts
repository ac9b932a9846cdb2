import { browser } from 'wxt/browser';
import type messages from '../../public/_locales/en/messages.json';

export type MessageKey = keyof typeof messages;

/** The interface's words, from the extension's locales (zh_CN by default). */
export function t(key: MessageKey, ...substitutions: string[]): string {
  return browser.i18n.getMessage(key, substitutions) || key;
}

/** The message key that explains a failed save to the reader. */
export function failureKey(reason: string): MessageKey {
  switch (reason) {
    case 'not-article':
      return 'errorNotArticle';
    case 'no-body':
      return 'errorNoBody';
    case 'too-large':
      return 'errorTooLarge';
    case 'garbled':
      return 'errorGarbled';
    case 'quota':
      return 'errorQuota';
    case 'upgrade':
      return 'errorUpgrade';
    case 'unreachable':
      return 'errorUnreachable';
    case 'interrupted':
      return 'errorInterrupted';
    default:
      return 'errorStorage';
  }
}

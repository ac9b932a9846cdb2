/**
 * The interface's words as code outside the browser receives them: the page
 * passes lib/platform/i18n's (`pageWords`), tests pass a stand-in, so the
 * code that chooses a message runs in plain Node.
 */
import type { FailureReason } from './errors';
import type messages from '../public/_locales/en/messages.json';

/** A message of the extension's locales (public/_locales). */
export type MessageKey = keyof typeof messages;

/** A message by key, with its substitutions. */
export type Words = (key: MessageKey, ...substitutions: string[]) => string;

/** A page's words: messages by key, and a failure's reason said to the reader. */
export interface PageWords {
  t: Words;
  reason: (reason: FailureReason) => string;
}

/**
 * Every way an action of the extension can fail, by name. A failure keeps
 * its reason from where it happened to the screen (lib/platform/i18n.ts
 * failureKey gives its words): nothing on the way may rename it.
 * No imports with code: the content script loads this, and must not carry
 * Dexie (whose key sentinel Chrome refuses as not UTF-8).
 */
import type { ExtractFailure } from './article';

export type FailureReason =
  /** Extraction: the page gave no article (see lib/extract/failures.ts). */
  | ExtractFailure
  /** The tab cannot be read at all (a browser page, a closed tab). */
  | 'unreachable'
  /** The extension lacks the browser's permission for what was asked (e.g. injecting into a page). */
  | 'permission'
  /** The background did not answer in time, or stopped before answering. */
  | 'interrupted'
  /** Storage is full: the browser refused to store more (IndexedDB's QuotaExceededError). */
  | 'quota'
  /** The library could not be opened or upgraded; IndexedDB left it as it was. */
  | 'upgrade'
  /** The library refused a read or write for another reason. */
  | 'storage'
  /** What arrived (a message, an article, a setting, a tag) does not have the shape it must have. */
  | 'invalid-input'
  /** The article acted on is no longer in the library (deleted meanwhile, in another page). */
  | 'not-found'
  /** A message came from a part of the browser that may not send it. */
  | 'forbidden'
  /** A bug: an exception nobody expected. Logged where it happened. */
  | 'unexpected';

/** A failure as it crosses a boundary: its reason, and a message for logs and English UIs. */
export interface Failed<R extends FailureReason = FailureReason> {
  ok: false;
  reason: R;
  message: string;
}

/** An error thrown with its reason, so every catch up the stack can keep it. */
export class ReasonedError extends Error {
  constructor(
    readonly reason: FailureReason,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'ReasonedError';
  }
}

/** Input that failed a schema (lib/protocol/schemas.ts): the message names what is wrong. */
export class InvalidInputError extends ReasonedError {
  constructor(message: string) {
    super('invalid-input', message);
    this.name = 'InvalidInputError';
  }
}

/** An error's message, whatever was thrown. */
export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

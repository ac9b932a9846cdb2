/** Failure results; the UI translates by `reason`, `message` is for logs and English UIs. */
import type { ExtractFailure, ExtractResult } from '../article';

const MESSAGES: Record<ExtractFailure, string> = {
  'not-article': 'This page does not look like an article: there is no article text to save.',
  'no-body': 'The article text never arrived: the page did not load its body.',
  'too-large': 'This page is too large to extract safely, so it was not read.',
  garbled: 'The text of this page is garbled: its bytes are not in the encoding it declares.',
  'extract-error': 'The extractor failed on this page (the error is in the console); nothing was read.',
};

export function failure(reason: ExtractFailure): ExtractResult {
  return { ok: false, reason, message: MESSAGES[reason] };
}

/** The message for a reason, for callers that report a failure themselves (the content script's no-body). */
export function failureMessage(reason: ExtractFailure): string {
  return MESSAGES[reason];
}

import type { Article, ExtractFailure, ExtractResult } from './article';
import type { SaveOutcome } from './library';

/**
 * The whole message protocol between the extension's parts, in one place.
 * Each entry: what is sent and what comes back.
 */
export interface Protocol {
  /** content script → background: store this extracted article. */
  'save-article': { request: { article: Article }; response: SaveOutcome };
  /** popup → background: extract the article in that tab and store it. */
  'save-tab': { request: { tabId: number }; response: SaveTabOutcome };
  /** content script → background: is this article saved? Also sets the toolbar badge. */
  'page-state': { request: { id: string; canonicalUrl: string }; response: { saved: boolean } };
  /** background → content script: extract the page now (waiting, bounded, for its body). */
  extract: { request: Record<string, never>; response: ExtractResult };
  /** background → content script: the page's article was just saved (from the popup, menu or shortcut). */
  'article-saved': { request: Record<string, never>; response: void };
}

export type MessageType = keyof Protocol;
export type Message<T extends MessageType = MessageType> = { type: T } & Protocol[T]['request'];
export type Response<T extends MessageType> = Protocol[T]['response'];

/** Failures of a save that started from a tab, beyond storage errors. */
export type SaveTabOutcome =
  | SaveOutcome
  | { ok: false; reason: ExtractFailure | 'unreachable'; message: string };

/** Builds a typed message; the only way the parts name a message. */
export function message<T extends MessageType>(type: T, body: Protocol[T]['request']): Message<T> {
  return { type, ...body } as Message<T>;
}

export function isMessage(value: unknown): value is Message {
  return typeof value === 'object' && value !== null && typeof (value as { type?: unknown }).type === 'string';
}

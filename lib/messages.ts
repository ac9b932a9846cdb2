import type { Article, ExtractResult } from './article';
import type { SaveOutcome } from './library';
import type { Post } from './export/post';

/**
 * The whole message protocol between the extension's parts, in one place.
 * Each entry: what is sent and what comes back.
 */
export interface Protocol {
  /** content script → background: store this extracted article. */
  'save-article': { request: { article: Article }; response: StoreOutcome };
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

/** A save as the background reports it: stored, with the photos it had no access to fetch; or refused by storage. */
export type StoreOutcome = (Extract<SaveOutcome, { ok: true }> & { photosWithoutAccess: number }) | Extract<SaveOutcome, { ok: false }>;

/** Failures of a save that started from a tab, beyond storage errors. */
export type SaveTabOutcome =
  | StoreOutcome
  | { ok: false; reason: 'not-article' | 'no-body' | 'too-large' | 'unreachable'; message: string };

/** Builds a typed message; the only way the parts name a message. */
export function message<T extends MessageType>(type: T, body: Protocol[T]['request']): Message<T> {
  return { type, ...body } as Message<T>;
}

export function isMessage(value: unknown): value is Message {
  return typeof value === 'object' && value !== null && typeof (value as { type?: unknown }).type === 'string';
}

/**
 * The export page and its zip worker (entrypoints/export): posts go to the
 * worker in batches; each batch is answered with the zip's bytes so far,
 * which doubles as the acknowledgement that bounds what is in flight.
 */
export type ZipWorkerRequest = { type: 'zip-posts'; posts: Post[] } | { type: 'zip-end' };
export type ZipWorkerResponse =
  | { type: 'zip-chunks'; chunks: Uint8Array[]; count: number; done: boolean }
  | { type: 'zip-failed'; message: string };

import type { Article, ExtractResult } from '../article';
import type { Failed } from '../errors';
import type { SaveOutcome } from '../library/articles';
import type { ExportSettings } from '../export/settings';
import type { SyncConfig } from '../sync/url';
import type { SyncView } from '../sync/view';

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
  'page-state': { request: { id: string; canonicalUrl: string }; response: { saved: boolean } | Refused };
  /** background → content script: extract the page now (waiting, bounded, for its body). */
  extract: { request: Record<never, never>; response: ExtractResult };
  /** background → content script: the page's article was just saved (from the popup, menu or shortcut). */
  'article-saved': { request: Record<never, never>; response: void };
  /** extension page → background: sync with the configured folder now; answers once it ended. */
  'sync-now': { request: Record<never, never>; response: SyncView | Refused };
  /**
   * options page → background: does this folder answer with these
   * credentials? The one message that carries them (the form's values,
   * maybe not saved yet); never logged, never stored by the background.
   */
  'sync-test': { request: { config: SyncConfig }; response: SyncTestOutcome | Refused };
  /** extension page → background: the status line (last sync, changes waiting, running or not). */
  'sync-status': { request: { countPending: boolean }; response: SyncView | Refused };
  /** extension page → background: the page changed the library; a sync follows in a few seconds. */
  'library-changed': { request: Record<never, never>; response: void };
}

/** "Test connection": the folder answered, or why not (a SyncErrorKind, or `permission` when the host is not allowed). */
export type SyncTestOutcome = { ok: true } | { ok: false; kind: string; message: string };

export type MessageType = keyof Protocol;
export type Message<T extends MessageType = MessageType> = { type: T } & Protocol[T]['request'];
export type Response<T extends MessageType> = Protocol[T]['response'];
/** Any one message, told apart by its `type`. */
export type AnyMessage = { [T in MessageType]: Message<T> }[MessageType];

/**
 * What the background answers instead when it did not act: the message was
 * malformed or came from a part that may not send it (senders.ts), or its
 * handler failed in a way nobody expected (logged in the background).
 */
export type Refused = Failed<'invalid-input' | 'forbidden' | 'unexpected'>;

/** A save as the background reports it: stored, with the photos it had no access to fetch; or failed, with its reason. */
export type StoreOutcome = (Extract<SaveOutcome, { ok: true }> & { photosWithoutAccess: number }) | Failed;

/** A save that started from a tab: it may also fail to read the tab (extraction, access). */
export type SaveTabOutcome = StoreOutcome;

/**
 * The background gave no answer: its service worker stopped before
 * answering (the browser may stop it at any time; its channel then closes),
 * or it took longer than a save can. Whatever it had written is whole, since
 * every save is one transaction, so the library knows whether the save landed.
 */
export type Interrupted = { ok: false; reason: 'interrupted'; message: string };

/** What an extension page gets back when it asks about sync: the status, or why there is none. */
export type ViewOrFailure = SyncView | Refused | Interrupted;

export const isView = (answer: ViewOrFailure): answer is SyncView => 'configured' in answer;

/**
 * Longest a save may take before its sender stops waiting: the body's wait
 * (10 s), every image (lib/library/images.ts: 20 s in all) and the write, with room
 * to spare on a slow machine.
 */
export const SAVE_ANSWER_MS = 60_000;

/** Longest a look-up (is this article saved?) may take: one read, plus starting a stopped worker. */
export const STATE_ANSWER_MS = 10_000;

/**
 * The answer to a request already sent, or Interrupted when the channel
 * closed without one or none came within `ms`. Never rejects: a sender
 * always learns how its save ended.
 */
export async function answerWithin<R>(request: Promise<R | undefined>, ms: number): Promise<R | Interrupted> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const interrupted = (detail: string): Interrupted => ({
    ok: false,
    reason: 'interrupted',
    message: `The extension's background did not answer (${detail}); a save it was making is either whole in the library or not there at all.`,
  });
  const late = new Promise<Interrupted>((resolve) => {
    timer = setTimeout(() => resolve(interrupted(`no answer within ${ms / 1000} s`)), ms);
  });
  try {
    return await Promise.race([
      request.then(
        (answer) => answer ?? interrupted('an empty answer'),
        (error: unknown) => interrupted(error instanceof Error ? error.message : String(error)),
      ),
      late,
    ]);
  } finally {
    clearTimeout(timer);
  }
}

/** Builds a typed message; the only way the parts name a message. */
export function message<T extends MessageType>(type: T, body: Protocol[T]['request']): Message<T> {
  return { type, ...body } as Message<T>;
}


/**
 * The export page and its worker (entrypoints/export). The worker reads the
 * library, writes each post around its body and zips it; the page only
 * converts bodies to Markdown (that needs a DOM, which workers lack), a page
 * of bodies at a time, as the worker asks. The zip's bytes come back as they
 * are written.
 */
/** A post the export left out, and why: it has no date (see lib/export/date.ts). */
export interface RefusedPost {
  id: string;
  title: string;
}

export type ExportWorkerRequest =
  | { type: 'export-start'; ids?: string[]; settings: ExportSettings }
  | { type: 'converted'; bodies: string[] };
export type ExportWorkerResponse =
  /** Stored bodies, for `postBody(html, 'markdown')`. */
  | { type: 'convert'; htmls: string[] }
  /** `refused` (on the last) names the posts left out because they have no date. */
  | { type: 'zip-chunks'; chunks: Uint8Array[]; count: number; done: boolean; refused?: RefusedPost[] }
  | { type: 'export-failed'; message: string };

/**
 * Who may send which runtime message, and the one check every received
 * message passes before a handler sees it: from this extension, from the
 * part that sends that message, and in the shape the protocol gives it.
 */
import type { Failed } from '../errors';
import { isContentScriptPage } from '../finews/share-url';
import type { AnyMessage, MessageType } from './messages';
import { MessageSchema } from './schemas';
import { check } from './validate';

/** What the browser says about a message's sender (runtime.MessageSender, the fields we read). */
export interface Sender {
  id?: string;
  url?: string;
  tab?: { id?: number };
  frameId?: number;
}

/** This extension, as the receiving end knows it. */
export interface Self {
  id: string;
  /** The extension's own origin with a trailing slash (`runtime.getURL('/')`). */
  origin: string;
}

/** The parts of the extension that send messages. */
export type Source = 'share-page' | 'extension-page' | 'background';

/**
 * Who sends each message. A share page's content script saves what it
 * extracted and asks about its own page; only extension pages (the popup)
 * may ask the background to read any tab; only the background asks a
 * content script to extract.
 */
export const SENDERS: Record<MessageType, Source> = {
  'save-article': 'share-page',
  'page-state': 'share-page',
  'save-tab': 'extension-page',
  extract: 'background',
  'article-saved': 'background',
  // Sync acts on the user's folder with their credentials: only the extension's own pages may start or probe it.
  'sync-now': 'extension-page',
  'sync-test': 'extension-page',
  'sync-status': 'extension-page',
  'library-changed': 'extension-page',
};

/** Why `sender` may not send a message of `type`, or undefined when it may. */
export function senderProblem(type: MessageType, sender: Sender, self: Self): string | undefined {
  if (sender.id !== self.id) return `"${type}" came from outside this extension`;
  const url = sender.url ?? '';
  switch (SENDERS[type]) {
    case 'share-page':
      if (sender.tab?.id === undefined || !isContentScriptPage(url)) return `"${type}" may only come from a share page's content script`;
      // The content script runs in the top frame only: a share page framed by another is not it.
      if (sender.frameId !== undefined && sender.frameId !== 0) return `"${type}" may only come from a share page's top frame`;
      return undefined;
    case 'extension-page':
      return url.startsWith(self.origin) ? undefined : `"${type}" may only come from the extension's own pages`;
    case 'background':
      // Not from a tab, and (where the browser names it) from the extension's own script.
      return sender.tab === undefined && (url === '' || url.startsWith(self.origin)) ? undefined : `"${type}" may only come from the extension's background`;
  }
}

export type Received =
  /** Not a message of this protocol (or not one `wanted` here): leave it to other listeners. */
  | { kind: 'ignore' }
  /** Ours, but from the wrong sender or malformed: answer with the failure, act on nothing. */
  | { kind: 'refuse'; failure: Failed<'forbidden' | 'invalid-input'> }
  | { kind: 'accept'; message: AnyMessage };

/** Checks a received message: its type is one `wanted`, its sender may send it, its shape is the protocol's. */
export function receive(raw: unknown, sender: Sender, self: Self, wanted: readonly MessageType[]): Received {
  const type = typeof raw === 'object' && raw !== null ? (raw as { type?: unknown }).type : undefined;
  if (typeof type !== 'string' || !(wanted as string[]).includes(type)) return { kind: 'ignore' };
  const forbidden = senderProblem(type as MessageType, sender, self);
  if (forbidden) return { kind: 'refuse', failure: { ok: false, reason: 'forbidden', message: `Refused: ${forbidden}.` } };
  const checked = check(MessageSchema, raw);
  if (!checked.ok) return { kind: 'refuse', failure: { ok: false, reason: 'invalid-input', message: `Refused "${type}": ${checked.message}; nothing was done.` } };
  return { kind: 'accept', message: checked.value };
}

/**
 * The background's side of the runtime messages: each received message is
 * checked (senders.ts) and handed to its handler in the one registry, and
 * whatever happens the sender gets an answer that names what went wrong.
 */
import { failureOf } from '../library/articles';
import type { Message, MessageType, Response } from './messages';
import { receive, type Self, type Sender } from './senders';

export type Handler<T extends MessageType> = (msg: Message<T>, sender: Sender) => Promise<Response<T>>;
export type Handlers = { [T in MessageType]?: Handler<T> };

/** Where refusals and failures are logged (the background's console). */
export type Log = Pick<Console, 'warn' | 'error'>;

/**
 * The answer to a received message, or undefined when it is not one of
 * the handlers' (another listener's, or no message at all). The promise
 * never rejects: a handler's error becomes its failure (failureOf), logged.
 */
export function dispatch(raw: unknown, sender: Sender, self: Self, handlers: Handlers, log: Log = console): Promise<unknown> | undefined {
  const received = receive(raw, sender, self, Object.keys(handlers) as MessageType[]);
  if (received.kind === 'ignore') return undefined;
  if (received.kind === 'refuse') {
    log.warn('Finews Reader:', received.failure.message, sender);
    return Promise.resolve(received.failure);
  }
  const handler = handlers[received.message.type] as Handler<MessageType>;
  return handler(received.message, sender).catch((error: unknown) => {
    const failure = failureOf(error);
    log.error(`Finews Reader: "${received.message.type}" failed (${failure.reason})`, error);
    return failure;
  });
}

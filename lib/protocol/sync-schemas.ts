/**
 * The sync settings as they cross a boundary: in the `sync-test` message,
 * and as read back from the extension's local storage. Shape only; whether
 * the address is acceptable is the sync's own check (lib/sync/url.ts), which
 * answers with its kind (`bad-url`) and the page's words for it.
 */
import * as v from 'valibot';
import type { SyncConfig } from '../sync/url';
import { objectMessage, text } from './validate';

export const SyncConfigSchema = v.strictObject(
  {
    url: text(2_048, '"url" must be the folder\'s address', 'the folder\'s address is too long'),
    user: text(512, '"user" must be a string', 'the user name is too long'),
    password: text(4_096, '"password" must be a string', 'the password is too long'),
    photos: v.optional(v.boolean('"photos" must be true or false')),
  },
  objectMessage('sync settings', 'sync settings must be an object'),
) satisfies v.GenericSchema<unknown, SyncConfig>;

/**
 * The runtime messages and the export worker's messages as schemas: what
 * each end accepts, checked before anything acts on it. The types stay in
 * messages.ts; `satisfies` keeps the two from drifting apart.
 */
import * as v from 'valibot';
import { ArticleSchema } from '../library/schemas';
import { SettingsPatchSchema } from '../library/settings';
import type { ExportSettings } from '../export/settings';
import type { AnyMessage, ExportWorkerRequest, ExportWorkerResponse } from './messages';
import { objectMessage, text } from './validate';
import { SyncConfigSchema } from './sync-schemas';

const ADDRESS = 2_048;
/** More articles than any library holds; an export names at most these. */
const MAX_IDS = 1_000_000;
/** Bodies per conversion batch (the worker asks for a page at a time, far fewer). */
const MAX_BATCH = 10_000;

const message = <T extends string, E extends v.ObjectEntries>(type: T, entries: E) =>
  v.strictObject({ type: v.literal(type), ...entries }, objectMessage(`message "${type}"`, `message "${type}" must be an object`));

/** Every runtime message, by its `type`. */
export const MessageSchema = v.variant(
  'type',
  [
    message('save-article', { article: ArticleSchema }),
    message('save-tab', { tabId: v.pipe(v.number('"tabId" must be a tab id'), v.integer('"tabId" must be a tab id'), v.minValue(0, '"tabId" must be a tab id')) }),
    message('page-state', { id: text(ADDRESS, '"id" must be a string'), canonicalUrl: text(ADDRESS, '"canonicalUrl" must be a string') }),
    message('extract', {}),
    message('article-saved', {}),
    message('sync-now', {}),
    message('sync-test', { config: SyncConfigSchema }),
    message('sync-status', { countPending: v.boolean('"countPending" must be true or false') }),
    message('library-changed', {}),
  ],
  (issue) => (typeof issue.input === 'string' ? `unknown message type "${issue.input}"` : 'a message needs a "type" string'),
) satisfies v.GenericSchema<unknown, AnyMessage>;

/** All the settings, as the export page hands them to its worker. */
const FullSettingsSchema = v.pipe(
  SettingsPatchSchema,
  v.check((settings) => Object.values(settings).every((value) => value !== undefined) && Object.keys(settings).length === 5, 'the export needs every setting'),
) as unknown as v.GenericSchema<unknown, ExportSettings>;

const strings = (what: string, max: number, maxEach: number) =>
  v.pipe(v.array(text(maxEach, `"${what}" must be a list of strings`), `"${what}" must be a list of strings`), v.maxLength(max, `"${what}" is too long`));

/** What the export page sends its worker. */
export const ExportWorkerRequestSchema = v.variant(
  'type',
  [
    message('export-start', { ids: v.optional(strings('ids', MAX_IDS, ADDRESS)), settings: FullSettingsSchema }),
    message('converted', { bodies: strings('bodies', MAX_BATCH, 50_000_000) }),
  ],
  (issue) => `unknown export request ${JSON.stringify(issue.input)}`,
) satisfies v.GenericSchema<unknown, ExportWorkerRequest>;

/** What the export's worker sends its page. */
export const ExportWorkerResponseSchema = v.variant(
  'type',
  [
    message('convert', { htmls: strings('htmls', MAX_BATCH, 50_000_000) }),
    message('zip-chunks', {
      chunks: v.array(v.instance(Uint8Array, '"chunks" must be byte arrays'), '"chunks" must be a list of byte arrays'),
      count: v.pipe(v.number('"count" must be a count'), v.integer('"count" must be a count'), v.minValue(0, '"count" must be a count')),
      done: v.boolean('"done" must be true or false'),
      refused: v.optional(
        v.array(
          v.strictObject({ id: text(ADDRESS, 'a refused post needs an "id"'), title: v.string('a refused post needs a "title"') }, objectMessage('refused post', 'a refused post must be an object')),
          '"refused" must be a list of posts',
        ),
      ),
    }),
    message('export-failed', { message: v.string('"message" must be a string') }),
  ],
  (issue) => `unknown export response ${JSON.stringify(issue.input)}`,
) satisfies v.GenericSchema<unknown, ExportWorkerResponse>;

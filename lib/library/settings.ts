import * as v from 'valibot';
import { InvalidInputError } from '../errors';
import { describeIssue } from '../protocol/validate';
import type { LibraryDb } from './db';
import { DEFAULT_EXPORT_SETTINGS, type ExportSettings } from '../export/settings';

/**
 * The user's settings, one row of the `settings` table per ExportSettings
 * field (`key` = the field name). Only what the user set is stored, so a
 * later version's better default reaches everyone who never changed it.
 */
export const SETTING_KEYS = Object.keys(DEFAULT_EXPORT_SETTINGS) as (keyof ExportSettings)[];

/** The settings in force: stored values, with the default for any missing or malformed one. */
export async function getSettings(db: LibraryDb): Promise<ExportSettings> {
  const rows = await db.settings.bulkGet(SETTING_KEYS);
  const settings = defaults();
  rows.forEach((row, i) => {
    if (!row) return;
    const key = SETTING_KEYS[i]!;
    // Rows come from older versions and backups too: never let one bad value fail the reader.
    const value = key === 'slugOverrides' ? validOverrides(row.value) : storedValue(key, row.value);
    if (value !== undefined) Object.assign(settings, { [key]: value });
  });
  return settings;
}

/**
 * Checks and stores the given fields (`slugOverrides` is replaced as a
 * whole), then returns the settings in force. Throws a SettingsError naming
 * the field for an unknown key or an invalid value, storing nothing.
 */
export async function saveSettings(db: LibraryDb, patch: Partial<ExportSettings>): Promise<ExportSettings> {
  const checked = checkSettings(patch);
  return db.transaction('rw', db.settings, async () => {
    await db.settings.bulkPut(Object.entries(checked).map(([key, value]) => ({ key, value })));
    return getSettings(db);
  });
}

/**
 * A base address: `http(s)://host[/path]`, or `//host[/path]` when
 * protocol-relative is allowed; kept without surrounding spaces and
 * trailing slashes. Each check's message names `what`.
 */
function baseAddress(what: string, protocolRelative: boolean) {
  const shape = protocolRelative ? '"https://host", "http://host" or "//host"' : '"https://host" or "http://host"';
  return v.pipe(
    v.string(`${what} must be text like ${shape}`),
    v.transform((value) => value.trim().replace(/\/+$/, '')),
    v.check((base) => /^https?:\/\//i.test(base) || (protocolRelative && base.startsWith('//')), `${what} must start like ${shape}`),
    v.check((base) => !/[\s\x00-\x1f\x7f?#]/.test(base), `${what} must not contain spaces, "?" or "#"`),
    v.check(hasHost, (issue) => `${what} "${String(issue.input)}" has no valid host name`),
  );
}

function hasHost(base: string): boolean {
  try {
    return new URL(/^https?:\/\//i.test(base) ? base : `https:${base}`).hostname !== '';
  } catch {
    return false;
  }
}

/**
 * What is wrong with one `source = slug` override, or undefined when nothing
 * is. The slug becomes a path segment of `<blog>/category/<slug>.html` and a
 * front-matter value.
 */
function overrideProblem(source: string, slug: unknown): string | undefined {
  if (source.trim() === '') return 'A slug override needs a source name';
  if (typeof slug !== 'string' || slug === '') return `The slug for "${source}" must not be empty`;
  if (/\s/.test(slug)) return `The slug for "${source}" must not contain spaces`;
  if (/[/\\?#%\x00-\x1f\x7f]/.test(slug)) return `The slug for "${source}" must not contain "/", "\\", "?", "#", "%" or control characters`;
  if (slug === '.' || slug === '..') return `The slug for "${source}" must not be "." or ".."`;
  return undefined;
}

const isPlainObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** Source names mapped to slugs; a bad entry's issue has its source as the last key of its path. */
const SlugOverridesSchema = v.pipe(
  v.custom<Record<string, unknown>>(isPlainObject, 'Slug overrides must map source names to slugs'),
  v.rawTransform(({ dataset, addIssue, NEVER }) => {
    const entries = Object.entries(dataset.value);
    for (const [source, slug] of entries) {
      const message = overrideProblem(source, slug);
      if (message) {
        addIssue({ message, path: [{ type: 'object', origin: 'value', input: dataset.value, key: source, value: slug }] });
        return NEVER;
      }
    }
    // fromEntries, not assignment: a source named "__proto__" stays a plain key.
    return Object.fromEntries(entries) as Record<string, string>;
  }),
);

/**
 * What the settings form, a backup or a stored row may set: each known
 * field checked and normalized (URLs lose surrounding spaces and trailing
 * slashes), an unknown key refused. Messages are the form's own sentences;
 * settingsError turns the first issue into the SettingsError the options
 * page words in the reader's language.
 */
export const SettingsPatchSchema = v.strictObject(
  {
    bodyFormat: v.optional(v.picklist(['markdown', 'html'], 'Body format must be "markdown" or "html"')),
    blogBase: v.optional(baseAddress('Blog address', true)),
    shareBase: v.optional(baseAddress('Share-page address', false)),
    backLinks: v.optional(v.boolean('"backLinks" must be true or false')),
    slugOverrides: v.optional(SlugOverridesSchema),
  },
  (issue) => (issue.expected === 'never' ? `Unknown setting "${String(issue.path?.at(-1)?.key)}"` : 'Settings must be an object'),
) satisfies v.GenericSchema<unknown, Partial<ExportSettings>>;

/** The refusal an issue of SettingsPatchSchema means: which field (its path's first key) and, for a slug, which source. */
function settingsError(issue: v.BaseIssue<unknown>): SettingsError {
  const [field, entry] = (issue.path ?? []).map((item) => item.key);
  const message = describeIssue(issue);
  if (field === 'blogBase') return new SettingsError('blog-base', 'Blog address', message);
  if (field === 'shareBase') return new SettingsError('share-base', 'Share-page address', message);
  if (field === 'slugOverrides' && typeof entry === 'string') return new SettingsError('slug', entry, message);
  if (field === 'slugOverrides') return new SettingsError('slug-map', '', message);
  if (field === 'bodyFormat') return new SettingsError('body-format', '', message);
  if (field === 'backLinks') return new SettingsError('back-links', '', message);
  if (issue.expected === 'never' && field !== undefined) return new SettingsError('unknown', String(field), message);
  return new SettingsError('other', '', message);
}

/**
 * Validates and normalizes fields of ExportSettings in one pass of
 * SettingsPatchSchema. Throws a SettingsError naming the field on an
 * unknown key or a bad value; `undefined` values are left out.
 */
export function checkSettings(patch: Record<string, unknown>): Partial<ExportSettings> {
  const result = v.safeParse(SettingsPatchSchema, patch);
  if (!result.success) throw settingsError(result.issues[0]);
  return Object.fromEntries(Object.entries(result.output).filter(([, value]) => value !== undefined)) as Partial<ExportSettings>;
}

/** A fresh copy of the defaults (the exported constant is frozen). */
function defaults(): ExportSettings {
  return { ...DEFAULT_EXPORT_SETTINGS, slugOverrides: { ...DEFAULT_EXPORT_SETTINGS.slugOverrides } };
}

/** A stored value of `key` as its field's schema reads it, or undefined when malformed. */
function storedValue(key: keyof ExportSettings, value: unknown): unknown {
  const result = v.safeParse(SettingsPatchSchema.entries[key], value);
  return result.success ? result.output : undefined;
}

/** Stored overrides minus any bad entry: one odd slug should not cost the others. */
function validOverrides(value: unknown): Record<string, string> | undefined {
  if (!isPlainObject(value)) return undefined;
  return Object.fromEntries(Object.entries(value).filter(([source, slug]) => overrideProblem(source, slug) === undefined)) as Record<string, string>;
}

/** Slug overrides as the settings page edits them: one `source = slug` per line. */
export function formatSlugOverrides(overrides: Record<string, string>): string {
  return Object.entries(overrides)
    .map(([source, slug]) => `${source} = ${slug}`)
    .join('\n');
}

/** Reads `source = slug` lines; blank lines are skipped, a line without `=` is an error. */
export function parseSlugOverrides(text: string): Record<string, string> {
  const overrides: Record<string, string> = {};
  text.split(/\r?\n/).forEach((line, index) => {
    if (!line.trim()) return;
    const at = line.lastIndexOf('=');
    if (at < 0) throw new SettingsError('slug-line', String(index + 1), `line ${index + 1}: write it as "source = slug"`);
    overrides[line.slice(0, at).trim()] = line.slice(at + 1).trim();
  });
  return overrides;
}

/**
 * A setting the form cannot take (an invalid input). `problem` says which, so
 * the options page can say it in the reader's language; `subject` is the
 * source or line it is about. The message stays English for logs and the
 * command line.
 */
export class SettingsError extends InvalidInputError {
  constructor(
    readonly problem: 'slug-line' | 'slug' | 'slug-map' | 'blog-base' | 'share-base' | 'body-format' | 'back-links' | 'unknown' | 'other',
    readonly subject: string,
    message: string,
  ) {
    super(message);
    this.name = 'SettingsError';
  }
}

import * as v from 'valibot';
import { InvalidInputError } from '../errors';
import { check, checkedBy } from '../protocol/validate';
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
    const value = key === 'slugOverrides' ? validOverrides(row.value) : tryCheck(key, row.value);
    if (value !== undefined) Object.assign(settings, { [key]: value });
  });
  return settings;
}

/**
 * Checks and stores the given fields (`slugOverrides` is replaced as a
 * whole), then returns the settings in force. Throws an Error naming the
 * field for an unknown key or an invalid value, storing nothing.
 */
export async function saveSettings(db: LibraryDb, patch: Partial<ExportSettings>): Promise<ExportSettings> {
  const checked = checkSettings(patch);
  return db.transaction('rw', db.settings, async () => {
    await db.settings.bulkPut(Object.entries(checked).map(([key, value]) => ({ key, value })));
    return getSettings(db);
  });
}

/**
 * What the settings form, a backup or a stored row may set: each known
 * field checked and normalized (URLs lose surrounding spaces and trailing
 * slashes), an unknown key refused. Messages are the form's own sentences.
 */
export const SettingsPatchSchema = v.strictObject(
  {
    bodyFormat: v.optional(v.picklist(['markdown', 'html'], 'Body format must be "markdown" or "html"')),
    blogBase: v.optional(checkedBy((value) => checkBase(value, 'Blog address', true, 'blog-base'))),
    shareBase: v.optional(checkedBy((value) => checkBase(value, 'Share-page address', false, 'share-base'))),
    backLinks: v.optional(v.boolean('"backLinks" must be true or false')),
    slugOverrides: v.optional(checkedBy(checkOverrides)),
  },
  (issue) => (issue.expected === 'never' ? `Unknown setting "${String(issue.path?.at(-1)?.key)}"` : 'Settings must be an object'),
) satisfies v.GenericSchema<unknown, Partial<ExportSettings>>;

/**
 * Validates and normalizes fields of ExportSettings. Throws an
 * InvalidInputError naming the field on an unknown key or a bad value;
 * `undefined` values are left out.
 */
export function checkSettings(patch: Record<string, unknown>): Partial<ExportSettings> {
  const checked = check(SettingsPatchSchema, patch);
  if (!checked.ok) {
    // The field checks' own SettingsError, when one refused it, so the options page can say which in the reader's language.
    if (patch.blogBase !== undefined) checkBase(patch.blogBase, 'Blog address', true, 'blog-base');
    if (patch.shareBase !== undefined) checkBase(patch.shareBase, 'Share-page address', false, 'share-base');
    if (patch.slugOverrides !== undefined) checkOverrides(patch.slugOverrides);
    throw new InvalidInputError(checked.message);
  }
  return Object.fromEntries(Object.entries(checked.value).filter(([, value]) => value !== undefined)) as Partial<ExportSettings>;
}

/** A fresh copy of the defaults (the exported constant is frozen). */
function defaults(): ExportSettings {
  return { ...DEFAULT_EXPORT_SETTINGS, slugOverrides: { ...DEFAULT_EXPORT_SETTINGS.slugOverrides } };
}

function checkField(key: keyof ExportSettings, value: unknown): unknown {
  return checkSettings({ [key]: value })[key];
}

function checkOverrides(value: unknown): Record<string, string> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new SettingsError('other', '', 'Slug overrides must map source names to slugs');
  }
  const entries = Object.entries(value);
  for (const [source, slug] of entries) checkOverride(source, slug);
  // fromEntries, not assignment: a source named "__proto__" stays a plain key.
  return Object.fromEntries(entries) as Record<string, string>;
}

function tryCheck(key: keyof ExportSettings, value: unknown): unknown {
  try {
    return checkField(key, value);
  } catch {
    return undefined;
  }
}

/** Stored overrides minus any bad entry: one odd slug should not cost the others. */
function validOverrides(value: unknown): Record<string, string> | undefined {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
  return Object.fromEntries(
    Object.entries(value).filter(([source, slug]) => {
      try {
        checkOverride(source, slug);
        return true;
      } catch {
        return false;
      }
    }),
  ) as Record<string, string>;
}

// The slug becomes a path segment of `<blog>/category/<slug>.html` and a front-matter value.
function checkOverride(source: string, slug: unknown): void {
  const bad = (message: string): never => {
    throw new SettingsError('slug', source, message);
  };
  if (source.trim() === '') bad('A slug override needs a source name');
  if (typeof slug !== 'string' || slug === '') return bad(`The slug for "${source}" must not be empty`);
  if (/\s/.test(slug)) bad(`The slug for "${source}" must not contain spaces`);
  if (/[/\\?#%\x00-\x1f\x7f]/.test(slug)) {
    bad(`The slug for "${source}" must not contain "/", "\\", "?", "#", "%" or control characters`);
  }
  if (slug === '.' || slug === '..') bad(`The slug for "${source}" must not be "." or ".."`);
}

/** `http(s)://host[/path]`, or `//host[/path]` when protocol-relative is allowed. */
function checkBase(value: unknown, what: string, protocolRelative: boolean, problem: 'blog-base' | 'share-base'): string {
  const shape = protocolRelative ? '"https://host", "http://host" or "//host"' : '"https://host" or "http://host"';
  if (typeof value !== 'string') throw new SettingsError(problem, what, `${what} must be text like ${shape}`);
  const base = value.trim().replace(/\/+$/, '');
  const absolute = /^https?:\/\//i.test(base);
  if (!absolute && !(protocolRelative && base.startsWith('//'))) throw new SettingsError(problem, what, `${what} must start like ${shape}`);
  if (/[\s\x00-\x1f\x7f?#]/.test(base)) throw new SettingsError(problem, what, `${what} must not contain spaces, "?" or "#"`);
  let host = '';
  try {
    host = new URL(absolute ? base : `https:${base}`).hostname;
  } catch {
    // Left empty: reported below.
  }
  if (!host) throw new SettingsError(problem, what, `${what} "${base}" has no valid host name`);
  return base;
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
    readonly problem: 'slug-line' | 'slug' | 'blog-base' | 'share-base' | 'other',
    readonly subject: string,
    message: string,
  ) {
    super(message);
    this.name = 'SettingsError';
  }
}

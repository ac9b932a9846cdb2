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
 * Validates and normalizes fields of ExportSettings (URLs lose surrounding
 * spaces and trailing slashes). Throws on an unknown key or a bad value;
 * `undefined` values are left out.
 */
export function checkSettings(patch: Record<string, unknown>): Partial<ExportSettings> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(patch)) {
    if (!(SETTING_KEYS as string[]).includes(key)) throw new Error(`Unknown setting "${key}"`);
    if (value !== undefined) out[key] = checkField(key as keyof ExportSettings, value);
  }
  return out as Partial<ExportSettings>;
}

/** A fresh copy of the defaults (the exported constant is frozen). */
function defaults(): ExportSettings {
  return { ...DEFAULT_EXPORT_SETTINGS, slugOverrides: { ...DEFAULT_EXPORT_SETTINGS.slugOverrides } };
}

function checkField(key: keyof ExportSettings, value: unknown): unknown {
  switch (key) {
    case 'bodyFormat':
      if (value !== 'markdown' && value !== 'html') throw new Error('Body format must be "markdown" or "html"');
      return value;
    case 'backLinks':
      if (typeof value !== 'boolean') throw new Error('"backLinks" must be true or false');
      return value;
    case 'blogBase':
      return checkBase(value, 'Blog address', true);
    case 'shareBase':
      return checkBase(value, 'Share-page address', false);
    case 'slugOverrides': {
      if (typeof value !== 'object' || value === null || Array.isArray(value)) {
        throw new Error('Slug overrides must map source names to slugs');
      }
      const entries = Object.entries(value);
      for (const [source, slug] of entries) checkOverride(source, slug);
      // fromEntries, not assignment: a source named "__proto__" stays a plain key.
      return Object.fromEntries(entries);
    }
  }
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
  if (source.trim() === '') throw new Error('A slug override needs a source name');
  if (typeof slug !== 'string' || slug === '') throw new Error(`The slug for "${source}" must not be empty`);
  if (/\s/.test(slug)) throw new Error(`The slug for "${source}" must not contain spaces`);
  if (/[/\\?#%\x00-\x1f\x7f]/.test(slug)) {
    throw new Error(`The slug for "${source}" must not contain "/", "\\", "?", "#", "%" or control characters`);
  }
  if (slug === '.' || slug === '..') throw new Error(`The slug for "${source}" must not be "." or ".."`);
}

/** `http(s)://host[/path]`, or `//host[/path]` when protocol-relative is allowed. */
function checkBase(value: unknown, what: string, protocolRelative: boolean): string {
  const shape = protocolRelative ? '"https://host", "http://host" or "//host"' : '"https://host" or "http://host"';
  if (typeof value !== 'string') throw new Error(`${what} must be text like ${shape}`);
  const base = value.trim().replace(/\/+$/, '');
  const absolute = /^https?:\/\//i.test(base);
  if (!absolute && !(protocolRelative && base.startsWith('//'))) throw new Error(`${what} must start like ${shape}`);
  if (/[\s\x00-\x1f\x7f?#]/.test(base)) throw new Error(`${what} must not contain spaces, "?" or "#"`);
  let host = '';
  try {
    host = new URL(absolute ? base : `https:${base}`).hostname;
  } catch {
    // Left empty: reported below.
  }
  if (!host) throw new Error(`${what} "${base}" has no valid host name`);
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
    if (at < 0) throw new Error(`line ${index + 1}: write it as "source = slug"`);
    overrides[line.slice(0, at).trim()] = line.slice(at + 1).trim();
  });
  return overrides;
}

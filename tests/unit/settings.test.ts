import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import { DEFAULT_EXPORT_SETTINGS, type ExportSettings } from '../../lib/export/settings';
import { getSettings, saveSettings, SettingsError } from '../../lib/library/settings';
import { failureOf } from '../../lib/library/articles';
import { useTestDb } from './helpers';

const db = useTestDb('settings-test');

describe('getSettings', () => {
  it('gives the defaults for an empty table, as a copy that can be changed', async () => {
    const settings = await getSettings(db());
    expect(settings).toEqual(DEFAULT_EXPORT_SETTINGS);
    settings.slugOverrides.x = 'y';
    expect(DEFAULT_EXPORT_SETTINGS.slugOverrides).toEqual({});
  });

  it('falls back to the default for each malformed field and keeps the good ones', async () => {
    await db().settings.bulkPut([
      { key: 'bodyFormat', value: 'pdf' },
      { key: 'blogBase', value: 42 },
      { key: 'shareBase', value: 'https://mirror.example.org/' },
      { key: 'backLinks', value: 'no' },
      { key: 'slugOverrides', value: { 定西日报: 'dxrb', 坏: 'has space', 空: '', 非: 7 } },
      { key: 'theme', value: 'dark' },
    ]);
    expect(await getSettings(db())).toEqual({
      ...DEFAULT_EXPORT_SETTINGS,
      shareBase: 'https://mirror.example.org',
      slugOverrides: { 定西日报: 'dxrb' },
    });
  });

  it('ignores overrides that are not an object', async () => {
    await db().settings.put({ key: 'slugOverrides', value: ['a'] });
    expect((await getSettings(db())).slugOverrides).toEqual({});
  });
});

describe('saveSettings', () => {
  it('stores one row per field and returns the settings in force', async () => {
    const saved = await saveSettings(db(), { bodyFormat: 'html', slugOverrides: { 定西日报: 'dingxi-ribao' } });
    expect(saved).toEqual({ ...DEFAULT_EXPORT_SETTINGS, bodyFormat: 'html', slugOverrides: { 定西日报: 'dingxi-ribao' } });
    expect(await db().settings.toArray()).toEqual([
      { key: 'bodyFormat', value: 'html' },
      { key: 'slugOverrides', value: { 定西日报: 'dingxi-ribao' } },
    ]);
    expect(await getSettings(db())).toEqual(saved);
  });

  it('changes only the given fields; overrides are replaced as a whole', async () => {
    await saveSettings(db(), { backLinks: false, slugOverrides: { a: 'x' } });
    const saved = await saveSettings(db(), { slugOverrides: { b: 'y' }, blogBase: undefined });
    expect(saved).toMatchObject({ backLinks: false, slugOverrides: { b: 'y' }, blogBase: DEFAULT_EXPORT_SETTINGS.blogBase });
  });

  it('accepts http, https and protocol-relative blog bases, without the trailing slash', async () => {
    expect((await saveSettings(db(), { blogBase: '//blog.example.com/' })).blogBase).toBe('//blog.example.com');
    expect((await saveSettings(db(), { blogBase: ' https://blog.example.com/sub ' })).blogBase).toBe('https://blog.example.com/sub');
    expect((await saveSettings(db(), { shareBase: 'http://127.0.0.1:8080' })).shareBase).toBe('http://127.0.0.1:8080');
  });

  const invalid: [string, Record<string, unknown>, RegExp][] = [
    ['a slug with /', { slugOverrides: { 定西日报: 'a/b' } }, /slug for "定西日报" must not contain "\/"/],
    ['a slug with a space', { slugOverrides: { 定西日报: 'a b' } }, /must not contain spaces/],
    ['an empty slug', { slugOverrides: { 定西日报: '' } }, /must not be empty/],
    ['a slug that is not text', { slugOverrides: { 定西日报: 3 } }, /must not be empty/],
    ['an empty source name', { slugOverrides: { ' ': 'x' } }, /needs a source name/],
    ['overrides that are a list', { slugOverrides: ['x'] }, /map source names to slugs/],
    ['a blog base without scheme', { blogBase: 'blog.example.com' }, /Blog address must start like/],
    ['a javascript: blog base', { blogBase: 'javascript:alert(1)' }, /must start like/],
    ['a blog base without host', { blogBase: 'https://' }, /must start like|no valid host/],
    ['a blog base with a space', { blogBase: 'https://a b.com' }, /must not contain spaces/],
    ['a protocol-relative share base', { shareBase: '//mirror.example.org' }, /Share-page address must start like/],
    ['a share base that is not text', { shareBase: null }, /must be text/],
    ['an unknown body format', { bodyFormat: 'pdf' }, /"markdown" or "html"/],
    ['backLinks as text', { backLinks: 'yes' }, /true or false/],
    ['an unknown key', { theme: 'dark' }, /Unknown setting "theme"/],
  ];
  for (const [what, patch, message] of invalid) {
    it(`refuses ${what} and stores nothing`, async () => {
      await expect(saveSettings(db(), { bodyFormat: 'html', ...patch } as Partial<ExportSettings>)).rejects.toThrow(message);
      expect(await db().settings.count()).toBe(0);
    });
  }

  // The options page words a refusal in the reader's language from its problem and subject
  // (entrypoints/options/error-words.ts): each field's check must name itself, in one pass of the schema.
  const named: [string, Record<string, unknown>, Pick<SettingsError, 'problem' | 'subject'>][] = [
    ['a blog base that is not text', { blogBase: 7 }, { problem: 'blog-base', subject: 'Blog address' }],
    ['a blog base without host', { blogBase: '//' }, { problem: 'blog-base', subject: 'Blog address' }],
    ['a share base with a query', { shareBase: 'https://mirror.example.org/?x' }, { problem: 'share-base', subject: 'Share-page address' }],
    ['a bad slug, by its source', { slugOverrides: { 定西日报: 'dxrb', 甘肃日报: '..' } }, { problem: 'slug', subject: '甘肃日报' }],
    ['a slug override without a source', { slugOverrides: { '': 'x' } }, { problem: 'slug', subject: '' }],
    ['overrides that are not a map', { slugOverrides: 'x = y' }, { problem: 'slug-map', subject: '' }],
    ['an unknown body format', { bodyFormat: 'pdf' }, { problem: 'body-format', subject: '' }],
    ['backLinks as text', { backLinks: 'yes' }, { problem: 'back-links', subject: '' }],
    ['an unknown key', { theme: 'dark' }, { problem: 'unknown', subject: 'theme' }],
  ];
  for (const [what, patch, expected] of named) {
    it(`names ${what} as an invalid input the options page can word`, async () => {
      const error = await saveSettings(db(), patch as Partial<ExportSettings>).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(SettingsError);
      expect(error).toMatchObject(expected);
      expect(failureOf(error)).toMatchObject({ reason: 'invalid-input' });
    });
  }
});

// The options page's work without the page (lib/options/): each action ends
// in a line in the reader's words, and a refusal writes nothing.
import { testArticle, useTestDb } from './helpers';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { PageWords } from '../../lib/words';
import { afterEach, describe, expect, it } from 'vitest';
import { saveArticle } from '../../lib/library/articles';
import { DEFAULT_EXPORT_SETTINGS } from '../../lib/export/post/post';
import { getSettings } from '../../lib/library/settings';
import { backupFile, restoreFile, saveSettingsForm, type SettingsInput } from '../../lib/options/option-actions';
import { settingsProblem } from '../../lib/options/refusal-words';
import { SettingsError } from '../../lib/library/settings';

const db = useTestDb('option-actions');
const words: PageWords = { t: (key, ...subs) => [key, ...subs].join(':'), reason: (reason) => `reason-${reason}` };
const BACKUP = readFileSync(join(__dirname, '..', 'fixtures', 'backups', 'v1-sample.jsonl'), 'utf8');
const linesOf = (text: string) => async function* () {
  yield* text.split('\n');
};
const form: SettingsInput = {
  bodyFormat: 'markdown',
  blogBase: '//finews.withounder.com',
  shareBase: 'http://finews.zning.xyz',
  backLinks: true,
  slugOverridesText: '定西日报 = dxrb',
};

const put = IDBObjectStore.prototype.put;
afterEach(() => {
  IDBObjectStore.prototype.put = put;
});
function fillStorage(): void {
  IDBObjectStore.prototype.put = () => {
    throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
  };
}

describe('the settings form', () => {
  it('saves what it can take, and names what it cannot in words without storing it', async () => {
    const saved = await saveSettingsForm(db(), form, words);
    expect(saved.line).toEqual({ kind: 'info', text: 'settingsSaved' });
    expect(saved.settings?.slugOverrides).toEqual({ 定西日报: 'dxrb' });

    const badLine = await saveSettingsForm(db(), { ...form, slugOverridesText: '定西日报 dxrb' }, words);
    expect(badLine).toEqual({ line: { kind: 'error', text: 'settingsInvalid:settingsSlugLine:1' } });
    const badBase = await saveSettingsForm(db(), { ...form, blogBase: 'not an address' }, words);
    expect(badBase.line.text).toBe('settingsInvalid:settingsBlogBaseBad');
    expect((await getSettings(db())).slugOverrides).toEqual({ 定西日报: 'dxrb' });

    fillStorage();
    const full = await saveSettingsForm(db(), { ...form, backLinks: false }, words);
    expect(full.line.text).toBe('settingsInvalid:reason-quota');
  });

  it('has words for every problem a settings refusal can name', () => {
    const problems: SettingsError['problem'][] = ['slug-line', 'slug', 'slug-map', 'blog-base', 'share-base', 'body-format', 'back-links', 'unknown', 'other'];
    const said = problems.map((problem) => settingsProblem(new SettingsError(problem, 'x', 'English detail'), words.t));
    expect(said.every((text) => text.startsWith('settings') && !text.includes('English detail'))).toBe(true);
    expect(new Set(said).size).toBe(problems.length);
  });
});

describe('backup and restore', () => {
  it('writes the library as a backup that restores into an empty library', async () => {
    await saveArticle(db(), testArticle('NW1'), 1_000);
    await saveArticle(db(), testArticle('NW2'), 2_000);
    const { lines, name, line } = await backupFile(db(), words, new Date('2026-12-03T00:00:00Z'));
    expect(line).toEqual({ kind: 'info', text: 'backupDone:2' });
    expect(name).toBe('finews-library-20261203.jsonl');
    await db().articles.clear();
    const restored = await restoreFile(db(), linesOf(lines!.join('')), words);
    expect(restored).toEqual({ kind: 'info', text: 'restoreDone:2:0:0' });
    expect(await db().articles.count()).toBe(2);
  });

  it('refuses a file that is not a backup, and one it cannot write, saying which, with nothing written', async () => {
    expect(await restoreFile(db(), linesOf('{"hello":"world"}\n'), words)).toEqual({ kind: 'error', text: 'restoreRefused:backupForeign' });
    expect(await db().articles.count()).toBe(0);
    fillStorage();
    expect(await restoreFile(db(), linesOf(BACKUP), words)).toEqual({ kind: 'error', text: 'restoreNotWritten:reason-quota' });
    IDBObjectStore.prototype.put = put;
    expect(await db().articles.count()).toBe(0);
    expect(await getSettings(db())).toEqual(DEFAULT_EXPORT_SETTINGS);
  });
});

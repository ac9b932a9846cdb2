// The sync status in the reader's words, with the extension's real messages
// in both languages: a sync stopped midway, and photos a sync could not
// bring (the popup's line and the options page say both).
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it, vi } from 'vitest';

const dir = path.resolve(import.meta.dirname, '../../public/_locales');
const load = (locale: string) => JSON.parse(readFileSync(path.join(dir, locale, 'messages.json'), 'utf8')) as Record<string, { message: string; placeholders?: Record<string, { content: string }> }>;
const LOCALES = { zh_CN: load('zh_CN'), en: load('en') };
let locale: keyof typeof LOCALES = 'zh_CN';

/** browser.i18n.getMessage as the browser does it: the message, its named placeholders filled from `$1`, `$2`… */
function getMessage(key: string, substitutions: string[] = []): string {
  const entry = LOCALES[locale][key];
  if (!entry) return '';
  return entry.message.replace(/\$([A-Z_]+)\$/g, (_, name: string) => {
    const content = entry.placeholders?.[name.toLowerCase()]?.content ?? '';
    return content.replace(/\$(\d)/g, (__, n: string) => substitutions[Number(n) - 1] ?? '');
  });
}

vi.mock('wxt/browser', () => ({ browser: { i18n: { getMessage: (key: string, subs?: string[]) => getMessage(key, subs) } } }));
// Node 20 has no navigator; the status line formats its time in the browser's language.
vi.stubGlobal('navigator', { language: 'zh-CN' });
const { photosText, statusText } = await import('../../lib/platform/sync-words');

const at = Date.UTC(2026, 0, 2, 3, 4, 5);

describe('the sync status in words', () => {
  it('says a sync that stopped midway was interrupted, in both languages', () => {
    const view = { configured: true, running: false, last: { at, state: 'error' as const, kind: 'interrupted', message: 'engine detail' } };
    locale = 'zh_CN';
    expect(statusText(view)).toContain('同步中途停止了');
    expect(statusText(view)).not.toContain('engine detail');
    locale = 'en';
    expect(statusText(view)).toContain('The sync stopped midway');
  });

  it('says how many photos could not be synced, in both languages; nothing when none failed or while a sync runs', () => {
    const view = { configured: true, running: false, last: { at, state: 'ok' as const, photosFailed: 3 } };
    locale = 'zh_CN';
    expect(photosText(view)).toBe('有 3 张图片未能同步；相应文章中显示为未保存。');
    locale = 'en';
    expect(photosText(view)).toBe('3 photos could not be synced; their articles show them as not saved.');
    expect(photosText({ ...view, running: true })).toBeUndefined();
    expect(photosText({ ...view, last: { at, state: 'ok' } })).toBeUndefined();
    expect(photosText({ ...view, configured: false })).toBeUndefined();
  });
});

// The sync status in the reader's words, with the extension's real messages
// in both languages: a sync stopped midway, and photos a sync could not
// bring (the popup's line and the options page say both).
import { describe, expect, it } from 'vitest';
import { photosText, statusText } from '../../lib/sync/sync-words';
import { localeWords } from '../locale-words';

const at = Date.UTC(2026, 0, 2, 3, 4, 5);
const zh = localeWords('zh_CN');
const en = localeWords('en');

describe('the sync status in words', () => {
  it('says a sync that stopped midway was interrupted, in both languages', () => {
    const view = { configured: true, running: false, last: { at, state: 'error' as const, kind: 'interrupted', message: 'engine detail' } };
    expect(statusText(view, zh)).toContain('同步中途停止了');
    expect(statusText(view, zh)).not.toContain('engine detail');
    expect(statusText(view, en)).toContain('The sync stopped midway');
  });

  it('says how many photos could not be synced, in both languages; nothing when none failed or while a sync runs', () => {
    const view = { configured: true, running: false, last: { at, state: 'ok' as const, photosFailed: 3 } };
    expect(photosText(view, zh.t)).toBe('有 3 张图片未能同步；相应文章中显示为未保存。');
    expect(photosText(view, en.t)).toBe('3 photos could not be synced; their articles show them as not saved.');
    expect(photosText({ ...view, running: true }, en.t)).toBeUndefined();
    expect(photosText({ ...view, last: { at, state: 'ok' } }, en.t)).toBeUndefined();
    expect(photosText({ ...view, configured: false }, en.t)).toBeUndefined();
  });
});

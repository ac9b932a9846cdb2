// The sync folder's post names (clashes by id order) and its post settings file: the pure parts.
import { describe, expect, it } from 'vitest';
import { shortHash } from '../../lib/export/post/file-name';
import { DEFAULT_EXPORT_SETTINGS } from '../../lib/export/settings';
import { clashName, PostNames } from '../../lib/sync/post-names';
import { encodeSettingsFile, parseSettingsFile, settingsHash } from '../../lib/sync/post-settings';
import { encodeShard, parseShard, shardOf } from '../../lib/sync/shard';
import { SyncError } from '../../lib/sync/store';
import { webRecord } from './web-record';


describe('post names in the sync folder', () => {
  it('keeps the export name without a clash; in a clash the first id keeps it and the others get their id hash', () => {
    const names = new PostNames();
    const a = webRecord('https://example.com/a');
    const b = webRecord('https://example.com/b');
    names.set(b);
    expect(names.nameOf(b)).toBe('2026-03-02-market-update.md');
    names.set(a);
    expect(names.nameOf(a)).toBe('2026-03-02-market-update.md');
    expect(names.nameOf(b)).toBe(`2026-03-02-market-update-${shortHash(b.id)}.md`);
    expect(clashName('2026-03-02-market-update.md', b.id)).toBe(names.nameOf(b));
    // Names that differ only in case are one file on macOS and Windows.
    const c = webRecord('https://example.com/0', 'MARKET UPDATE');
    names.set(c);
    expect(names.nameOf(c)).toBe('2026-03-02-market-update.md');
    expect(names.nameOf(a)).toBe(`2026-03-02-market-update-${shortHash(a.id)}.md`);
    expect(Object.values(names.clashes())[0]!.map(([id]) => id)).toEqual([c.id, a.id, b.id]);
    expect(names.ownedByOther('2026-03-02-market-update.md', a.id)).toBe(true);
    expect(names.ownedByOther('2026-03-02-market-update.md', c.id)).toBe(false);
    // The order the articles arrived in never matters.
    const reversed = new PostNames();
    for (const r of [a, c, b]) reversed.set(r);
    expect(reversed.clashes()).toEqual(names.clashes());
    // What the blog-history pass takes for the library's own posts (not to be imported).
    expect(names.has('2026-03-02-market-update.md')).toBe(true);
    expect(names.has(names.nameOf(b)!)).toBe(true);
    expect(names.has('2026-03-02-other.md')).toBe(false);
    names.delete(c.id);
    names.delete(b.id);
    expect(names.nameOf(a)).toBe('2026-03-02-market-update.md');
    expect(names.clashes()).toEqual({});
  });

  it('gives an undated article no post', () => {
    const names = new PostNames();
    const undated = { ...webRecord('https://example.com/u'), publishedAt: undefined };
    names.set(undated);
    expect(names.nameOf(undated)).toBeUndefined();
  });
});

describe('the folder post settings file', () => {
  it('reads back what it writes, checked as the options page checks settings', () => {
    const settings = { ...DEFAULT_EXPORT_SETTINGS, bodyFormat: 'html' as const, slugOverrides: { 证券时报: 'zqsb' } };
    expect(parseSettingsFile(encodeSettingsFile(settings))).toEqual(settings);
    expect(settingsHash(settings)).not.toBe(settingsHash(DEFAULT_EXPORT_SETTINGS));
    expect(settingsHash({ ...settings })).toBe(settingsHash(settings));
  });

  it('takes a damaged or foreign file for none, and refuses a newer one', () => {
    for (const bad of ['', '{', '{"format":"x","version":1,"settings":{}}', '{"format":"finews-sync-posts","version":1,"settings":{"bodyFormat":"pdf"}}', '{"format":"finews-sync-posts","version":1,"settings":{"evil":1}}']) {
      expect(parseSettingsFile(bad), bad).toBeUndefined();
    }
    expect(() => parseSettingsFile('{"format":"finews-sync-posts","version":2,"settings":{}}')).toThrow(SyncError);
  });

  it('a shard header records the settings hash its posts were written with; an old header has none', () => {
    const id = 'NW202201010000000001';
    const shard = shardOf(id);
    const hash = settingsHash(DEFAULT_EXPORT_SETTINGS);
    const text = encodeShard(shard, { articles: new Map(), deleted: new Map([[id, 5]]), posts: hash });
    expect(text.split('\n')[0]).toBe(`{"format":"finews-sync-shard","version":1,"shard":"${shard}","posts":"${hash}"}`);
    expect(parseShard(shard, text).posts).toBe(hash);
    expect(parseShard(shard, `{"format":"finews-sync-shard","version":1,"shard":"${shard}"}\n`).posts).toBeUndefined();
  });
});

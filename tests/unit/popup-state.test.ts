// The popup's state (lib/popup/), driven as the popup drives it, over a fake IndexedDB.
import 'fake-indexeddb/auto';
import { describe, expect, it, vi } from 'vitest';
import { saveArticle } from '../../lib/library/articles';
import { saveArticles } from '../save-articles';
import type { Group } from '../../lib/library/groups';
import { addTag } from '../../lib/library/manage';
import { keptOpen, OPEN_AT_START } from '../../lib/popup/open-groups';
import { PopupLibrary } from '../../lib/popup/popup-library';
import { RESULTS_PER_LOAD, viewFromStored, type ViewKind } from '../../lib/popup/state';
import { exportPath, readerPath, tabFromQuery } from '../../lib/popup/links';
import { formatBytes, saveLine, searchCountLine, statsLine } from '../../lib/popup/words';
import type { Words } from '../../lib/words';
import { testArticle, useTestDb } from './helpers';

const db = useTestDb('popup-state-test');
/** Words as their key and substitutions, so the tests read which message was chosen. */
const words: Words = (key, ...subs) => [key, ...subs].join('|');
const estimate = async () => ({ usage: 3 * 1024 * 1024 });
const day = (n: number) => `2022-03-${String(n).padStart(2, '0')}T08:00:00+08:00`;

function library(keep?: { get(): string | null; set(view: ViewKind): void }) {
  return new PopupLibrary(db(), { keep, estimate, log: () => undefined });
}

describe('the popup state', () => {
  it('opens on recently saved, newest save first, with the counts', async () => {
    await saveArticle(db(), testArticle('a', { publishedAt: day(3) }), 1);
    await saveArticle(db(), testArticle('b', { publishedAt: day(1) }), 2);
    const popup = library();
    await popup.start();
    expect(popup.state.view).toBe('recent');
    expect(popup.state.recent.map((r) => r.id)).toEqual(['b', 'a']);
    expect(popup.state.stats).toEqual({ articles: 2, unread: 2, bytes: 3 * 1024 * 1024 });
  });

  it('keeps the chosen view, and a stored name it does not know falls back to recent', async () => {
    const kept: string[] = [];
    const popup = library({ get: () => 'category', set: (view) => kept.push(view) });
    expect(popup.state.view).toBe('category');
    await popup.setView('tag');
    expect(kept).toEqual(['tag']);
    expect(viewFromStored('bogus')).toBe('recent');
    expect(viewFromStored(null)).toBe('recent');
  });

  it('opens the newest groups at start, keeps the open ones open, and brings back one a delete emptied after undo', async () => {
    const sources = ['甲报', '乙报', '丙报', '丁报'];
    await saveArticles(
      db(),
      sources.map((source, i) => testArticle(`n${i}`, { source, publishedAt: day(10 - i) })),
      1,
    );
    const popup = library({ get: () => 'category', set: () => undefined });
    await popup.start();
    expect([...popup.state.open.keys()]).toEqual(sources.slice(0, OPEN_AT_START));
    // The reader closes the first and opens the last.
    await popup.toggleGroup(popup.state.groups[0]!);
    await popup.toggleGroup(popup.state.groups[3]!);
    expect([...popup.state.open.keys()].sort()).toEqual(['丁报', '丙报', '乙报'].sort());
    await popup.remove('n3');
    expect(popup.state.groups.map((g) => g.key)).not.toContain('丁报');
    expect(await popup.undo()).toEqual(['n3']);
    expect(popup.state.open.get('丁报')?.map((r) => r.id)).toEqual(['n3']);
    expect(popup.state.open.has('甲报')).toBe(false);
  });

  it('lists by tag only the reader\u2019s own tags', async () => {
    await saveArticle(db(), testArticle('a'), 1);
    await addTag(db(), 'a', '关注');
    const popup = library({ get: () => 'tag', set: () => undefined });
    await popup.start();
    expect(popup.state.groups.map((g) => g.key)).toEqual(['关注']);
  });

  it('searches, counts the matches, and loads more on demand', async () => {
    const many = RESULTS_PER_LOAD + 7;
    await saveArticles(
      db(),
      Array.from({ length: many }, (_, i) => testArticle(`s${String(i).padStart(3, '0')}`, { html: '<p>营商环境</p>', publishedAt: day(1 + (i % 28)) })),
      1,
    );
    const popup = library();
    await popup.start();
    popup.setQuery('营商');
    await popup.search();
    expect(popup.state.found).toEqual({ shown: RESULTS_PER_LOAD, count: many, exact: true });
    expect(searchCountLine(popup.state.found!, words)).toBe(`searchResultsOf|${many}|${RESULTS_PER_LOAD}`);
    await popup.moreResults();
    expect(popup.state.results).toHaveLength(many);
    expect(searchCountLine(popup.state.found!, words)).toBe(`searchResults|${many}`);
    // A longer term is checked against the text only for the rows read: its count is an upper bound until all are read.
    popup.setQuery('营商环境');
    await popup.search();
    expect(popup.state.found?.exact).toBe(false);
    expect(searchCountLine(popup.state.found!, words)).toBe(`searchResultsAbout|${many}|${RESULTS_PER_LOAD}`);
    // Once every match has been checked, the count is exact.
    await popup.moreResults();
    expect(popup.state.found).toEqual({ shown: many, count: many, exact: true });
    popup.setQuery('');
    expect(popup.state.results).toBeUndefined();
    popup.setQuery('没有这个词');
    await popup.search();
    expect(searchCountLine(popup.state.found!, words)).toBe('searchNone');
  });

  it('drops a search that newer typing overtook', async () => {
    await saveArticle(db(), testArticle('a', { html: '<p>银行</p>' }), 1);
    const popup = library();
    popup.setQuery('银行');
    const late = popup.search();
    popup.setQuery('');
    await late;
    expect(popup.state.results).toBeUndefined();
  });

  it('has a selection mode: entered, rows checked, all shown, left with nothing chosen', async () => {
    await saveArticles(db(), ['a', 'b', 'c'].map((id) => testArticle(id)), 1);
    const popup = library();
    await popup.start();
    popup.setSelecting(true);
    popup.toggleSelect('a');
    popup.toggleSelect('b');
    popup.toggleSelect('a');
    expect([...popup.state.selected]).toEqual(['b']);
    popup.selectShown(['a', 'b', 'c']);
    expect(popup.state.selected.size).toBe(3);
    popup.selectShown(['a', 'b', 'c']);
    expect(popup.state.selected.size).toBe(0);
    popup.toggleSelect('c');
    await popup.remove('c');
    expect(popup.state.selected.size).toBe(0);
    popup.setSelecting(false);
    expect(popup.state).toMatchObject({ selecting: false });
    // Choosing from a row's menu turns the mode on.
    popup.toggleSelect('a');
    expect(popup.state.selecting).toBe(true);
  });

  it('says a refused change by its reason, logs a bug, and never says a failed upgrade twice', async () => {
    const log = vi.fn();
    const popup = new PopupLibrary(db(), { estimate, log });
    await popup.addTag('missing', '标签');
    expect(popup.state.failure).toBe('not-found');
    await popup.addTag('missing', '   ');
    expect(popup.state.failure).toBe('invalid-input');
    popup.clearFailure();
    expect(popup.state.failure).toBeUndefined();
    // A bug (not a refusal of the library) is said as one, and logged.
    vi.spyOn(db().members, 'where').mockImplementation(() => {
      throw new TypeError('a bug');
    });
    await popup.reload();
    expect(popup.state.failure).toBe('unexpected');
    expect(log).toHaveBeenCalledWith(expect.any(TypeError));
  });

  it('moves to recently saved after a save, highlighted, without keeping that view', async () => {
    await saveArticle(db(), testArticle('a'), 1);
    const kept: string[] = [];
    const popup = library({ get: () => 'category', set: (view) => kept.push(view) });
    await popup.start();
    await popup.showSaved('a');
    expect(popup.state).toMatchObject({ view: 'recent', highlight: 'a' });
    expect(popup.state.recent.map((r) => r.id)).toEqual(['a']);
    expect(kept).toEqual([]);
  });

  it('gives a category group the blog slug as its hook, the reader\u2019s own slug first', async () => {
    const popup = library();
    expect(popup.groupKey({ kind: 'category', key: '定西日报', count: 1 } as Group)).toBe('dingxiribao');
    expect(popup.groupKey({ kind: 'tag', key: '关注', count: 1 } as Group)).toBe('关注');
  });
});

describe('which groups stay open', () => {
  const group = (key: string) => ({ kind: 'category', key, count: 5 }) as Group;
  it('remembers a group that disappeared and reopens it when it returns', () => {
    const emptied = new Map<string, number>();
    const open = new Map([['a', Array(25).fill({})], ['b', []]]);
    expect(keptOpen([group('a')], open, emptied, false)).toEqual([['a', 25]]);
    expect([...emptied]).toEqual([['b', 20]]);
    expect(keptOpen([group('a'), group('b')], new Map([['a', []]]), emptied, false)).toEqual([['a', 20], ['b', 20]]);
    expect(emptied.size).toBe(0);
  });
});

describe('the popup\u2019s lines', () => {
  it('formats storage use', () => {
    expect(formatBytes(10)).toBe('1 KB');
    expect(formatBytes(300 * 1024)).toBe('300 KB');
    expect(formatBytes(5.25 * 1024 * 1024)).toBe('5.3 MB');
  });

  it('says one article with its own message, and leaves the size out when unknown', () => {
    expect(statsLine({ articles: 1, unread: 0, bytes: 2048 }, words)).toBe('statsLine|articleCountOne|0|2 KB');
    expect(statsLine({ articles: 7, unread: 3 }, words)).toBe('statsLineNoSize|articleCountMany|7|3');
  });

  it('describes a save: failed, new, again, without its photos', () => {
    const record = { title: 'T' } as never;
    expect(saveLine({ ok: false, reason: 'quota', message: '' }, words, (r) => `failure:${r}`)).toEqual({ kind: 'error', text: 'failure:quota' });
    expect(saveLine({ ok: true, created: true, record, photosWithoutAccess: 0 } as never, words, String)).toEqual({ kind: 'info', text: 'savedNew|T' });
    expect(saveLine({ ok: true, created: false, record, photosWithoutAccess: 2 } as never, words, String)).toEqual({
      kind: 'info',
      text: 'savedAgain|T photosNeedAccess|2',
      photosWithoutAccess: 2,
    });
  });

  it('builds the reader and export addresses, and reads the tab from the query', () => {
    expect(readerPath('NW1', { kind: 'category', key: '定西日报' }, ' 银行 ')).toBe(
      `/reader.html?id=NW1&from=${encodeURIComponent('category:定西日报')}&q=${encodeURIComponent('银行')}`,
    );
    expect(readerPath('a b')).toBe('/reader.html?id=a%20b');
    expect(exportPath({ kind: 'all' })).toMatch(/^\/export\.html\?/);
    expect(tabFromQuery('?tab=12')).toBe(12);
    expect(tabFromQuery('?tab=-1')).toBeUndefined();
    expect(tabFromQuery('')).toBeUndefined();
  });
});

describe('the selection', () => {
  it('toggles, selects all shown or none, and drops a deleted article, never changing a set in place', async () => {
    const { toggled, withShown, without } = await import('../../lib/popup/selection');
    const none = new Set<string>();
    expect([...toggled(none, 'a')]).toEqual(['a']);
    expect(none.size).toBe(0);
    expect([...toggled(new Set(['a']), 'a')]).toEqual([]);
    expect([...withShown(new Set(['x']), ['a', 'b'])].sort()).toEqual(['a', 'b', 'x']);
    expect([...withShown(new Set(['a', 'b', 'x']), ['a', 'b'])]).toEqual([]);
    expect([...withShown(none, [])]).toEqual([]);
    expect([...without(new Set(['a', 'b']), 'a')]).toEqual(['b']);
  });
});

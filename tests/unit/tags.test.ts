import { describe, expect, it } from 'vitest';
import { automaticTag, isAutomaticTag, userTags } from '../../lib/library/tags';

describe('user tags', () => {
  it('leaves out only the automatic <source>新闻 tag', () => {
    expect(userTags({ source: '定西日报', tags: ['定西日报新闻', '营商', '每日经济新闻'] })).toEqual(['营商', '每日经济新闻']);
    expect(userTags({ source: undefined, tags: ['读后'] })).toEqual(['读后']);
  });
  it('knows an automatic tag by the sources in the library', () => {
    const sources = new Set(['定西日报', '每日经济新闻']);
    expect(isAutomaticTag('定西日报新闻', sources)).toBe(true);
    expect(isAutomaticTag('每日经济新闻新闻', sources)).toBe(true);
    expect(isAutomaticTag('每日经济新闻', sources)).toBe(false);
    expect(isAutomaticTag('营商', sources)).toBe(false);
  });
});

describe('the automatic tag', () => {
  it('is the source\'s 新闻 tag when the article carries it, and nothing otherwise', () => {
    expect(automaticTag({ source: '定西日报', tags: ['营商', '定西日报新闻'] })).toBe('定西日报新闻');
    expect(automaticTag({ source: '每日经济新闻', tags: ['每日经济新闻', '每日经济新闻新闻'] })).toBe('每日经济新闻新闻');
    // Not carried (a page from another site, or a tag the user took off before this was fixed): nothing to show fixed.
    expect(automaticTag({ source: '定西日报', tags: ['营商'] })).toBeUndefined();
    expect(automaticTag({ source: undefined, tags: ['读后'] })).toBeUndefined();
  });
});

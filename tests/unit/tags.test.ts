import { describe, expect, it } from 'vitest';
import { isAutomaticTag, userTags } from '../../lib/library/tags';

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

import { describe, expect, it } from 'vitest';
import { asciiSlug, categorySlug, tagFor } from '../../lib/export/post/slug';

describe('categorySlug', () => {
  // Slugs the blog's crawler actually made: each character read alone.
  it.each([
    ['定西日报', 'dingxiribao'],
    ['重庆商报', 'zhongqingshangbao'],
    ['厦门日报', 'shamenribao'],
    ['西藏日报', 'xicangribao'],
    ['21世纪经济报道', '21shijijingjibaodao'],
    ['上海证券报·中国证券网', 'shanghaizhengquanbao·zhongguozhengquanwang'],
    ['安信国际证券(香港)', 'anxinguojizhengquan(xianggang)'],
    ['每日经济新闻', 'meirijingjixinwen'],
  ])('%s → %s', (source, slug) => {
    expect(categorySlug(source)).toBe(slug);
  });

  it('writes ü as v', () => {
    expect(categorySlug('绿色女报')).toBe('lvsenvbao');
  });

  it('keeps non-Chinese characters as they are', () => {
    expect(categorySlug('Reuters 路透')).toBe('Reuters lutou');
    expect(categorySlug('ＦＴ中文网')).toBe('ＦＴzhongwenwang');
  });

  it('lets an override win', () => {
    expect(categorySlug('重庆晨报', { 重庆晨报: 'chongqingchenbao' })).toBe('chongqingchenbao');
    expect(categorySlug('重庆晨报', { 别的: 'x' })).toBe('zhongqingchenbao');
    // Only the map's own keys count, not inherited properties.
    expect(categorySlug('toString', {})).toBe('toString');
  });
});

describe('tagFor', () => {
  it('appends 新闻, even to a name that ends in it', () => {
    expect(tagFor('定西日报')).toBe('定西日报新闻');
    expect(tagFor('每日经济新闻')).toBe('每日经济新闻新闻');
  });
});

describe('asciiSlug', () => {
  it('reads Chinese as pinyin and keeps [a-z0-9-] only', () => {
    // The same per-character reading as categories: 行 reads xing here too.
    expect(asciiSlug('央行：保持流动性合理充裕')).toBe('yangxing-baochiliudongxinghelichongyu');
    expect(asciiSlug('Hello, World! Ünïcode')).toBe('hello-world-unicode');
    expect(asciiSlug('www.yicai.com')).toBe('www-yicai-com');
  });

  it('is bounded and may be empty', () => {
    expect(asciiSlug('a'.repeat(500)).length).toBeLessThanOrEqual(80);
    expect(asciiSlug('word '.repeat(40))).toMatch(/^[a-z0-9]+(?:-[a-z0-9]+)*$/);
    expect(asciiSlug('😀🎉!!!')).toBe('');
  });
});

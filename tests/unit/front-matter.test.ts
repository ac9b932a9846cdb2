import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { frontMatter, printedEntities, yamlDoubleQuoted, yamlScalar } from '../../lib/export/post/front-matter';

const read = (yamlText: string) => parse(yamlText, { schema: 'core' }) as Record<string, unknown>;

describe('frontMatter', () => {
  it('writes the blog’s block, values bare where the blog has them bare', () => {
    expect(
      frontMatter({ title: '定西:以高质量监督助力优化营商环境', date: '2022-02-10 08:10:19 +0800', category: 'dingxiribao', tag: '定西日报新闻' }),
    ).toBe(
      '---\nlayout: post\ntitle: "定西:以高质量监督助力优化营商环境"\ndate: 2022-02-10 08:10:19 +0800\ncategories: dingxiribao\ntags: 定西日报新闻\n---\n',
    );
  });
});

describe('printedEntities', () => {
  it('writes & < > as entities, & first', () => {
    expect(printedEntities('A&B <c> &amp;')).toBe('A&amp;B &lt;c&gt; &amp;amp;');
  });

  it('applies to the categories and tags as well as the title (the layouts print all three)', () => {
    const fm = read(
      frontMatter({ title: '<b>t</b>', date: '2022-02-10 08:10:19 +0800', category: '<img src=x onerror=alert(1)>', tag: 'a&b<script>新闻' })
        .split('---\n')[1]!,
    );
    expect(fm).toMatchObject({ title: '&lt;b&gt;t&lt;/b&gt;', categories: '&lt;img src=x onerror=alert(1)&gt;', tags: 'a&amp;b&lt;script&gt;新闻' });
  });
});

describe('yamlDoubleQuoted', () => {
  it.each([
    ['plain', '"plain"'],
    ['say "hi"', '"say \\"hi\\""'],
    ['back\\slash', '"back\\\\slash"'],
    ['two\nlines\ttab\r', '"two\\nlines\\ttab\\r"'],
    ['nul\0bell\x07esc\x1b', '"nul\\0bell\\aesc\\e"'],
    ['\x01\x7f\u0085\u2028\u2029\ufeff', '"\\u0001\\u007F\\u0085\\u2028\\u2029\\uFEFF"'],
    ['😀：“”', '"😀：“”"'],
  ])('%j → %s', (value, quoted) => {
    expect(yamlDoubleQuoted(value)).toBe(quoted);
    expect(read(`v: ${quoted}`).v).toBe(value);
  });

  it('replaces a lone surrogate, which UTF-8 cannot hold', () => {
    expect(yamlDoubleQuoted('a\ud800b')).toBe('"a\\uFFFDb"');
  });
});

describe('yamlScalar', () => {
  it.each(['dingxiribao', '定西日报新闻', '21shijijingjibaodao', 'shanghaizhengquanbao·zhongguozhengquanwang', 'anxinguojizhengquan(xianggang)', 'yicai-com', 'yicai.com'])(
    'writes %s bare',
    (value) => {
      expect(yamlScalar(value)).toBe(value);
    },
  );

  it.each([
    '', ' lead', 'trail ', 'a: b', 'a #b', '#x', '-x', '[x]', '{x}', '*x', '&x', '!x', '|', '>', '%x', '@x', '`x', '"x', "'x",
    'yes', 'No', 'on', 'OFF', 'y', 'null', 'true', '123', '0x1F', '1_000', '1e5', '2022-02-10', '12:30', '.inf',
    'a\nb', 'two words', 'tab\tx', '😀x', '\u00a0x', 'x\u2028',
  ])('quotes %j', (value) => {
    const written = yamlScalar(value);
    expect(written.startsWith('"')).toBe(true);
    expect(read(`v: ${written}`).v).toBe(value);
    expect(parse(`v: ${written}`, { version: '1.1' }).v).toBe(value);
  });
});

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { isSafeFileName } from '../../lib/export/post/file-name';
import { inertLiquid } from '../../lib/export/post/liquid';
import { postFor, UndatedPostError } from '../../lib/export/post/post';
import { DEFAULT_EXPORT_SETTINGS, type ExportSettings } from '../../lib/export/settings';
import type { ArticleRecord } from '../../lib/library/records';
import { liquid4 } from '../fixtures/hostile/scan';
import { loadPostFixtures, OUTPUTS } from '../fixtures/posts/fixtures';

type Input = ArticleRecord & { html: string };
const fixtures = loadPostFixtures();
const fixture = (slug: string) => fixtures.find((f) => f.slug === slug)!;
const settings = (over: Partial<ExportSettings> = {}): ExportSettings => ({ ...DEFAULT_EXPORT_SETTINGS, ...over });

/** Splits a post into front matter (with its fences), body and what follows the body. */
function parts(content: string, tailLines: number) {
  const end = content.indexOf('\n---\n', 4) + 5;
  const rest = content.slice(end);
  const tail = rest.split('\n\n').slice(-tailLines).join('\n\n');
  return { frontMatter: content.slice(0, end), body: rest.slice(0, rest.length - tail.length - 2), tail };
}

describe('golden posts', () => {
  it('has the seed and at least five other articles', () => {
    expect(fixtures.map((f) => f.slug)).toContain('seed');
    expect(fixtures.length).toBeGreaterThanOrEqual(6);
  });

  for (const { slug, article, settings: base } of fixtures) {
    for (const { file, bodyFormat } of OUTPUTS) {
      it(`${slug}/${file}`, () => {
        const expected = readFileSync(join(fixture(slug).dir, file), 'utf8');
        expect(postFor(article, { ...base, bodyFormat }).content).toBe(expected);
      });
    }
  }
});

describe('the seed post', () => {
  const { article } = fixture('seed');
  const seed = readFileSync(join(fixture('seed').dir, 'expected-html.md'), 'utf8');
  const paragraphs = [...seed.matchAll(/<p(?: class="em_media")?>(.*?)<\/p>/g)].map((m) => m[1]!);

  it('is the real post: 13 paragraphs and the source line, no trailing newline', () => {
    expect(paragraphs).toHaveLength(14);
    expect(paragraphs.at(-1)).toBe('（文章来源：定西日报）');
    expect(seed.endsWith('[返回首页](//finews.withounder.com/)')).toBe(true);
  });

  it('comes out byte for byte in HTML mode, whatever host it was saved from', () => {
    const post = postFor(article, settings({ bodyFormat: 'html' }));
    expect(post.fileName).toBe('2022-02-10-NW202202102271830933.md');
    expect(post.content).toBe(seed);
    expect(article.url).toContain('eastmoney.com');
  });

  it('keeps front matter, link and back-links byte for byte in Markdown mode, one paragraph per <p>', () => {
    const post = postFor(article, settings());
    const got = parts(post.content, 2);
    const want = parts(seed, 2);
    expect(got.frontMatter).toBe(want.frontMatter);
    expect(got.tail).toBe(want.tail);
    expect(got.body.split('\n\n')).toEqual(paragraphs);
  });

  it('can leave out the back-links, and follows the bases it is given', () => {
    const off = postFor(article, settings({ backLinks: false }));
    expect(off.content.endsWith('\n\n<http://finews.zning.xyz/html_News/NewsShare.html?infoCode=NW202202102271830933>')).toBe(true);
    const moved = postFor(article, settings({ blogBase: 'https://blog.example/', shareBase: 'https://mirror.example' }));
    expect(moved.content).toContain('\n\n<https://mirror.example/html_News/NewsShare.html?infoCode=NW202202102271830933>\n\n');
    expect(moved.content.endsWith('[返回定西日报新闻](https://blog.example/category/dingxiribao.html)｜[返回首页](https://blog.example/)')).toBe(true);
  });
});

describe('hostile bodies', () => {
  const { article } = fixture('hostile-body');
  for (const bodyFormat of ['markdown', 'html'] as const) {
    it(`carry nothing active in ${bodyFormat} mode`, () => {
      const { content } = postFor(article, settings({ bodyFormat }));
      const body = parts(content, 2).body;
      expect(body).not.toMatch(/<\s*(?:script|iframe|object|embed|svg|math|style|form|input|button|frame|meta|link|base)\b/i);
      // No handler inside a tag (the fixture's text mentions one, as text).
      expect(body).not.toMatch(/<[^>]*\son[a-z]+\s*=/i);
      expect(body).not.toMatch(/javascript:|vbscript:|data:/i);
      // Text that looks like markup stays text.
      expect(body).toContain('&lt;script');
      expect(body).not.toContain('隐藏段落');
      if (bodyFormat === 'markdown') {
        // No raw HTML at all in the Markdown, and no kramdown attribute list.
        expect(body).not.toMatch(/<[a-z/!?]/i);
        expect(body).not.toMatch(/(?<!\\)\{:/);
      }
    });
  }

  it('write link and image titles that kramdown cannot end early (a restored body may carry titles)', () => {
    const html =
      '<p><img src="https://a.example/i.jpg" title=\'x") <script>alert(1)</script> ("\'>' +
      '<a href="https://a.example/" title="two\nlines &amp; a &quot;quote&quot;) <b>">链接</a></p>';
    const { content } = postFor({ ...article, html }, settings());
    expect(content).toContain('![](https://a.example/i.jpg "x&#34;) &#60;script&#62;alert(1)&#60;/script&#62; (&#34;")');
    expect(content).toContain('[链接](https://a.example/ "two lines &#38; a &#34;quote&#34;) &#60;b&#62;")');
    expect(content).not.toMatch(/<script|<b>/);
  });

  it('write the source into categories and tags with no raw markup (the layouts print them)', () => {
    const { content } = postFor({ ...article, source: '<img src=x onerror=alert(1)>&报' }, settings());
    const fm = parse(content.split('\n---\n')[0]!.slice(4)) as Record<string, string>;
    expect(fm.tags).toBe('&lt;img src=x onerror=alert(1)&gt;&amp;报新闻');
    expect(fm.categories).toBe('&lt;img src=x onerror=alert(1)&gt;&amp;bao');
  });

  it('keep raw HTML that Turndown passes through (tables without a heading row) sanitized', () => {
    const html =
      '<table onclick="x()"><tr><td><a href="javascript:alert(1)" onmouseover="y()">a</a><img src="https://a.example/i.jpg" onerror="z()"></td></tr></table>';
    const { content } = postFor({ ...article, html }, settings());
    expect(content).toContain('<table>');
    expect(content).not.toMatch(/\son[a-z]+\s*=|javascript:/i);
  });
});

describe('Liquid', () => {
  const cases = [
    'plain text',
    'a {{ site.title }} b',
    '{% include x.html %}',
    'x {% endraw %} {{ y }}',
    '{%- endraw -%}{{y}}',
    '{%endraw%}{%ENDRAW%}',
    '{% raw %}{% endraw %}{% raw %}',
    'ends with {',
    'ends with {{',
    '{{ unclosed {% endraw %} after',
    '{{{% endraw %}}}',
    '{%\n\nendraw %}{{ x }}',
    'a\n\n{{ b }}\n\nc {% d %}',
    '{ % not a tag } { {',
  ];

  it.each(cases)('keeps %j inert and renders it unchanged', (text) => {
    const result = liquid4(inertLiquid(text));
    expect(result.executed).toBeUndefined();
    expect(result.output).toBe(text);
  });

  it('has an emulator that does catch live Liquid', () => {
    expect(liquid4('a {{ b }}').executed).toBe('{{ b }}');
    expect(liquid4('{% raw %}x{% endraw %}{% if y %}').executed).toBe('{% if y %}');
    expect(liquid4('{% raw %}x{%endraw%}').output).toBe('x');
    expect(liquid4('{% raw %}x').executed).toBe('unclosed raw');
  });

  it('leaves text without {{ or {% byte for byte', () => {
    expect(inertLiquid('a { b } % c\n\nd')).toBe('a { b } % c\n\nd');
  });

  it('wraps each blank-line chunk on its own (Jekyll renders the excerpt alone)', () => {
    const out = inertLiquid('{{ a }}\n\nplain\n\n{% b %}');
    const excerpt = out.split('\n\n')[0]!;
    expect(liquid4(excerpt)).toEqual({ output: '{{ a }}' });
    expect(out.split('\n\n')[1]).toBe('plain');
  });

  it('makes the Liquid fixture inert in both modes, title included', () => {
    const { article } = fixture('liquid-text');
    for (const bodyFormat of ['markdown', 'html'] as const) {
      const { content } = postFor(article, settings({ bodyFormat }));
      const after = content.slice(content.indexOf('\n---\n', 4) + 5);
      expect(liquid4(after).executed).toBeUndefined();
      // Front matter is not rendered by Liquid; the title keeps its braces.
      expect(parse(content.split('\n---\n')[0]!.slice(4)).title).toBe('模板语法{{ }}出现在正文里会怎样');
    }
  });

  it('keeps the back-links line inert for a source with braces', () => {
    const { article } = fixture('seed');
    const { content } = postFor({ ...article, source: '{{ site.x }}报' }, settings());
    const after = content.slice(content.indexOf('\n---\n', 4) + 5);
    expect(liquid4(after).executed).toBeUndefined();
  });
});

describe('file names and dates', () => {
  const base: Input = { ...fixture('other-site').article };

  it('names finews posts by date and infoCode, in CST', () => {
    const { article } = fixture('seed');
    expect(postFor({ ...article, publishedAt: '2022-02-09T23:30:00Z' }, settings()).fileName).toBe('2022-02-10-NW202202102271830933.md');
    expect(postFor({ ...article, publishedAt: '2022-02-10T07:59:59+08:00' }, settings()).content).toContain(
      '\ndate: 2022-02-10 07:59:59 +0800\n',
    );
  });

  it('names other posts by the slug of their title, or a hash of the id', () => {
    expect(postFor(base, settings()).fileName).toBe('2022-04-01-yangxing-baochiliudongxinghelichongyu.md');
    expect(postFor({ ...base, title: 'Fed Holds Rates: What Now?' }, settings()).fileName).toBe('2022-04-01-fed-holds-rates-what-now.md');
    expect(postFor({ ...base, title: '😀😀' }, settings()).fileName).toMatch(/^2022-04-01-[0-9a-f]{8}\.md$/);
    expect(postFor({ ...base, title: 'x'.repeat(300) }, settings()).fileName.length).toBeLessThanOrEqual(100);
  });

  it('groups other sites by their host', () => {
    const { content } = postFor(base, settings());
    expect(content).toContain('\ncategories: yicai-com\ntags: yicai.com\n');
    expect(content).toContain('\n\n<https://www.yicai.com/news/101345678.html>\n\n');
  });

  it('dates from publication, else the infoCode\'s day; never the save time, never today', () => {
    const saved = Date.parse('2024-05-01T10:00:00Z');
    const { article: seed } = fixture('seed');
    const { publishedAt: _omit, ...noTime } = seed;
    const dayOnly = postFor({ ...noTime, savedAt: saved, updatedAt: saved, sortTime: saved }, settings());
    expect(dayOnly.content).toContain('\ndate: 2022-02-10 00:00:00 +0800\n');
    expect(dayOnly.fileName).toBe('2022-02-10-NW202202102271830933.md');
    expect(dayOnly.timeKnown).toBe(false);
    expect(postFor(seed, settings()).timeKnown).toBe(true);
    // The older all-digit codes start with the date too.
    expect(postFor({ ...noTime, infoCode: '202112082206672930' }, settings()).fileName).toBe('2021-12-08-202112082206672930.md');
    expect(postFor({ ...base, publishedAt: '2022-04-01T09:30:00' }, settings()).content).toContain('\ndate: 2022-04-01 09:30:00 +0800\n');
    const today = new Date().toISOString().slice(0, 10);
    expect(dayOnly.content).not.toContain(today);
  });

  it('refuses a post with neither a time nor an infoCode, naming it', () => {
    const { publishedAt: _omit, ...unpublished } = base;
    expect(() => postFor({ ...unpublished, savedAt: Date.now() }, settings())).toThrow(UndatedPostError);
    expect(() => postFor({ ...base, publishedAt: 'not a date' }, settings())).toThrow(`"${base.title}" has no publication date`);
  });

  it('never makes a name an OS refuses', () => {
    const titles = ['CON', 'aux', 'nul.txt', 'a/b\\c:d*e?f"g<h>i|j', '..', ' . ', 'trailing.', '\u0000\u001f', '重庆:夜间 经济?', ''];
    const infoCodes = [undefined, '../../etc/passwd', 'CON', 'NW2022\u0000', 'a b'];
    for (const title of titles) {
      for (const infoCode of infoCodes) {
        const { fileName } = postFor({ ...base, title, ...(infoCode !== undefined && { infoCode }), source: undefined }, settings());
        expect(isSafeFileName(fileName), `${JSON.stringify(title)} ${infoCode} → ${fileName}`).toBe(true);
        expect(fileName).toMatch(/^\d{4}-\d{2}-\d{2}-[A-Za-z0-9-]+\.md$/);
      }
    }
  });

  it('isSafeFileName knows what the OSes refuse', () => {
    for (const bad of ['CON', 'con.md', 'COM1.md', 'LPT9', 'a:b', 'a?', 'a*', 'a|b', 'a"b', 'a<b', 'a>b', 'a/b', 'a\\b', 'x.', 'x ', '\u0001', '', '.', '..']) {
      expect(isSafeFileName(bad), bad).toBe(false);
    }
    for (const good of ['2022-02-10-NW202202102271830933.md', 'console.md', 'a-2.md']) expect(isSafeFileName(good)).toBe(true);
  });
});

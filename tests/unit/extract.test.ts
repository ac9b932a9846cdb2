/**
 * The golden corpus: every page under tests/fixtures/pages/<slug>/ extracts to its
 * expected.json. Pages are parsed with jsdom at their real address, scripts not
 * run; a page whose body arrives late gets it inserted as its loader script would.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { JSDOM } from 'jsdom';
import { describe, expect, it } from 'vitest';
import type { ExtractResult } from '../../lib/article';
import { extractArticle, hasArticleBody, MAX_TEXT_LENGTH, waitForArticleBody } from '../../lib/extract/index';

const PAGES = path.resolve(import.meta.dirname, '..', 'fixtures', 'pages');

interface Fixture {
  slug: string;
  url: string;
  html: string;
  newsText?: string;
  expected: ExtractResult;
}

function fixtures(): Fixture[] {
  return readdirSync(PAGES)
    .filter((slug) => existsSync(path.join(PAGES, slug, 'url.txt')))
    .sort()
    .map((slug) => {
      const file = (name: string) => path.join(PAGES, slug, name);
      const newsText = file('GetNewsText.json');
      return {
        slug,
        url: readFileSync(file('url.txt'), 'utf8').trim(),
        html: readFileSync(file('source.html'), 'utf8'),
        newsText: existsSync(newsText) ? readFileSync(newsText, 'utf8') : undefined,
        expected: JSON.parse(readFileSync(file('expected.json'), 'utf8')) as ExtractResult,
      };
    });
}

function fixture(slug: string): Fixture {
  const found = fixtures().find((f) => f.slug === slug);
  if (!found) throw new Error(`no fixture ${slug}`);
  return found;
}

/** What the late-body page's loader does with the GetNewsText answer. */
function insertNewsText(doc: Document, newsText: string): void {
  const data = JSON.parse(newsText) as { text?: string; content?: string };
  doc.getElementById('newsContent')!.innerHTML = data.text ?? data.content ?? '';
}

function load(f: Fixture, { withBody = true } = {}): JSDOM {
  const dom = new JSDOM(f.html, { url: f.url });
  if (withBody && f.newsText !== undefined) insertNewsText(dom.window.document, f.newsText);
  return dom;
}

function article(result: ExtractResult) {
  if (!result.ok) throw new Error(`expected an article, got ${result.reason}`);
  return result.article;
}

function parse(html: string, url: string): Document {
  return new JSDOM(html, { url }).window.document;
}

describe('the golden corpus', () => {
  const all = fixtures();

  it('has every required page', () => {
    const slugs = all.map((f) => f.slug);
    for (const slug of [
      'seed-share', 'late-body', 'time-seconds', 'time-minutes', 'time-chinese', 'eastmoney-noise',
      'finance-article', 'blog-post', 'not-article', 'hostile', 'large',
    ]) {
      expect(slugs).toContain(slug);
    }
    expect(fixture('late-body').newsText).toBeDefined();
  });

  it.each(all.map((f) => [f.slug, f] as const))('%s extracts to expected.json', (_slug, f) => {
    const dom = load(f);
    expect(extractArticle(dom.window.document, f.url)).toEqual(f.expected);
    dom.window.close();
  });

  it('never writes a machine path into a fixture', () => {
    for (const f of all) expect(f.html + JSON.stringify(f.expected)).not.toMatch(/\/work\/|\/home\/|\/tmp\//);
  });

  it('keeps the large page under 1.5 MB and long', () => {
    const large = fixture('large');
    expect(Buffer.byteLength(large.html)).toBeLessThan(1_500_000);
    expect(article(large.expected).html.match(/<p>/g)!.length).toBeGreaterThanOrEqual(2000);
  });
});

describe('extractArticle', () => {
  it('does not touch the page it reads', () => {
    for (const slug of ['seed-share', 'eastmoney-noise', 'hostile', 'blog-post', 'time-chinese']) {
      const dom = load(fixture(slug));
      const before = dom.window.document.documentElement.outerHTML;
      extractArticle(dom.window.document, fixture(slug).url);
      expect(dom.window.document.documentElement.outerHTML).toBe(before);
    }
  });

  it('gives one record per article, whatever host, scheme or extra parameters', () => {
    const seed = fixture('seed-share');
    const expected = article(seed.expected);
    for (const url of [
      'https://finews.zning.xyz/html_News/NewsShare.html?infoCode=NW202202102271830933',
      'http://choicewzp1.eastmoney.com/html_News/NewsShare.html?infoCode=NW202202102271830933&from=share',
    ]) {
      const got = article(extractArticle(new JSDOM(seed.html, { url }).window.document, url));
      expect(got.id).toBe(expected.id);
      expect(got.canonicalUrl).toBe(expected.canonicalUrl);
      expect(got.url).toBe(url);
      expect(got.html).toBe(expected.html);
    }
    // The blog post of the same article is the same record.
    expect(article(fixture('blog-post').expected).id).toBe(expected.id);
    expect(article(fixture('blog-post').expected).html).toBe(expected.html);
  });

  it('strips every kind of Eastmoney furniture and keeps the real content', () => {
    const { html, images } = article(fixture('eastmoney-noise').expected);
    for (const noise of [
      '东方财富网讯', '内部校对', 'K图', 'webquotepic', 'em_handle_adv_close', '广告', '开户', '打开', 'APP',
      '责任编辑', '郑重声明', '相关阅读', '两市成交额重回万亿元上方', 'quote.eastmoney.com', 'keytip', 'stock_', '　',
    ]) {
      expect(html, noise).not.toContain(noise);
    }
    expect(html).toContain('浦发银行（600000）、招商银行等个股涨幅居前');
    expect(html).toContain('<p><strong>银行板块估值修复行情有望延续</strong></p>');
    expect(html).toContain('<img src="https://np-newspic.dfcfw.com/download/D25506127344139715028_w690h389.jpg">');
    expect(html).toContain('<th>主力净流入（亿元）</th>');
    expect(html).toContain('<td colspan="2">合计</td>');
    expect(html).toContain('<li>关注海外地缘政治局势对市场风险偏好的扰动；</li>');
    expect(html).toContain('<p>今日盘面主要特征：<br>一是权重股护盘明显；<br>二是资源类个股持续活跃。</p>');
    expect(html).toContain('<p><em>图为上海陆家嘴金融城（资料图）</em></p>');
    expect(html.endsWith('<p class="em_media">（文章来源：中国证券报·中证网）</p>')).toBe(true);
    expect(images).toEqual(['https://np-newspic.dfcfw.com/download/D25506127344139715028_w690h389.jpg']);
  });

  it('reads every finews time format as ISO 8601 China time', () => {
    expect(article(fixture('time-seconds').expected).publishedAt).toBe('2022-03-04T17:02:36+08:00');
    expect(article(fixture('time-minutes').expected).publishedAt).toBe('2022-02-28T09:45:00+08:00');
    expect(article(fixture('time-chinese').expected).publishedAt).toBe('2022-02-25T16:20:00+08:00');
    expect(article(fixture('finance-article').expected).publishedAt).toBe('2022-03-01T09:42:00+08:00');
  });

  it('takes the source from the source line, else from the info line', () => {
    expect(article(fixture('time-seconds').expected).source).toBe('证券时报网');
    // No （文章来源：…） in this body: the info line says 来源：….
    const chinese = article(fixture('time-chinese').expected);
    expect(chinese.source).toBe('中国证券报·中证网');
    expect(chinese.html).not.toContain('em_media');
  });

  it('reads a finance.eastmoney.com article page without its site furniture', () => {
    const finance = article(fixture('finance-article').expected);
    expect(finance.id).toBe('https://finance.eastmoney.com/a/202203012292640715.html');
    expect(finance.infoCode).toBeUndefined();
    expect(finance.source).toBe('证券日报');
    expect(finance.title).toBe('2月份制造业PMI升至50.2% 继续位于扩张区间');
    for (const noise of ['责任编辑', '郑重声明', '相关新闻', '24小时热门', '评论', '登录', 'Copyright']) {
      expect(finance.html).not.toContain(noise);
    }
  });

  it('reads a blog post: time line, title, tags, and nothing after the source line', () => {
    const post = article(fixture('blog-post').expected);
    expect(post.infoCode).toBe('NW202202102271830933');
    expect(post.publishedAt).toBe('2022-02-10T08:10:19+08:00');
    expect(post.site).toBe('finews.withounder.com');
    for (const noise of ['GMT+8', 'tags:', '返回', '每日财经新闻存档', 'NewsShare.html']) expect(post.html).not.toContain(noise);
  });

  it('takes the source from the blog tags when the body has no source line', () => {
    const blog = fixture('blog-post');
    const html = blog.html.replace('<p class="em_media">（文章来源：定西日报）</p>', '');
    const post = article(extractArticle(parse(html, blog.url), blog.url));
    expect(post.source).toBe('定西日报');
    expect(post.html).not.toContain('em_media');
    // Without the source line to end on, the share link and back-links still go.
    for (const noise of ['返回', 'NewsShare.html', 'tags:']) expect(post.html).not.toContain(noise);
    expect(post.html.endsWith('问责处理相关人员7人。</p>')).toBe(true);
  });
});

describe('hostile pages', () => {
  const hostile = fixture('hostile');
  const result = article(hostile.expected);

  it('leave nothing active in the body', () => {
    const { html } = result;
    const forbidden: [string, RegExp][] = [
      ['script', /<script/i],
      ['event handlers', /\son[a-z]+\s*=/i],
      ['javascript: URLs', /javascript:/i],
      ['vbscript: URLs', /vbscript:/i],
      ['data: URLs', /data:/i],
      ['iframes', /<iframe/i],
      ['object/embed', /<(?:object|embed|param|applet)/i],
      ['SVG', /<svg|xlink:/i],
      ['MathML', /<math|maction/i],
      ['forms', /<(?:form|input|button|textarea|select)/i],
      ['style', /<style|\sstyle\s*=/i],
      ['CSS expressions', /expression\(/i],
      ['base', /<base/i],
      ['meta refresh', /<meta|refresh/i],
      ['link', /<link/i],
      ['template', /<template|模板内容/i],
      ['the hostile base URL', /evil\.example/i],
      ['hidden text', /隐藏/],
      ['srcset', /srcset/i],
      ['a payload', /__finewsTripwire|finews-tripwire/],
      ['class other than em_media', /class="(?!em_media")/],
      ['plugin and vector text', /插件内容|矢量图文字|公式文字|提交/],
    ];
    for (const [what, pattern] of forbidden) expect(html, what).not.toMatch(pattern);
  });

  it('keep links and images absolute, resolved against the page, http(s)/mailto only', () => {
    const hrefs = [...result.html.matchAll(/\s(?:href|src)="([^"]*)"/g)].map((m) => m[1]!);
    expect(hrefs.length).toBeGreaterThan(0);
    for (const href of hrefs) expect(href).toMatch(/^(?:https?:\/\/|mailto:)/);
    expect(result.html).toContain('<a href="http://finews.zning.xyz/html_News/relative/path.html">相对链接</a>');
    expect(result.images).toEqual(['http://finews.zning.xyz/images/chart.png']);
    // Anchors into the page itself mean nothing once saved: their words stay, the link goes.
    expect(result.html).toContain('<a href="mailto:news@example.com">联系编辑</a>：读者来信请发送邮件。返回顶部</p>');
    // Words of a dropped link stay.
    expect(result.html).toContain('市场人士表示，近期资金面整体平稳，短端利率围绕政策利率小幅波动，隔夜利率小幅下行。');
  });

  it('leave nothing active in the title or the source', () => {
    expect(result.title).toBe('央行开展逆回购操作 维护流动性合理充裕');
    expect(result.source).toBe('金融时报');
  });

  it('do not make extraction throw, however broken', () => {
    const broken = [
      '',
      '<',
      '<html><body><p>未闭合<div><table><td>乱</p></b></i></table>',
      '<svg><foreignObject><p>外来</p></foreignObject></svg><math><mi><table><td>x',
      '<body><template><template><template>深</template></template></template>',
      '\u0000\uffff<p>\ud800</p>',
    ];
    for (const html of broken) {
      const url = 'http://finews.zning.xyz/html_News/NewsShare.html?infoCode=NW202203032293000667';
      expect(() => extractArticle(parse(html, url), url)).not.toThrow();
      expect(() => extractArticle(parse(html, 'https://example.com/a'), 'https://example.com/a')).not.toThrow();
    }
    // A document without a window (DOMParser-made, say) is refused, not crashed on.
    const windowless = new JSDOM('').window.document.implementation.createHTMLDocument('x');
    windowless.body.innerHTML = '<p>正文</p>';
    expect(extractArticle(windowless, 'https://example.com/')).toMatchObject({ ok: false, reason: 'not-article' });
  });
});

describe('pages that are not articles', () => {
  const url = 'http://finews.zning.xyz/html_News/NewsShare.html?infoCode=NW202203090000000001';

  it('the corpus list page', () => {
    expect(fixture('not-article').expected).toMatchObject({ ok: false, reason: 'not-article' });
  });

  it('a share page in its error state, or with no body at all', () => {
    const late = fixture('late-body');
    expect(extractArticle(load(late, { withBody: false }).window.document, late.url)).toMatchObject({
      ok: false,
      reason: 'not-article',
    });
    const gone = late.html.replace('<div class="loading">正在加载…</div>', '<p class="error">抱歉，该资讯不存在或已被删除。</p>');
    expect(extractArticle(parse(gone, url), url)).toMatchObject({ ok: false, reason: 'not-article' });
  });

  it('a login page and a search page', () => {
    const login =
      '<html><head><title>登录</title></head><body><form action="/login"><label>用户名<input name="u"></label><label>密码<input type="password" name="p"></label><button>登录</button></form><p><a href="/reg">注册</a> | <a href="/forgot">忘记密码</a></p></body></html>';
    expect(extractArticle(parse(login, 'https://passport.example.com/login'), 'https://passport.example.com/login')).toMatchObject({
      reason: 'not-article',
    });
    const links = Array.from({ length: 20 }, (_, i) => `<li><a href="/a/${i}.html">搜索结果标题第${i}条 关于央行货币政策的最新报道</a></li>`).join('');
    const search = `<html><head><title>搜索</title></head><body><h1>搜索：央行</h1><ul>${links}</ul></body></html>`;
    expect(extractArticle(parse(search, 'https://so.example.com/s?q=x'), 'https://so.example.com/s?q=x')).toMatchObject({
      reason: 'not-article',
    });
  });

  it('every failure carries a message', () => {
    const result = extractArticle(parse('<p>x</p>', url), url);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.message.length).toBeGreaterThan(10);
  });

  it('a page nested deeper than Readability can bear is refused, not read', () => {
    const html = `<body>${'<div>'.repeat(500)}<p>${'深层嵌套的正文。'.repeat(20)}</p>${'</div>'.repeat(500)}</body>`;
    for (const address of [url, 'https://example.com/deep']) {
      const doc = parse(html, address);
      const started = Date.now();
      expect(extractArticle(doc, address)).toMatchObject({ ok: false, reason: 'too-large' });
      expect(Date.now() - started).toBeLessThan(5000);
    }
  });

  it('a page with more text than the limit is refused, not read', () => {
    const doc = parse('<html><body><div id="ContentBody"></div></body></html>', url);
    const box = doc.getElementById('ContentBody')!;
    const paragraph = '这是一段很长的正文。'.repeat(1000);
    for (let i = 0; i * paragraph.length <= MAX_TEXT_LENGTH; i++) box.appendChild(doc.createElement('p')).textContent = paragraph;
    const started = Date.now();
    expect(extractArticle(doc, url)).toMatchObject({ ok: false, reason: 'too-large' });
    expect(Date.now() - started).toBeLessThan(2000);
  });
});

describe('other pages', () => {
  it('get plain Readability, cleaned and sanitized, keyed by their canonical URL', () => {
    const url = 'https://blog.example.com/posts/reading.html#comments';
    const paragraphs = Array.from(
      { length: 6 },
      (_, i) => `<p class="lead" style="color:red">  Paragraph ${i} of a plain blog post, long enough to be read as an article by Readability, with <a href="/more/${i}" onclick="x()">a link</a> and <img src="img/${i}.png" alt="figure ${i}">.</p>`,
    ).join('\n');
    const html = `<html><head><title>Reading | Example Blog</title><meta property="article:published_time" content="2022-02-10T00:10:19Z"></head><body><nav><a href="/">Home</a></nav><article><h1>Reading</h1>${paragraphs}</article><footer>© Example</footer></body></html>`;
    const result = article(extractArticle(parse(html, url), url));
    expect(result.id).toBe('https://blog.example.com/posts/reading.html');
    expect(result.canonicalUrl).toBe(result.id);
    expect(result.infoCode).toBeUndefined();
    expect(result.site).toBe('blog.example.com');
    expect(result.publishedAt).toBe('2022-02-10T00:10:19+00:00');
    expect(result.html).toContain('<p>Paragraph 0 of a plain blog post');
    expect(result.html).toContain('<a href="https://blog.example.com/more/0">a link</a>');
    expect(result.images[0]).toBe('https://blog.example.com/posts/img/0.png');
    expect(result.html).not.toMatch(/class=|style=|onclick|readability-page|<div/);
    expect(result.html).not.toContain('Home');
  });
});

describe('waitForArticleBody', () => {
  const late = fixture('late-body');

  it('resolves at once when the body is there', async () => {
    const seed = fixture('seed-share');
    expect(await waitForArticleBody(load(seed).window.document, { timeoutMs: 50 })).toBe(true);
    expect(await waitForArticleBody(load(late).window.document, { timeoutMs: 50 })).toBe(true);
  });

  it('does not take the page chrome or the loading placeholder for a body', () => {
    expect(hasArticleBody(load(late, { withBody: false }).window.document)).toBe(false);
  });

  it('resolves true once the page script inserts the body', async () => {
    const dom = load(late, { withBody: false });
    const doc = dom.window.document;
    const waiting = waitForArticleBody(doc, { timeoutMs: 5000 });
    let settled = false;
    void waiting.then(() => (settled = true));
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(settled).toBe(false);
    dom.window.setTimeout(() => insertNewsText(doc, late.newsText!), 20);
    const started = Date.now();
    expect(await waiting).toBe(true);
    expect(Date.now() - started).toBeLessThan(1000);
    expect(article(extractArticle(doc, late.url))).toEqual(article(late.expected));
  });

  it('resolves false when the body never arrives', async () => {
    const dom = load(late, { withBody: false });
    const started = Date.now();
    expect(await waitForArticleBody(dom.window.document, { timeoutMs: 100 })).toBe(false);
    expect(Date.now() - started).toBeGreaterThanOrEqual(90);
  });

  it('does not wait on pages that are not share pages', async () => {
    const doc = parse('<html><body><ul><li>列表</li></ul></body></html>', 'https://finews.withounder.com/category/x.html');
    expect(await waitForArticleBody(doc, { timeoutMs: 10_000 })).toBe(true);
  });
});

/**
 * The order that decides when a page's signals disagree, and what happens
 * when a signal is missing (README › What the extractor reads).
 */
import { JSDOM } from 'jsdom';
import { describe, expect, it } from 'vitest';
import { extractArticle } from '../../lib/extract/index';
import { readFinewsMeta } from '../../lib/extract/page-meta';
import { titleWithoutSuffix } from '../../lib/extract/title';

const URL_ = 'http://finews.zning.xyz/html_News/NewsShare.html?infoCode=NW202205302350000001';
const BODY =
  '<div class="b"><p>　　第一段正文，讲述了央行开展公开市场操作的情况，市场流动性保持合理充裕，利率平稳运行。</p>' +
  '<p>　　第二段正文，分析人士认为后续政策仍将保持稳健，关注经济数据的变化。</p><p>　　第三段。</p>' +
  '<p class="em_media">（文章来源：证券时报）</p></div>';

function meta(head: string, body: string) {
  const doc = new JSDOM(`<html><head>${head}</head><body>${body}</body></html>`, { url: URL_ }).window.document;
  return readFinewsMeta(doc);
}

describe('title', () => {
  it.each([
    ['标题_东方财富', '标题'],
    ['标题_东方财富网', '标题'],
    ['标题-东方财富网', '标题'],
    ['标题_财经频道_东方财富网', '标题'],
    ['标题 - 东方财富', '标题'],
    ['标题 | finews', '标题'],
    ['A-B 对比', 'A-B 对比'],
    ['东方财富网', ''],
  ])('<title>%s</title> gives %s', (title, clean) => {
    expect(titleWithoutSuffix(title)).toBe(clean);
  });

  it('prefers the element whose text equals a hint over a logo <h1>', () => {
    const m = meta('<title>真标题_东方财富</title>', '<h1>东方财富</h1><h2>相关资讯</h2><h3>真标题</h3>' + BODY);
    expect(m.title).toBe('真标题');
  });

  it('takes a heading with a time beside it when the page gives no hint', () => {
    const m = meta('<title>东方财富网</title>', '<h2>相关资讯</h2><div><h2>真标题</h2><p>2022-05-30 22:00:29</p></div>' + BODY);
    expect(m.title).toBe('真标题');
    expect(m.publishedAt).toBe('2022-05-30T22:00:29+08:00');
  });

  it('falls back to og:title, then to <title> without its suffix', () => {
    expect(meta('<meta property="og:title" content="OG 标题"><title>T_东方财富</title>', BODY).title).toBe('OG 标题');
    expect(meta('<title>T_东方财富</title>', BODY).title).toBe('T');
  });
});

describe('time', () => {
  it('takes the labelled publication time, never an update time', () => {
    const m = meta('', '<h1>标题</h1><div>更新时间：2022-05-31 10:00:00 发布时间：2022-05-30 22:00:29</div>' + BODY);
    expect(m.publishedAt).toBe('2022-05-30T22:00:29+08:00');
  });

  it('prefers what the page shows over <time datetime>, meta and JSON-LD, in that order', () => {
    const ld = (iso: string) => `<script type="application/ld+json">{"datePublished":"${iso}"}</script>`;
    const metaTag = (iso: string) => `<meta property="article:published_time" content="${iso}">`;
    const time = (iso: string) => `<time datetime="${iso}">今天</time>`;
    const shown = '<p>2022-05-30 22:00:29</p>';
    const head = metaTag('2022-05-30T22:00:02+08:00') + ld('2022-05-30T22:00:03+08:00');
    expect(meta(head, `<h1>标题</h1>${shown}${time('2022-05-30T22:00:01+08:00')}${BODY}`).publishedAt).toBe('2022-05-30T22:00:29+08:00');
    expect(meta(head, `<h1>标题</h1><p>${time('2022-05-30T22:00:01+08:00')}</p>${BODY}`).publishedAt).toBe('2022-05-30T22:00:01+08:00');
    expect(meta(head, `<h1>标题</h1>${BODY}`).publishedAt).toBe('2022-05-30T22:00:02+08:00');
    expect(meta(ld('2022-05-30T22:00:03+08:00'), `<h1>标题</h1>${BODY}`).publishedAt).toBe('2022-05-30T22:00:03+08:00');
  });

  it('never takes a time from a related-news list or from the body', () => {
    const related = '<ul><li><a href="#">旧闻</a> <span>2021-01-01 09:00:00</span></li></ul>';
    const body = BODY.replace('第一段正文', '2021-12-31 23:59:59，第一段正文');
    const m = meta('', `<h1>标题</h1>${related}${body}`);
    expect(m.publishedAt).toBeUndefined();
  });

  it('leaves the time unknown when the page shows none: the article is saved without one', () => {
    const html = `<html><head><title>标题_东方财富</title></head><body><h2>标题</h2>${BODY}</body></html>`;
    const result = extractArticle(new JSDOM(html, { url: URL_ }).window.document, URL_);
    expect(result.ok && result.article.title).toBe('标题');
    expect(result.ok && result.article.publishedAt).toBeUndefined();
  });
});

describe('source', () => {
  it('the em_media line wins over 来源：, 文章来源： and meta', () => {
    const m = meta('<meta name="source" content="元数据">', '<h1>标题</h1><p>来源：信息行</p>' + BODY);
    expect(m.source).toBe('证券时报');
  });

  it('文章来源： wins over 来源：, which wins over meta', () => {
    const body = BODY.replace('<p class="em_media">（文章来源：证券时报）</p>', '');
    expect(meta('<meta name="source" content="元数据">', `<h1>标题</h1><p>来源：甲</p><p>文章来源：乙</p>${body}`).source).toBe('乙');
    expect(meta('<meta name="source" content="元数据">', `<h1>标题</h1><p>来源：甲</p>${body}`).source).toBe('甲');
    expect(meta('<meta name="source" content="元数据">', `<h1>标题</h1>${body}`).source).toBe('元数据');
  });
});

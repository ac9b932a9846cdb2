/**
 * The seed article, a real post of the finews blog, byte for byte
 * (tests/fixtures/pages/seed-share/seed-post.md): its share page must extract to
 * exactly the post's 13 paragraphs and source line, and the same bytes.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { JSDOM } from 'jsdom';
import { expect, it } from 'vitest';
import { extractArticle } from '../../lib/extract/index';

const DIR = path.resolve(import.meta.dirname, '..', 'fixtures', 'pages', 'seed-share');
const url = readFileSync(path.join(DIR, 'url.txt'), 'utf8').trim();
const post = readFileSync(path.join(DIR, 'seed-post.md'), 'utf8');
// The post body: after the front matter, up to the blank line before the share link.
const postBody = post.split('---\n')[2]!.split('\n\n<http')[0]!;
const postParagraphs = [...postBody.matchAll(/<p>(.*?)<\/p>/g)].map((m) => m[1]!);

function extractSeed() {
  const dom = new JSDOM(readFileSync(path.join(DIR, 'source.html'), 'utf8'), { url });
  const result = extractArticle(dom.window.document, url);
  if (!result.ok) throw new Error(`the seed did not extract: ${result.reason}`);
  return result.article;
}

it('reads the seed post the test compares with', () => {
  expect(url).toBe('http://finews.zning.xyz/html_News/NewsShare.html?infoCode=NW202202102271830933');
  expect(postParagraphs).toHaveLength(13);
  expect(postBody.endsWith('<p class="em_media">（文章来源：定西日报）</p>')).toBe(true);
});

it('extracts the seed share page to the seed post exactly', () => {
  const article = extractSeed();
  expect(article.title).toBe('定西:以高质量监督助力优化营商环境');
  expect(article.publishedAt).toBe('2022-02-10T08:10:19+08:00');
  expect(article.source).toBe('定西日报');
  expect(article.infoCode).toBe('NW202202102271830933');
  expect(article.id).toBe('NW202202102271830933');
  expect(article.canonicalUrl).toBe(url);
  expect(article.images).toEqual([]);

  const doc = new JSDOM(`<body>${article.html}</body>`).window.document;
  const paragraphs = Array.from(doc.body.children);
  // 13 paragraphs of text and the source line, nothing else.
  expect(paragraphs.map((p) => p.localName)).toEqual(Array(14).fill('p'));
  expect(paragraphs.slice(0, 13).map((p) => p.innerHTML)).toEqual(postParagraphs);
  expect(paragraphs.slice(0, 13).every((p) => p.attributes.length === 0)).toBe(true);
  expect(paragraphs[13]!.outerHTML).toBe('<p class="em_media">（文章来源：定西日报）</p>');
  // And the very bytes of the post: an export can pass the html through.
  expect(article.html).toBe(postBody);
});

it('drops the full-width indents the share page prints', () => {
  const source = readFileSync(path.join(DIR, 'source.html'), 'utf8');
  expect(source).toContain('<p>　　本报讯');
  expect(extractSeed().html).not.toContain('\u3000');
});

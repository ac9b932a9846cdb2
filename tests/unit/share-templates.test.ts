/**
 * The metamorphic test of extraction: every golden article rendered in every
 * share-page template must extract to the golden expectation — same title,
 * time, source, body and photos — whatever the layout.
 */
import { JSDOM } from 'jsdom';
import { describe, expect, it } from 'vitest';
import { extractArticle } from '../../lib/extract/index';
import { fillLateBody, goldenArticles, TEMPLATES } from '../fixtures/share-templates/index';

const golden = goldenArticles();

describe('share-page templates', () => {
  it('are at least 10, with distinct names and distinct markup', () => {
    expect(TEMPLATES.length).toBeGreaterThanOrEqual(10);
    expect(new Set(TEMPLATES.map((t) => t.name)).size).toBe(TEMPLATES.length);
    const sample = golden[0]!.input;
    const pages = TEMPLATES.map((t) => t.render(sample).html);
    expect(new Set(pages).size).toBe(TEMPLATES.length);
    // Some bodies arrive late, in both field names the feeds use.
    const late = TEMPLATES.map((t) => t.render(sample).newsText).filter(Boolean);
    expect(late.some((text) => text!.startsWith('{"text"'))).toBe(true);
    expect(late.some((text) => text!.startsWith('{"content"'))).toBe(true);
  });

  const cases = TEMPLATES.flatMap((template) => golden.map((article) => [template.name, article.slug, template, article] as const));
  it.each(cases)('%s × %s extracts to the golden article', (_name, _slug, template, article) => {
    const rendered = template.render(article.input);
    const dom = new JSDOM(rendered.html, { url: article.url });
    fillLateBody(dom.window.document, rendered);
    const result = extractArticle(dom.window.document, article.url);
    dom.window.close();
    if (!result.ok) throw new Error(`not extracted: ${result.reason}`);
    const got = result.article;
    const want = article.expected;
    expect({ title: got.title, publishedAt: got.publishedAt, source: got.source }).toEqual({
      title: want.title,
      publishedAt: want.publishedAt,
      source: want.source,
    });
    expect(got.html).toBe(want.html);
    expect(got.images).toEqual(want.images);
    expect(got.id).toBe(want.id);
  });
});

import { describe, expect, it } from 'vitest';
import { markdownOf } from '../../lib/export/markdown';
import { markdownSource, postBody } from '../../lib/export/post';
import { fixturePages } from '../../scripts/fixtures';

// The export page converts bodies in two halves (the worker writes
// markdownSource, the page runs markdownOf): together they must be postBody.
describe('the export split between worker and page', () => {
  const articles = fixturePages().flatMap((page) => (page.expected.ok ? [page.expected.article] : []));

  it('gives the same Markdown body as converting in one go, for every corpus article', () => {
    expect(articles.length).toBeGreaterThan(5);
    for (const article of articles) {
      expect(markdownOf(markdownSource(article.html)), article.id).toBe(postBody(article.html, 'markdown'));
    }
  });
});

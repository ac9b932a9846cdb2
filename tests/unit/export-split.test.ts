import { describe, expect, it } from 'vitest';
import { markdownOf } from '../../lib/export/post/markdown';
import { markdownBodyWithoutDom } from '../../lib/export/post/markdown-without-dom';
import { markdownSource, postBody } from '../../lib/export/post/post';
import { fixturePages } from '../../scripts/fixtures';
import { AWKWARD_BODIES, HOSTILE_BODIES } from '../fixtures/awkward-markup';

// The export converts bodies on two threads: the page with its own DOM
// (postBody), the worker with domino's parser and no DOM
// (markdownBodyWithoutDom, which is markdownSource then markdownOf's rules).
// Every body must come out the same whichever thread converts it. In Node
// Turndown parses with domino on both sides; tests/e2e/converters.test.ts
// holds domino to the browser's own DOM.
describe('the export split between worker and page', () => {
  const articles = fixturePages().flatMap((page) => (page.expected.ok ? [page.expected.article] : []));
  it('gives the same Markdown body on either thread, for every corpus article', () => {
    expect(articles.length).toBeGreaterThan(5);
    for (const article of articles) {
      const body = postBody(article.html, 'markdown');
      expect(markdownOf(markdownSource(article.html)), article.id).toBe(body);
      expect(markdownBodyWithoutDom(article.html), article.id).toBe(body);
    }
  });

  it('gives the same Markdown body on either thread, for hostile and awkward markup', () => {
    expect(HOSTILE_BODIES.length).toBeGreaterThanOrEqual(50);
    for (const html of [...HOSTILE_BODIES, ...AWKWARD_BODIES]) {
      expect(markdownBodyWithoutDom(html), html).toBe(postBody(html, 'markdown'));
    }
  });
});

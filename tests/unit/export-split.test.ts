import { describe, expect, it } from 'vitest';
import { markdownOf } from '../../lib/export/markdown';
import { markdownBodyWithoutDom, markdownSource, postBody } from '../../lib/export/post';
import { fixturePages } from '../../scripts/fixtures';
import { VECTORS } from '../fixtures/hostile/vectors';

// The export converts bodies on two threads: the page with its own DOM
// (postBody), the worker with domino's parser and no DOM
// (markdownBodyWithoutDom, which is markdownSource then markdownOf's rules).
// Every body must come out the same whichever thread converts it.
describe('the export split between worker and page', () => {
  const articles = fixturePages().flatMap((page) => (page.expected.ok ? [page.expected.article] : []));
  const hostile = VECTORS.map((vector) => `<p>前文 ${vector.markup(vector.name)} 后文</p><p>第二段</p>`);
  // Shapes whose parse a DOM could rearrange: tables, nesting, stray end tags, entities, white space.
  const shapes = [
    '<table><tr><td>a</td><td>b</td></tr><tr><td>1</td><td>2</td></tr></table>',
    '<table><thead><tr><th>h</th></tr></thead><tbody><tr><td>x | y</td></tr></tbody></table>',
    '<p>a<p>b</p></p><div><p>c</div>',
    '<ul><li>one<li>two</ul><ol start="3"><li>three</ol>',
    '<p>&lt;tag&gt; &amp;amp; &nbsp; 　全角空格 *星* _下_ `码` [链](接)</p>',
    '<p>  lots   of\n\n white\tspace  </p><pre>  kept\n  as is </pre>',
    '<p><a href="http://a.test/(x)" title="t &quot;q&quot;">link</a><img src="http://i.test/a b.png" alt="[alt]"></p>',
    '<h2>标题</h2><blockquote><p>引用</p></blockquote><hr><p>{{ liquid }} {% raw %}</p>',
  ];

  it('gives the same Markdown body on either thread, for every corpus article', () => {
    expect(articles.length).toBeGreaterThan(5);
    for (const article of articles) {
      const body = postBody(article.html, 'markdown');
      expect(markdownOf(markdownSource(article.html)), article.id).toBe(body);
      expect(markdownBodyWithoutDom(article.html), article.id).toBe(body);
    }
  });

  it('gives the same Markdown body on either thread, for hostile and awkward markup', () => {
    expect(hostile.length).toBeGreaterThanOrEqual(50);
    for (const html of [...hostile, ...shapes]) {
      expect(markdownBodyWithoutDom(html), html).toBe(postBody(html, 'markdown'));
    }
  });
});

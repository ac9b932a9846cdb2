/**
 * The hostile-content corpus (tests/fixtures/hostile/) through extraction and
 * export, in Node: every vector, at every place a share page can hold it
 * (title, source, body, photo attributes; as markup and as text), is saved
 * with nothing active left, and exported — Markdown and HTML bodies — with
 * nothing active for the blog either: no element, attribute or URL off the
 * allow-list, no Markdown link to a script, no Liquid that would run, and a
 * front matter whose printed fields hold no raw markup. The same holds for a
 * stored body that never went through extraction (a restored backup), in the
 * export and in what the reader shows. Text that looks like markup or Liquid
 * comes out as that text.
 *
 * That the vectors do run when nothing stops them is proved in real Chromium
 * (tests/e2e/hostile.test.ts).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { JSDOM, VirtualConsole } from 'jsdom';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import type { Article } from '../../lib/article';
import { bodyForDisplay } from '../../lib/html/display-body';
import { sanitizeHtml } from '../../lib/extract/sanitize';
import { extractArticle } from '../../lib/extract/index';
import { postFor } from '../../lib/export/post/post';
import { DEFAULT_EXPORT_SETTINGS } from '../../lib/export/settings';
import { withStoredImages } from '../../lib/library/images';
import type { ArticleRecord } from '../../lib/library/records';
import { activeInMarkdown, activeInMarkup, activeInPost, decodeReferences, liquid4 } from '../fixtures/hostile/scan';
import { scanTree } from '../fixtures/hostile/scan-dom';
import { browserTestPages, hostileSharePage, PLACEMENTS, vectorId } from '../fixtures/hostile/share-pages';
import { firingVectors, VECTORS, type Family, type HostileVector } from '../fixtures/hostile/vectors';

const FORMATS = ['markdown', 'html'] as const;
const PAGES = path.resolve(import.meta.dirname, '..', 'fixtures', 'pages');
// jsdom reports the vectors' broken CSS; that is expected noise here.
const quiet = new VirtualConsole();

function load(html: string, url: string): JSDOM {
  return new JSDOM(html, { url, virtualConsole: quiet });
}

function record(article: Article): ArticleRecord & { html: string } {
  return { ...article, savedAt: 1_646_270_285_000, updatedAt: 1_646_270_285_000, sortTime: 1_646_270_285_000, tags: [], read: false };
}

/** The article's post in each body format. */
function posts(article: ArticleRecord & { html: string }): { bodyFormat: (typeof FORMATS)[number]; content: string }[] {
  return FORMATS.map((bodyFormat) => ({ bodyFormat, content: postFor(article, { ...DEFAULT_EXPORT_SETTINGS, bodyFormat }).content }));
}

function exportFindings(article: ArticleRecord & { html: string }, written = posts(article)): string[] {
  return written.flatMap(({ bodyFormat, content }) => activeInPost(content, parse, bodyFormat).map((f) => `${bodyFormat}: ${f}`));
}

/** What a kramdown reader sees of exported text: backslash escapes and character references resolved, white space collapsed. */
function shownText(text: string): string {
  return decodeReferences(text.replace(/\\([\\.*_+\-`()[\]{}#!:|"'=<>~])/g, '$1'))
    .replace(/\s+/g, ' ')
    .trim();
}

function collapse(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

describe('the hostile corpus', () => {
  it('has at least 60 vectors with unique names, in every family of issue 5', () => {
    expect(VECTORS.length).toBeGreaterThanOrEqual(60);
    const names = VECTORS.map((v) => v.name);
    expect(new Set(names).size).toBe(names.length);
    for (const name of names) expect(name).toMatch(/^[a-z0-9-]+$/);
    const families = new Set<Family>(VECTORS.map((v) => v.family));
    for (const family of ['script', 'parser', 'handler', 'url', 'svg', 'mathml', 'srcdoc', 'base', 'meta', 'css', 'clobber', 'liquid'] as const) {
      expect(families, family).toContain(family);
    }
    const markups = VECTORS.map((v) => v.markup(v.name)).join('\n');
    for (const needle of ['javascript:', 'data:', 'vbscript:', 'expression(', 'url(javascript:', 'srcdoc', '<base', 'http-equiv="refresh"', '{{', '{%']) {
      expect(markups, needle).toContain(needle);
    }
  });

  it('has each vector report as itself, and says why those that cannot fire in Chromium do not', () => {
    for (const v of VECTORS) {
      if (v.raw !== 'fires') expect(v.raw.never.length, v.name).toBeGreaterThan(10);
      if (v.family === 'clobber') expect(v.probe, v.name).toBeDefined();
      else if (v.raw === 'fires') expect(v.markup('one-id.body'), v.name).not.toBe(v.markup('other-id.body'));
    }
    // Most are live: the e2e test proves each of these fires in a plain page.
    expect(firingVectors().length).toBeGreaterThanOrEqual(Math.ceil(VECTORS.length * 0.6));
  });

  it('is caught by the scanners when left raw (so a clean scan means something)', () => {
    const { window } = load('', 'http://raw.finews.test/');
    for (const v of VECTORS) {
      const raw = v.markup(v.name);
      const doc = new window.DOMParser().parseFromString(`<body>${raw}</body>`, 'text/html');
      const asPost = (body: string) =>
        activeInPost(`---\nlayout: post\ntitle: "t"\ndate: 2022-03-03 09:18:05 +0800\ncategories: c\ntags: t\n---\n${body}`, parse, 'markdown');
      if (v.family === 'liquid') {
        // As written, or as the page shows it (tags split `{<b></b>{`).
        expect([...asPost(raw), ...asPost(doc.body.textContent ?? '')], v.name).not.toEqual([]);
      } else {
        expect(activeInMarkup(raw), v.name).not.toEqual([]);
        // What runs in a page is in its tree (the others may parse into nothing, as a browser does).
        if (v.raw === 'fires') expect(scanTree(doc.body), v.name).not.toEqual([]);
      }
    }
    window.close();
    expect(activeInMarkdown('[x](javascript:alert(1))')).not.toEqual([]);
    expect(activeInMarkdown('\\[x\\](javascript:alert(1))')).toEqual([]);
  }, 30_000);
});

describe('a share page holding one vector everywhere', () => {
  const pages = VECTORS.map((vector, i) => ({ vector, page: hostileSharePage([vector], { n: 100 + i }) }));

  it.each(pages.map(({ vector, page }) => [vector.name, vector, page] as const))('%s: saves inert, exports inert, text stays text', (_name, vector, page) => {
    const dom = load(page.html, page.url);
    const result = extractArticle(dom.window.document, page.url);
    if (!result.ok) throw new Error(`${vector.name}: not saved (${result.reason})`);
    const article = result.article;
    // Still the article: the paragraphs before the body's markup survive whatever the vector does.
    for (const words of ['为维护银行体系', '本次操作期限为7天', '市场人士表示']) expect(article.html).toContain(words);
    expect(article.title.startsWith(page.titleWords)).toBe(true);

    expect(activeInMarkup(article.html)).toEqual([]);
    expect(scanTree(JSDOM.fragment(article.html))).toEqual([]);
    for (const url of article.images) expect(url).toMatch(/^https?:\/\//);

    const written = posts(record(article));
    expect(exportFindings(record(article), written)).toEqual([]);

    // The vector written as text in the body is shown as that text, in the reader and on the blog.
    const asText = collapse(vector.markup(vectorId(vector, 'body-text')));
    expect(collapse(JSDOM.fragment(article.html).textContent ?? '')).toContain(asText);
    for (const { bodyFormat, content } of written) {
      const rendered = liquid4(content.slice(content.indexOf('\n---\n', 4) + 5));
      expect(rendered.executed, bodyFormat).toBeUndefined();
      const shown = bodyFormat === 'markdown' ? shownText(rendered.output) : collapse(JSDOM.fragment(rendered.output).textContent ?? '');
      expect(shown, bodyFormat).toContain(asText);
    }
    // The title holding the vector as text comes out as that text, entity-escaped for the layout.
    const frontMatter = parse(written[0]!.content.split('\n---\n')[0]!.slice(4)) as Record<string, string>;
    expect(decodeReferences(frontMatter.title!)).toBe(article.title);
    dom.window.close();
  });

  it('lands each vector at each placement in the page', () => {
    const vector = VECTORS.find((v) => v.name === 'img-onerror')!;
    const { html } = hostileSharePage([vector]);
    for (const placement of PLACEMENTS) expect(html).toContain(vectorId(vector, placement));
  });
});

describe('a stored body that never went through extraction (a restored backup)', () => {
  const stored = (vector: HostileVector, i: number) => {
    const page = hostileSharePage([vector], { n: 300 + i });
    const dom = load(page.html, page.url);
    const body = dom.window.document.getElementById('ContentBody')!.innerHTML;
    dom.window.close();
    const markup = vector.markup(vector.name);
    const article: ArticleRecord & { html: string } = {
      ...record({ id: page.infoCode, infoCode: page.infoCode, url: page.url, canonicalUrl: page.url, title: markup, source: markup, site: 'finews.zning.xyz', html: body, images: [] }),
    };
    return { article, markup };
  };

  it.each(VECTORS.map((v, i) => [v.name, v, i] as const))('%s: exports inert in both body formats', (_name, vector, i) => {
    const { article, markup } = stored(vector, i);
    expect(exportFindings(article)).toEqual([]);
    expect(exportFindings({ ...article, html: markup })).toEqual([]);
  });

  const reader = load('<!DOCTYPE html><body></body>', 'chrome-extension://finews/reader.html').window;
  const words = { notice: '图片未保存', link: '查看原图' };

  it.each(VECTORS.map((v, i) => [v.name, v, i] as const))('%s: is shown inert by the reader (sanitized, photos swapped for notices)', (_name, vector, i) => {
    const { article, markup } = stored(vector, i);
    for (const html of [article.html, markup]) {
      const shown = withStoredImages(reader, bodyForDisplay(reader, html), () => undefined, words);
      expect(scanTree(JSDOM.fragment(shown))).toEqual([]);
    }
  });

  it('shows a clean stored body exactly as DOMPurify alone would (the DOM-free pass changes nothing there)', () => {
    for (const slug of ['seed-share', 'eastmoney-noise', 'share-images', 'hostile', 'large', 'codes-mixed']) {
      const expected = JSON.parse(readFileSync(path.join(PAGES, slug, 'expected.json'), 'utf8')) as { ok: boolean; article: Article };
      expect(bodyForDisplay(reader, expected.article.html), slug).toBe(sanitizeHtml(reader, expected.article.html));
    }
  });
});

describe('the pages the browser test saves', () => {
  it('hold every vector, and each extracts to an article with nothing active', () => {
    const pages = browserTestPages();
    expect(pages.flatMap((page) => page.vectors.map((v) => v.name)).sort()).toEqual(VECTORS.map((v) => v.name).sort());
    for (const page of pages) {
      const dom = load(page.html, page.url);
      const result = extractArticle(dom.window.document, page.url);
      if (!result.ok) throw new Error(`${page.infoCode}: not saved (${result.reason})`);
      expect(activeInMarkup(result.article.html)).toEqual([]);
      expect(exportFindings(record(result.article))).toEqual([]);
      dom.window.close();
    }
  }, 60_000);
});

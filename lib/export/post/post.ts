import type { ArticleRecord } from '../../library/records';
import { shareUrl } from '../../finews/share-url';
import { bodyBlocks } from './blocks';
import { articleDate } from './date';
import { isSafeFileName, shortHash } from './file-name';
import { frontMatter } from './front-matter';
import { htmlBody } from './html-body';
import { inertLiquid } from './liquid';
import { markdownBody } from './markdown';
import { safeUrl, serializeHtml } from '../../html/allow-list';
import type { ExportSettings } from '../settings';
import { asciiSlug, categorySlug, tagFor } from './slug';

export type { ExportSettings } from '../settings';
export { DEFAULT_EXPORT_SETTINGS } from '../settings';
export { UndatedPostError } from './date';

export interface Post {
  /** `YYYY-MM-DD-<name>.md`, safe on every OS; goes under `_posts/`. */
  fileName: string;
  content: string;
  /** False when the page showed no time and the date is only the infoCode's day. */
  timeKnown: boolean;
}

/**
 * One article as a post of the finews Jekyll blog, shaped like the posts the
 * blog's crawler wrote (see the seed post in tests/fixtures/posts/seed).
 */
export function postFor(article: ArticleRecord & { html: string }, settings: ExportSettings): Post {
  return postAround(article, postBody(article.html, settings.bodyFormat), settings);
}

/**
 * A post's body in the chosen format. Markdown needs a DOM (Turndown parses
 * with DOMParser), so in the export page this part runs on the page's thread.
 */
export function postBody(html: string, format: ExportSettings['bodyFormat']): string {
  const blocks = bodyBlocks(html);
  return format === 'html' ? htmlBody(blocks) : markdownBody(blocks);
}

/** What `markdownOf` turns into the Markdown body `postBody` makes: all of that work that needs no DOM. */
export function markdownSource(html: string): string {
  return serializeHtml(bodyBlocks(html));
}

/** The post around a body `postBody` made: needs no DOM, so a worker can write it. */
export function postAround(article: ArticleRecord, body: string, settings: ExportSettings): Post {
  const { category, tag } = grouping(article, settings);
  // Throws UndatedPostError for an article with neither a time nor an infoCode day.
  const date = articleDate(article);

  const tail: string[] = [];
  const link = linkFor(article, settings);
  if (link) tail.push(`<${link}>`);
  if (settings.backLinks) tail.push(backLinks(tag, category, settings.blogBase));

  const content = inertLiquid([body, ...tail].join('\n\n'));
  return {
    fileName: fileNameOn(date.day, article),
    content: frontMatter({ title: article.title, date: date.stamp, category, tag }) + content,
    timeKnown: date.timeKnown,
  };
}

/** Category and tag: the source for finews articles, else the site. */
function grouping(article: ArticleRecord, settings: ExportSettings): { category: string; tag: string } {
  if (article.infoCode && article.source) {
    return { category: categorySlug(article.source, settings.slugOverrides), tag: tagFor(article.source) };
  }
  const site = siteName(article);
  return { category: asciiSlug(site) || 'web', tag: site || 'web' };
}

/** The site's name: its host without `www.`. */
function siteName(article: ArticleRecord): string {
  let host = article.site;
  if (!host) {
    try {
      host = new URL(article.url).hostname;
    } catch {
      host = '';
    }
  }
  return host.toLowerCase().replace(/^www\./, '');
}

/** The file name `postAround` gives the article's post (throws UndatedPostError as it does), without making the post. */
export function postFileName(article: ArticleRecord): string {
  return fileNameOn(articleDate(article).day, article);
}

function fileNameOn(day: string, article: ArticleRecord): string {
  return `${day}-${fileStem(article)}.md`;
}

function fileStem(article: ArticleRecord): string {
  if (article.infoCode && /^[A-Za-z0-9]{1,64}$/.test(article.infoCode)) return article.infoCode;
  const stem = asciiSlug(article.title) || asciiSlug(article.infoCode ?? '') || shortHash(article.id);
  return isSafeFileName(`${stem}.md`) ? stem : shortHash(article.id);
}

/** The share page on the mirror for finews articles, else the article's own address. */
function linkFor(article: ArticleRecord, settings: ExportSettings): string | undefined {
  if (article.infoCode) return safeUrl(shareUrl(article.infoCode, settings.shareBase), ['http', 'https'], true);
  return safeUrl(article.canonicalUrl || article.url, ['http', 'https']);
}

function backLinks(tag: string, category: string, blogBase: string): string {
  const base = blogBase.replace(/\/+$/, '');
  const text = markdownLinkText(`返回${tag}`);
  const categoryUrl = linkDestination(`${base}/category/${category}.html`);
  return `[${text}](${categoryUrl})｜[返回首页](${linkDestination(`${base}/`)})`;
}

function markdownLinkText(text: string): string {
  return text
    .replace(/\s+/g, ' ')
    .replace(/[\\`*_[\]]/g, '\\$&')
    .replace(/&(?=#?[a-zA-Z0-9]+;)/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/\{/g, '\\{');
}

/** Keeps balanced brackets as the crawler wrote them; encodes what would end the link. */
function linkDestination(url: string): string {
  let depth = 0;
  let balanced = true;
  for (const c of url) {
    if (c === '(') depth++;
    else if (c === ')' && --depth < 0) balanced = false;
  }
  balanced &&= depth === 0;
  // Brackets too: a destination holding `[x](javascript:…)` must not read as a link in any Markdown.
  return url.replace(/[\s<>"`{}|\\[\]]|[()]/g, (c) =>
    (c === '(' || c === ')') && balanced ? c : encodeURIComponent(c).replace(/[()]/g, (p) => (p === '(' ? '%28' : '%29')),
  );
}

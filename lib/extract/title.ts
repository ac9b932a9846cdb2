/**
 * The article's title on a finews page, whatever element the layout uses for
 * it: a heading of any level, or a title-like element (`class="title"`, a
 * styled `<div>`), confirmed by the page's own hints (og:title, `<title>`
 * without the site's suffix) or by an info line with a time beside it.
 */
import { squash, textOf } from './dom';
import { isRelatedHeading } from './noise';
import { findFinewsTime } from './published-time';

// Site suffixes the share pages and Eastmoney add to `<title>`: `X_东方财富`, `X-东方财富网`, `X_财经频道_东方财富网`.
const SITE_SUFFIX = /\s*[_\-–—|｜]\s*(?:东方财富网?|东财|财经频道|天天基金网?|choice数据|finews|[^_\-–—|｜]{0,12}频道)\s*$/i;
// Any other ` - site` / ` | site` tail: separated by spaces, short.
const SPACED_SUFFIX = /\s+[-–—|｜]\s+[^-–—|｜]{1,20}$/;
// Generic page names that are not an article's title.
const SITE_NAMES = /^(?:东方财富网?|东方财富网?资讯|东财|finews|天天基金网?|新闻|资讯|正文|文章详情)$/i;
const MAX_TITLE_LENGTH = 200;
// Heading-like elements looked at, in document order: a share page has a handful.
const MAX_CANDIDATES = 40;
// Class names are matched as written (lower and camel case): not every DOM supports the `i` flag.
const TITLE_SELECTOR =
  'h1, h2, h3, h4, h5, h6, [class*="title"], [class*="Title"], [id*="title"], [id*="Title"], [class*="headline"], [class~="tit"], [itemprop="headline"]';
// Inside these, a heading is a link list or page furniture, not the article's title.
const NOT_TITLE_PLACES = 'a, li, nav, footer, button, label, select, option, script, style, template';

/** `<title>` with every site suffix taken off, or '' when it is only a site name. */
export function titleWithoutSuffix(title: string): string {
  let text = squash(title);
  for (let i = 0; i < 3; i++) {
    const next = text.replace(SITE_SUFFIX, '').replace(SPACED_SUFFIX, '');
    if (next === text || !next) break;
    text = next;
  }
  return SITE_NAMES.test(text) ? '' : text;
}

export interface TitleElement {
  element: Element;
  text: string;
}

/**
 * The element that shows the title, best first:
 * 1. one whose text equals a hint (a heading before another element);
 * 2. one that a hint starts with (a `<title>` whose suffix was not recognised);
 * 3. one with an info line holding a time next to it (`hasTimeNearby`), headings by level;
 * 4. the first `<h1>` that is not a site name.
 */
export function findTitleElement(
  body: HTMLElement,
  hints: string[],
  hasTimeNearby: (element: Element) => boolean,
): TitleElement | undefined {
  const candidates = titleCandidates(body);
  const wanted = hints.map(normalize).filter(Boolean);
  const ranked = (list: TitleElement[]) => [...list].sort((a, b) => rank(a.element) - rank(b.element));

  const exact = candidates.filter((c) => wanted.includes(normalize(c.text)));
  if (exact.length) return ranked(exact)[0];
  const prefix = candidates.filter((c) => c.text.length >= 4 && wanted.some((hint) => hint.startsWith(normalize(c.text))));
  if (prefix.length) return ranked(prefix)[0];
  const timed = candidates.filter((c) => !SITE_NAMES.test(c.text) && hasTimeNearby(c.element));
  if (timed.length) return ranked(timed)[0];
  return candidates.find((c) => c.element.localName === 'h1' && !SITE_NAMES.test(c.text));
}

function titleCandidates(body: HTMLElement): TitleElement[] {
  const found: TitleElement[] = [];
  for (const element of Array.from(body.querySelectorAll(TITLE_SELECTOR)).slice(0, MAX_CANDIDATES * 2)) {
    if (found.length >= MAX_CANDIDATES) break;
    if (element.closest(NOT_TITLE_PLACES) || isHidden(element)) continue;
    // A wrapper around the heading and its info line is not the title itself.
    if (element.querySelector('h1, h2, h3, h4, h5, h6, p, div, ul, table')) continue;
    const text = textOf(element);
    if (!text || text.length > MAX_TITLE_LENGTH || findFinewsTime(text) || isRelatedHeading(text)) continue;
    found.push({ element, text });
  }
  return found;
}

/** Headings first, by level, then other title-like elements; document order breaks ties (stable sort). */
function rank(element: Element): number {
  const level = /^h([1-6])$/.exec(element.localName)?.[1];
  return level ? Number(level) : 7;
}

// Full-width spaces and the ASCII/full-width colon pairs the pages mix.
function normalize(text: string): string {
  return squash(text.replace(/\u3000/g, ' ')).replace(/：/g, ':').toLowerCase();
}

export function isHidden(el: Element): boolean {
  return el.hasAttribute('hidden') || /display\s*:\s*none|visibility\s*:\s*hidden/i.test(el.getAttribute('style') ?? '');
}

/**
 * What a page says about its article for machines rather than readers: Open
 * Graph and article meta tags, and JSON-LD. Used when the page shows less
 * (no heading, no visible time); never trusted over the em_media source line.
 */
import { squash } from './dom';
import { findFinewsTime, normalizeIsoTime } from './published-time';

export interface MachineMeta {
  /** Candidate titles, best first: og:title, twitter:title, JSON-LD headline. */
  titles: string[];
  /** The first meta or JSON-LD publication time, normalized; see `readTime`. */
  publishedAt?: string;
  source?: string;
}

// Meta names for the publication time, in the order they are believed.
const TIME_META = [
  'article:published_time',
  'og:article:published_time',
  'og:release_date',
  'publishdate',
  'pubdate',
  'publish_date',
  'datepublished',
  'date',
];
const TITLE_META = ['og:title', 'twitter:title'];
const SOURCE_META = ['source', 'article:source', 'media', 'og:article:source'];
// A page with more JSON-LD than this is not a share page; the rest is skipped.
const MAX_JSON_LD = 8;
const MAX_JSON_LD_LENGTH = 100_000;

export function readMachineMeta(doc: Document): MachineMeta {
  const metas = metaValues(doc);
  const ld = jsonLdArticles(doc);
  const titles = [...TITLE_META.map((name) => metas.get(name)), ...ld.map((a) => a.headline)]
    .map((value) => squash(typeof value === 'string' ? value : ''))
    .filter(Boolean);
  // Meta tags before JSON-LD: a share page's template writes its meta tags, while JSON-LD is often a site-wide block.
  const times = [
    ...TIME_META.map((name) => metas.get(name)),
    ...ld.map((a) => a.datePublished),
  ];
  let publishedAt: string | undefined;
  for (const value of times) {
    publishedAt = typeof value === 'string' ? readTime(value) : undefined;
    if (publishedAt) break;
  }
  const source = SOURCE_META.map((name) => squash(metas.get(name))).find(Boolean);
  return { titles: [...new Set(titles)], ...(publishedAt && { publishedAt }), ...(source && { source }) };
}

/** A machine-readable time: ISO 8601 with its offset, else a finews-style time read as China time. */
export function readTime(value: string): string | undefined {
  return normalizeIsoTime(value) ?? findFinewsTime(value);
}

/** `<meta property|name|itemprop=… content=…>`, lower-cased names, first value of each. */
function metaValues(doc: Document): Map<string, string> {
  const values = new Map<string, string>();
  const head = doc.head ?? doc.documentElement;
  if (!head) return values;
  for (const meta of Array.from(head.getElementsByTagName('meta'))) {
    const name = (meta.getAttribute('property') ?? meta.getAttribute('name') ?? meta.getAttribute('itemprop') ?? '').toLowerCase();
    const content = meta.getAttribute('content');
    if (name && content && !values.has(name)) values.set(name, content);
  }
  return values;
}

interface LdArticle {
  headline?: unknown;
  datePublished?: unknown;
}

/** Objects of JSON-LD blocks that describe an article (top level, arrays, `@graph`). */
function jsonLdArticles(doc: Document): LdArticle[] {
  const found: LdArticle[] = [];
  const scripts = Array.from(doc.querySelectorAll('script[type="application/ld+json"]')).slice(0, MAX_JSON_LD);
  for (const script of scripts) {
    const text = script.textContent ?? '';
    if (text.length > MAX_JSON_LD_LENGTH) continue;
    let data: unknown;
    try {
      data = JSON.parse(text);
    } catch {
      continue; // a broken block says nothing
    }
    collect(data, found, 0);
  }
  return found;
}

function collect(data: unknown, into: LdArticle[], depth: number): void {
  if (depth > 3 || !data || typeof data !== 'object') return;
  if (Array.isArray(data)) {
    for (const item of data.slice(0, 20)) collect(item, into, depth + 1);
    return;
  }
  const object = data as Record<string, unknown>;
  if ('headline' in object || 'datePublished' in object) into.push(object);
  if (Array.isArray(object['@graph'])) collect(object['@graph'], into, depth + 1);
}

/**
 * The blog's own posts as articles: a post in `_posts/` that the library has
 * never seen (the blog's history, written by its crawler before this
 * extension existed) is read back into the library. Front matter gives the
 * title, the time and the source (from the `<source>新闻` tag); the file name
 * gives the infoCode; the body, Markdown or HTML, is kept as HTML after the
 * string allow-list every stored body passes through for the export.
 *
 * A post the export could have written reads back to an article whose
 * export is that post byte for byte (tests/sync/posts.test.ts), so the
 * blog's files are never rewritten by a mere import.
 */
import MarkdownIt from 'markdown-it';
import { parse as parseYaml } from 'yaml';
import { isSafeFileName } from '../export/post/file-name';
import { parseAllowListed, serializeHtml } from '../html/allow-list';
import { isoTimeMs, publicationMs } from '../finews/publication';
import { MIRROR_BASE, shareInfoCode, shareUrl } from '../finews/share-url';
import { tagFor } from '../finews/source-tag';
import type { ArticleRecord } from '../library/records';

/** Posts larger than this are not articles the blog wrote; they are left alone. */
export const POST_MAX_BYTES = 8 * 1024 * 1024;

export interface PostArticle {
  record: ArticleRecord;
  html: string;
}

/** Names the blog's posts have: `YYYY-MM-DD-<stem>.md` (or .markdown/.html), safe on every OS. */
export function isPostFileName(name: string): boolean {
  return isSafeFileName(name) && /^\d{4}-\d{2}-\d{2}-.+\.(?:md|markdown|html)$/i.test(name);
}

const FRONT_MATTER = /^---\r?\n([\s\S]*?)\r?\n---\r?\n/;
const INFO_CODE = /^(?:NW)?\d{12,24}$/;
const BACK_LINKS = /^\[返回[^\n]*\]\([^\n]*\)｜\[返回首页\]\([^\n]*\)$/;

/** Reads one post; undefined when it is not a finews post the library can hold (named why). */
export function articleFromPost(fileName: string, text: string): PostArticle | { skipped: string } {
  if (!isPostFileName(fileName)) return { skipped: `${fileName}: not a post file name` };
  const match = FRONT_MATTER.exec(text);
  if (!match) return { skipped: `${fileName}: no front matter` };
  let fm: Record<string, unknown>;
  try {
    const parsed = parseYaml(match[1]!, { schema: 'core', maxAliasCount: 0 }) as unknown;
    if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) return { skipped: `${fileName}: front matter is not a map` };
    fm = parsed as Record<string, unknown>;
  } catch {
    return { skipped: `${fileName}: front matter is not YAML` };
  }
  const stem = fileName.replace(/^\d{4}-\d{2}-\d{2}-/, '').replace(/\.[a-z]+$/i, '');
  const { body, link } = splitTail(text.slice(match[0].length));
  const infoCode = INFO_CODE.test(stem) ? stem : link ? shareInfoCode(link) : undefined;
  if (!infoCode) return { skipped: `${fileName}: no infoCode in its name or link` };

  const title = typeof fm.title === 'string' ? decodePrinted(fm.title.trim()) : '';
  if (!title) return { skipped: `${fileName}: no title` };
  const publishedAt = isoOf(fm.date);
  const tags = listOf(fm.tags).map(decodePrinted);
  const sourceTag = tags.find((t) => t.endsWith('新闻') && t.length > 2);
  const source = sourceTag?.slice(0, -2);
  const html = serializeHtml(parseAllowListed(bodyHtml(body)));

  const url = shareUrl(infoCode, MIRROR_BASE);
  const fields = { infoCode, ...(publishedAt && { publishedAt }) };
  // The post's own time as save time: two browsers importing the same post make the same record.
  const time = publicationMs(fields) ?? 0;
  const record: ArticleRecord = {
    id: infoCode,
    infoCode,
    url,
    canonicalUrl: url,
    title,
    ...(publishedAt && { publishedAt }),
    ...(source && { source }),
    site: new URL(MIRROR_BASE).hostname,
    images: imagesOf(html),
    savedAt: time,
    updatedAt: time,
    sortTime: time,
    tags: [...new Set([...(source ? [tagFor(source)] : []), ...tags])],
    read: false,
  };
  return { record, html };
}

/** The body without the export's tail: the share link line and the back-links line; Liquid's raw wrapping undone. */
function splitTail(content: string): { body: string; link?: string } {
  const chunks = content.replace(/\s+$/, '').split('\n\n');
  if (chunks.length && BACK_LINKS.test(chunks.at(-1)!.trim())) chunks.pop();
  let link: string | undefined;
  const last = chunks.at(-1)?.trim() ?? '';
  if (/^<https?:\/\/[^\s<>]+>$/.test(last)) {
    link = last.slice(1, -1);
    chunks.pop();
  }
  const body = chunks.join('\n\n').replace(/\{% raw %\}([\s\S]*?)\{% endraw %\}/g, '$1');
  return { body, ...(link && { link }) };
}

let markdown: MarkdownIt | undefined;

/** A body that starts with a tag is the blog's HTML; anything else is Markdown. */
function bodyHtml(body: string): string {
  if (/^\s*</.test(body)) return body;
  // html: true keeps the tables Turndown left as HTML; the allow-list cleans them after.
  markdown ??= new MarkdownIt({ html: true, linkify: false, typographer: false });
  return markdown.render(body);
}

/** Front matter prints `&`, `<`, `>` as entities (front-matter.ts); the article holds the characters. */
function decodePrinted(text: string): string {
  return text.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
}

/** `2022-02-10 08:10:19 +0800` (a string, or a Date when YAML read a timestamp) → ISO with offset. */
function isoOf(value: unknown): string | undefined {
  const text = value instanceof Date ? value.toISOString() : typeof value === 'string' ? value.trim() : '';
  const m = /^(\d{4}-\d{2}-\d{2})[ T](\d{2}:\d{2}(?::\d{2})?)\s*([+-]\d{2}):?(\d{2})$/.exec(text);
  const iso = m ? `${m[1]}T${m[2]!.length === 5 ? `${m[2]}:00` : m[2]}${m[3]}:${m[4]}` : text;
  return isoTimeMs(iso) !== undefined && /[+-]\d{2}:\d{2}$/.test(iso) ? iso : undefined;
}

function listOf(value: unknown): string[] {
  if (typeof value === 'string') return value.split(/\s+/).filter(Boolean);
  if (Array.isArray(value)) return value.filter((v): v is string => typeof v === 'string');
  return [];
}

function imagesOf(html: string): string[] {
  return [...html.matchAll(/<img\b[^>]*?\ssrc="([^"]+)"/g)].map((m) => m[1]!.replace(/&amp;/g, '&'));
}

/** Post dates: the blog writes China Standard Time (UTC+08:00, no DST). */
import { infoCodeDay } from '../../finews/publication';

const CST_OFFSET_MS = 8 * 60 * 60 * 1000;

export interface PostDate {
  /** `YYYY-MM-DD`, for the file name. */
  day: string;
  /** `YYYY-MM-DD HH:MM:SS +0800`, for the front matter. */
  stamp: string;
}

// ISO 8601 as the extractor writes it; an offset-less time is read as CST
// (the share pages show CST) rather than as the machine's local time.
const ISO = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?)?\s*(Z|[+-]\d{2}(?::?\d{2})?)?$/i;

/** Epoch ms of an ISO 8601 time, or undefined when it is not a valid one. */
export function parseIsoTime(text: string | undefined): number | undefined {
  const m = text === undefined ? null : ISO.exec(text.trim());
  if (!m) return undefined;
  const [, y, mo, d, h = '0', mi = '0', s = '0', frac = '', zone] = m;
  const fields = [Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s)] as const;
  const utc = Date.UTC(...fields, Number(frac.padEnd(3, '0').slice(0, 3)));
  const check = new Date(utc);
  if (
    check.getUTCFullYear() !== fields[0] ||
    check.getUTCMonth() !== fields[1] ||
    check.getUTCDate() !== fields[2] ||
    check.getUTCHours() !== fields[3] ||
    check.getUTCMinutes() !== fields[4] ||
    check.getUTCSeconds() !== fields[5]
  ) {
    return undefined;
  }
  return utc - offsetMs(zone);
}

function offsetMs(zone: string | undefined): number {
  if (zone === undefined) return CST_OFFSET_MS;
  if (zone.toUpperCase() === 'Z') return 0;
  const digits = zone.slice(1).replace(':', '');
  const minutes = Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2) || '0');
  return (zone[0] === '-' ? -1 : 1) * minutes * 60_000;
}

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/** True for epoch ms that print as a four-digit CST year. */
function printable(ms: number | undefined): ms is number {
  if (ms === undefined || !Number.isFinite(ms)) return false;
  const year = new Date(ms + CST_OFFSET_MS).getUTCFullYear();
  return year >= 1 && year <= 9999;
}

/** The post date of epoch ms, in CST. */
export function postDate(ms: number): PostDate {
  const d = new Date(ms + CST_OFFSET_MS);
  const day = `${pad(d.getUTCFullYear(), 4)}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
  const time = `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`;
  return { day, stamp: `${day} ${time} +0800` };
}

/** An article the export cannot date: it came from a page that showed no time and has no infoCode. */
export class UndatedPostError extends Error {
  constructor(
    readonly articleId: string,
    readonly title: string,
  ) {
    super(`"${title}" has no publication date: set one in the reader before exporting it.`);
    this.name = 'UndatedPostError';
  }
}

export interface ArticleDate extends PostDate {
  /** False when only the day is known (from the infoCode): the stamp then says midnight. */
  timeKnown: boolean;
}

/**
 * The post date of an article: its publication time, else the day its
 * infoCode carries (at 00:00:00, China time), else it is refused with
 * UndatedPostError. Never the save time and never today: a post that lands
 * on the wrong day of the blog is worse than one that asks for a date.
 */
export function articleDate(article: { id: string; title: string; publishedAt?: string; infoCode?: string }): ArticleDate {
  const ms = parseIsoTime(article.publishedAt);
  if (printable(ms)) return { ...postDate(ms), timeKnown: true };
  const day = infoCodeDay(article.infoCode);
  if (day) return { day, stamp: `${day} 00:00:00 +0800`, timeKnown: false };
  throw new UndatedPostError(article.id, article.title);
}

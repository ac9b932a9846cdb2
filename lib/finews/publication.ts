/**
 * When an article was published, as far as it is known, and never a guess:
 * the time the page showed, else the day its infoCode carries (`NW` +
 * `YYYYMMDD`, or the older all-digit codes that start with the date), else
 * nothing. Today's date is never used for an article that came from a page.
 */

/** A publication: its day always, its time of day when the page showed one. */
export interface Publication {
  /** `YYYY-MM-DD`, China time. */
  day: string;
  /** `HH:MM:SS`, China time; undefined when only the day is known. */
  time?: string;
}

const INFO_CODE_DAY = /^(?:NW)?(\d{4})(\d{2})(\d{2})\d{4,}$/i;
const CST_OFFSET_MS = 8 * 3_600_000;
// The first infoCodes (and the news system) date from this century; anything else is not a date.
const FIRST_YEAR = 2000;

/** The day an infoCode carries (`NW20220210…` → `2022-02-10`), or undefined when it carries none. */
export function infoCodeDay(infoCode: string | undefined): string | undefined {
  const m = infoCode ? INFO_CODE_DAY.exec(infoCode) : null;
  if (!m) return undefined;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (y < FIRST_YEAR || mo < 1 || mo > 12) return undefined;
  if (new Date(Date.UTC(y, mo - 1, d)).getUTCDate() !== d) return undefined;
  return `${m[1]}-${m[2]}-${m[3]}`;
}

/** Epoch ms of an ISO 8601 time with its offset (`2022-02-10T08:10:19+08:00`), or undefined. */
export function isoTimeMs(iso: string | undefined): number | undefined {
  if (!iso || !/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})$/i.test(iso)) return undefined;
  const ms = Date.parse(iso);
  return Number.isFinite(ms) ? ms : undefined;
}

/** The publication of an article: its time when known, else its infoCode's day, else undefined. */
export function publicationOf(article: { publishedAt?: string; infoCode?: string }): Publication | undefined {
  const ms = isoTimeMs(article.publishedAt);
  if (ms !== undefined) {
    const cst = new Date(ms + CST_OFFSET_MS).toISOString();
    return { day: cst.slice(0, 10), time: cst.slice(11, 19) };
  }
  const day = infoCodeDay(article.infoCode);
  return day ? { day } : undefined;
}

/** Epoch ms the library orders an article by: its publication (the start of its day when only that is known). */
export function publicationMs(article: { publishedAt?: string; infoCode?: string }): number | undefined {
  const ms = isoTimeMs(article.publishedAt);
  if (ms !== undefined) return ms;
  const day = infoCodeDay(article.infoCode);
  return day ? Date.parse(`${day}T00:00:00+08:00`) : undefined;
}

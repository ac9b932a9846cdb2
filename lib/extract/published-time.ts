/** Publication times as finews pages print them, turned into ISO 8601 (China time). */

// `2022-02-10 08:10:19`, `2022-02-10 08:10`, `2022年02月10日 08:10` (and `/` or `.` dates).
const FINEWS_TIME =
  /(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?\s*(\d{1,2})\s*[:：]\s*(\d{2})(?:\s*[:：]\s*(\d{2}))?/;

// An ISO 8601 date-time with an explicit offset, as found in page metadata.
const ISO_WITH_OFFSET =
  /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?\s*(Z|[+-]\d{2}:?\d{2})$/i;

const pad = (n: number) => String(n).padStart(2, '0');

function isoFrom(parts: (string | undefined)[], offset: string): string | undefined {
  const [y = 0, mo = 0, d = 0, h = 0, mi = 0, s = 0] = parts.map((p) => Number(p ?? 0));
  if (mo < 1 || mo > 12 || d < 1 || h > 23 || mi > 59 || s > 59) return undefined;
  // Reject 2022-02-30 and the like: the calendar must give the day back.
  if (new Date(Date.UTC(y, mo - 1, d)).getUTCDate() !== d) return undefined;
  return `${y}-${pad(mo)}-${pad(d)}T${pad(h)}:${pad(mi)}:${pad(s)}${offset}`;
}

/** The first finews-style time in `text`, as `YYYY-MM-DDTHH:MM:SS+08:00` (seconds `00` when absent). */
export function findFinewsTime(text: string): string | undefined {
  const m = FINEWS_TIME.exec(text);
  // China Standard Time has had no daylight saving since 1991: always +08:00.
  return m ? isoFrom(m.slice(1, 7), '+08:00') : undefined;
}

// What precedes a time that is the publication time, and what precedes one that is not.
const PUBLISHED_LABEL = /(?:发布|发表|时间|日期|published|date)\s*[：:]?\s*$/i;
const OTHER_LABEL = /(?:更新|修改|编辑|updated?|modified)\S{0,4}\s*[：:]?\s*$/i;

/**
 * The publication time among the finews-style times in `text`: one labelled
 * `发布时间：` (or `时间：`, `日期：`) first, else the first not labelled as an
 * update; undefined when there is none. `labelled` says which it was.
 */
export function findPublishedTime(text: string): { iso: string; labelled: boolean } | undefined {
  const all = new RegExp(FINEWS_TIME.source, 'g');
  let first: string | undefined;
  for (let m = all.exec(text); m; m = all.exec(text)) {
    const iso = isoFrom(m.slice(1, 7), '+08:00');
    if (!iso) continue;
    const before = text.slice(Math.max(0, m.index - 12), m.index);
    if (OTHER_LABEL.test(before)) continue;
    if (PUBLISHED_LABEL.test(before)) return { iso, labelled: true };
    first ??= iso;
  }
  return first ? { iso: first, labelled: false } : undefined;
}

/** A metadata time (`article:published_time` and the like) normalized to the same shape, if it has an offset. */
export function normalizeIsoTime(value: string | null | undefined): string | undefined {
  const m = value ? ISO_WITH_OFFSET.exec(value.trim()) : null;
  if (!m) return undefined;
  let offset = (m[7] ?? '').toUpperCase();
  if (offset === 'Z') offset = '+00:00';
  else if (!offset.includes(':')) offset = `${offset.slice(0, 3)}:${offset.slice(3)}`;
  return isoFrom(m.slice(1, 7), offset);
}

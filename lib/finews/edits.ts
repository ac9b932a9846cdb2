/**
 * The user's own corrections of an article's title, time and source. They
 * are kept apart from what the page said (`ArticleRecord.edited`) so a
 * re-save refreshes the body without undoing them, and a merge (restore)
 * keeps the newest set; the record's own fields always show the result.
 */
import { isoTimeMs } from './publication';

export interface ArticleEdits {
  title?: string;
  /** ISO 8601 with offset, like `Article.publishedAt`. */
  publishedAt?: string;
  source?: string;
  /** Epoch ms of the edit: the newer set wins a merge. */
  at: number;
}

/** What the user asks to change; an empty or absent field leaves it as the page said. */
export type EditRequest = Partial<Pick<ArticleEdits, 'title' | 'publishedAt' | 'source'>>;

export const MAX_EDITED_TITLE = 1_000;
export const MAX_EDITED_SOURCE = 100;

/** Why an edit was refused; each has a message in both languages (editInvalid…). */
export type EditProblem = 'title' | 'time' | 'source';

/** Checks and normalizes an edit; the problem when a field cannot be taken. */
export function checkEdit(request: EditRequest): { ok: true; edit: EditRequest } | { ok: false; problem: EditProblem } {
  const edit: EditRequest = {};
  if (request.title !== undefined) {
    const title = request.title.replace(/\s+/g, ' ').trim();
    if (!title || title.length > MAX_EDITED_TITLE) return { ok: false, problem: 'title' };
    edit.title = title;
  }
  if (request.publishedAt !== undefined) {
    const iso = typedTime(request.publishedAt);
    if (!iso) return { ok: false, problem: 'time' };
    edit.publishedAt = iso;
  }
  if (request.source !== undefined) {
    const source = request.source.replace(/\s+/g, ' ').trim();
    if (!source || source.length > MAX_EDITED_SOURCE) return { ok: false, problem: 'source' };
    edit.source = source;
  }
  return { ok: true, edit };
}

const TYPED = /^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T](\d{1,2}):(\d{2})(?::(\d{2}))?)?$/;
const pad = (n: string | undefined) => (n ?? '0').padStart(2, '0');

/**
 * A time as a person types it (`2022-05-30 22:00`, China time) or as a
 * `datetime-local` input gives it, or ISO with its offset; undefined when it
 * is not a real time.
 */
export function typedTime(text: string): string | undefined {
  const trimmed = text.trim();
  if (isoTimeMs(trimmed) !== undefined) return trimmed;
  const m = TYPED.exec(trimmed);
  if (!m) return undefined;
  const [, y, mo, d, h, mi, s] = m;
  const iso = `${y}-${pad(mo)}-${pad(d)}T${pad(h)}:${pad(mi)}:${pad(s)}+08:00`;
  const ms = isoTimeMs(iso);
  // The calendar must give the same time back: 2022-02-30 and 25:00 are refused.
  if (ms === undefined || new Date(ms + 8 * 3_600_000).toISOString().slice(0, 19) !== iso.slice(0, 19)) return undefined;
  return iso;
}

/** The fields the page gave, with the user's edits over them. */
export function withEdits<T extends { title: string; publishedAt?: string; source?: string }>(fields: T, edits: ArticleEdits | undefined): T {
  if (!edits) return fields;
  return {
    ...fields,
    ...(edits.title !== undefined && { title: edits.title }),
    ...(edits.publishedAt !== undefined && { publishedAt: edits.publishedAt }),
    ...(edits.source !== undefined && { source: edits.source }),
  };
}

/** The newer of two edit sets (either may be absent). */
export function newerEdits(a: ArticleEdits | undefined, b: ArticleEdits | undefined): ArticleEdits | undefined {
  if (!a) return b;
  if (!b) return a;
  return b.at > a.at ? b : a;
}

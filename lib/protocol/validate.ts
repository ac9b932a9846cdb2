/**
 * Running a schema at a boundary, and turning valibot's issues into one
 * sentence that names the field at fault. Valibot (not zod) because every
 * part of the extension bundles its schemas: valibot's functions are
 * tree-shaken one by one, so the content script pays a few KB, not zod's
 * whole library.
 */
import * as v from 'valibot';

export type Checked<T> = { ok: true; value: T } | { ok: false; message: string };

/** Checks `value` against `schema`; the failure names the first problem found (its field's path first). */
export function check<S extends v.GenericSchema>(schema: S, value: unknown): Checked<v.InferOutput<S>> {
  const result = v.safeParse(schema, value);
  if (result.success) return { ok: true, value: result.output };
  return { ok: false, message: describeIssue(result.issues[0]) };
}

/**
 * One issue as a sentence. Messages written in the schemas are whole
 * sentences already; valibot's own ("Invalid type: …") get the field's path
 * in front.
 */
export function describeIssue(issue: v.BaseIssue<unknown>): string {
  if (!issue.message.startsWith('Invalid ')) return issue.message;
  const path = v.getDotPath(issue);
  return path ? `"${path}": ${issue.message}` : issue.message;
}

/** The last key of an issue's path (the unknown or missing field). */
function lastKey(issue: v.BaseIssue<unknown>): string {
  const key = issue.path?.at(-1)?.key;
  return typeof key === 'string' ? key : String(key);
}

/**
 * The message of a strict object schema, for each way an object fails:
 * `<what> has unknown field "x"`, `<what> lacks "x"`, or `notObject`.
 */
export function objectMessage(what: string, notObject: string) {
  return (issue: v.BaseIssue<unknown>): string => {
    if (issue.expected === 'never') return `${what} has unknown field "${lastKey(issue)}"`;
    if (issue.kind === 'schema' && issue.received === 'undefined' && issue.path?.length) return `${what} lacks "${lastKey(issue)}"`;
    return notObject;
  };
}

/** A finite number (stored times are ms since the epoch). */
export const finiteNumber = (message: string) => v.pipe(v.number(message), v.finite(message));

/** A string no longer than `max`. */
export const text = (max: number, message: string, tooLong = message) => v.pipe(v.string(message), v.maxLength(max, tooLong));

/**
 * The library's backup file: JSON Lines, UTF-8, one JSON object per line,
 * lines ending in `\n` (a trailing `\r` and blank lines are tolerated when
 * reading).
 *
 * Line 1, the header:
 *   {"format":"finews-reader-backup","version":1,"createdAt":"2024-05-01T10:00:00.000Z"}
 * Then one line per item, in any order:
 *   {"kind":"article","record":<ArticleRecord>,"html":"<body HTML>"}
 *   {"kind":"image","articleId":"<ArticleRecord.id>","url":"<image URL>","type":"<MIME type>","data":"<base64>"}
 *   {"kind":"settings","settings":{…}}
 *
 * `record` holds exactly the fields of ArticleRecord (optional ones may be
 * absent, never null); `data` is standard base64 (RFC 4648, with padding) of
 * the image bytes. A reader refuses files whose `format` differs, versions
 * newer than it knows, unknown kinds and unknown or mistyped fields, with a
 * message naming the line. Version 1 is the only version so far; a change
 * that an older reader would misread must raise it.
 *
 * Pure functions: no database, no DOM, no Node-only APIs.
 */
import { checkEdit, type EditRequest } from '../finews/edits';
import type { ArticleRecord } from '../library/records';

export const BACKUP_FORMAT = 'finews-reader-backup';
export const BACKUP_VERSION = 1;

export interface BackupHeader {
  format: typeof BACKUP_FORMAT;
  version: number;
  /** ISO 8601 time the backup was made. */
  createdAt: string;
}

export interface BackupArticle {
  kind: 'article';
  record: ArticleRecord;
  html: string;
}

export interface BackupImage {
  kind: 'image';
  articleId: string;
  url: string;
  type: string;
  /** The image bytes, base64. */
  data: string;
}

export interface BackupSettings {
  kind: 'settings';
  settings: Record<string, unknown>;
}

export type BackupItem = BackupArticle | BackupImage | BackupSettings;

/** A corrupt or foreign backup; `message` starts with `line N:`. */
export class BackupError extends Error {
  constructor(
    readonly line: number,
    detail: string,
  ) {
    super(`line ${line}: ${detail}`);
    this.name = 'BackupError';
  }
}

/** The header line (without its `\n`). */
export function backupHeader(createdAt: Date = new Date()): string {
  const header: BackupHeader = { format: BACKUP_FORMAT, version: BACKUP_VERSION, createdAt: createdAt.toISOString() };
  return JSON.stringify(header);
}

/** One item as a line (without its `\n`); JSON escapes every line break inside. */
export function encodeBackupLine(item: BackupItem): string {
  return JSON.stringify(item);
}

/** Checks line 1; throws a BackupError for a foreign file or a newer version. */
export function parseBackupHeader(line: string): BackupHeader {
  const value = parseJson(line.replace(/^\uFEFF/, ''), 1, 'not a Finews Reader backup (line 1 is not JSON)');
  if (!isObject(value) || value.format !== BACKUP_FORMAT) {
    throw new BackupError(1, 'not a Finews Reader backup (no "finews-reader-backup" header)');
  }
  const { version, createdAt } = value;
  if (typeof version !== 'number' || !Number.isInteger(version) || version < 1) {
    throw new BackupError(1, `invalid backup version ${JSON.stringify(version)}`);
  }
  if (version > BACKUP_VERSION) {
    throw new BackupError(
      1,
      `this backup is format version ${version}, made by a newer Finews Reader; this version reads version ${BACKUP_VERSION}`,
    );
  }
  if (typeof createdAt !== 'string' || Number.isNaN(Date.parse(createdAt))) {
    throw new BackupError(1, 'header "createdAt" must be an ISO date');
  }
  const extra = Object.keys(value).filter((k) => !['format', 'version', 'createdAt'].includes(k));
  if (extra.length) throw new BackupError(1, `unknown header field "${extra[0]}"`);
  return { format: BACKUP_FORMAT, version, createdAt };
}

/** Parses and strictly checks one item line; `lineNo` (1-based) goes into errors. */
export function parseBackupLine(line: string, lineNo: number): BackupItem {
  const value = parseJson(line, lineNo, 'not valid JSON');
  const fail = (detail: string): never => {
    throw new BackupError(lineNo, detail);
  };
  if (!isObject(value)) return fail('an item must be a JSON object');
  switch (value.kind) {
    case 'article': {
      exactKeys(value, ['kind', 'record', 'html'], [], 'article item', fail);
      if (typeof value.html !== 'string') fail('article "html" must be a string');
      return { kind: 'article', record: checkRecord(value.record, fail), html: value.html as string };
    }
    case 'image': {
      exactKeys(value, ['kind', 'articleId', 'url', 'type', 'data'], [], 'image item', fail);
      for (const key of ['articleId', 'url', 'type', 'data'] as const) {
        if (typeof value[key] !== 'string') fail(`image "${key}" must be a string`);
      }
      if (value.articleId === '') fail('image "articleId" must not be empty');
      if (!BASE64.test(value.data as string)) fail('image "data" is not base64');
      return {
        kind: 'image',
        articleId: value.articleId as string,
        url: value.url as string,
        type: value.type as string,
        data: value.data as string,
      };
    }
    case 'settings': {
      exactKeys(value, ['kind', 'settings'], [], 'settings item', fail);
      if (!isObject(value.settings)) fail('"settings" must be an object');
      return { kind: 'settings', settings: value.settings as Record<string, unknown> };
    }
    default:
      return fail(
        typeof value.kind === 'string' ? `unknown item kind "${value.kind}"` : 'an item needs a "kind" string',
      );
  }
}

/**
 * Reads a whole backup from its lines (e.g. Node's readline, or a browser
 * stream split at `\n`): checks the header, then yields every item. Throws a
 * BackupError at the first bad line, so a caller that applies items as
 * they come must be ready to undo, or read twice (check, then apply).
 */
export async function* readBackup(lines: AsyncIterable<string> | Iterable<string>): AsyncGenerator<BackupItem, BackupHeader> {
  let lineNo = 0;
  let header: BackupHeader | undefined;
  for await (const raw of lines) {
    lineNo++;
    const line = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    if (header === undefined) {
      header = parseBackupHeader(line);
      continue;
    }
    if (line.trim() === '') continue;
    yield parseBackupLine(line, lineNo);
  }
  if (header === undefined) throw new BackupError(1, 'empty file: not a Finews Reader backup');
  return header;
}

const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/** Base64 of bytes, without Buffer (works in browsers, workers and Node). */
export function bytesToBase64(bytes: Uint8Array): string {
  let binary = '';
  const step = 0x8000; // Keep String.fromCharCode's argument list small.
  for (let i = 0; i < bytes.length; i += step) {
    binary += String.fromCharCode(...bytes.subarray(i, i + step));
  }
  return btoa(binary);
}

/** Bytes of standard base64; throws on anything else. */
export function base64ToBytes(base64: string): Uint8Array {
  if (!BASE64.test(base64)) throw new Error('not base64');
  const binary = atob(base64);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

type Fail = (detail: string) => never;

function parseJson(line: string, lineNo: number, message: string): unknown {
  try {
    return JSON.parse(line);
  } catch {
    throw new BackupError(lineNo, message);
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function exactKeys(value: Record<string, unknown>, required: string[], optional: string[], what: string, fail: Fail): void {
  for (const key of required) if (!Object.hasOwn(value, key)) fail(`${what} lacks "${key}"`);
  for (const key of Object.keys(value)) {
    if (!required.includes(key) && !optional.includes(key)) fail(`${what} has unknown field "${key}"`);
  }
}

const RECORD_STRINGS = ['id', 'url', 'canonicalUrl', 'title', 'site'] as const;
const RECORD_OPTIONAL_STRINGS = ['infoCode', 'publishedAt', 'source'] as const;
const RECORD_NUMBERS = ['savedAt', 'updatedAt', 'sortTime'] as const;

/** The user's edits: each field as an edit would store it (checkEdit), and when it was made. */
function checkEdits(value: unknown, fail: Fail): void {
  if (!isObject(value)) return void fail('record "edited" must be an object');
  exactKeys(value, ['at'], ['title', 'publishedAt', 'source'], 'record "edited"', fail);
  if (typeof value.at !== 'number' || !Number.isFinite(value.at)) fail('record "edited.at" must be a number');
  const fields = { title: value.title, publishedAt: value.publishedAt, source: value.source };
  for (const [key, field] of Object.entries(fields)) {
    if (field !== undefined && typeof field !== 'string') fail(`record "edited.${key}" must be a string`);
  }
  const checked = checkEdit(fields as EditRequest);
  if (!checked.ok) fail(`record "edited" has an invalid ${checked.problem}`);
}

function checkRecord(value: unknown, fail: Fail): ArticleRecord {
  if (!isObject(value)) return fail('article "record" must be an object');
  exactKeys(
    value,
    [...RECORD_STRINGS, ...RECORD_NUMBERS, 'images', 'tags', 'read'],
    [...RECORD_OPTIONAL_STRINGS, 'edited'],
    'article record',
    fail,
  );
  if (Object.hasOwn(value, 'edited')) checkEdits(value.edited, fail);
  for (const key of RECORD_STRINGS) if (typeof value[key] !== 'string') fail(`record "${key}" must be a string`);
  if (value.id === '') fail('record "id" must not be empty');
  for (const key of RECORD_OPTIONAL_STRINGS) {
    if (Object.hasOwn(value, key) && typeof value[key] !== 'string') fail(`record "${key}" must be a string when present`);
  }
  if (typeof value.publishedAt === 'string' && Number.isNaN(Date.parse(value.publishedAt))) {
    fail('record "publishedAt" must be an ISO date');
  }
  for (const key of RECORD_NUMBERS) {
    if (typeof value[key] !== 'number' || !Number.isFinite(value[key])) fail(`record "${key}" must be a number`);
  }
  for (const key of ['images', 'tags'] as const) {
    const list = value[key];
    if (!Array.isArray(list) || !list.every((x) => typeof x === 'string')) fail(`record "${key}" must be a list of strings`);
  }
  if (typeof value.read !== 'boolean') fail('record "read" must be true or false');
  return value as unknown as ArticleRecord;
}

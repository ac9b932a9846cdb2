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
 * the image bytes; `url` is an http(s) address and `type` a raster image
 * type (never SVG), as the extension fetches them; `settings` holds only
 * the settings this version knows. A reader refuses files whose `format`
 * differs, versions newer than it knows, unknown kinds and unknown or
 * mistyped fields, with a
 * message naming the line. Version 1 is the only version so far; a change
 * that an older reader would misread must raise it.
 *
 * Pure functions: no database, no DOM, no Node-only APIs.
 */
import type { ExportSettings } from '../export/settings';
import type { ArticleRecord } from '../library/records';
import { check } from '../protocol/validate';
import { BASE64, BackupItemSchema } from './schemas';

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
  /** Known settings only (lib/library/settings.ts), each valid; a backup with any other key is refused. */
  settings: Partial<ExportSettings>;
}

export type BackupItem = BackupArticle | BackupImage | BackupSettings;

/**
 * A corrupt or foreign backup; `message` starts with `line N:`. `kind` lets
 * the options page say it in the reader's language: another file
 * altogether, a newer format, or a damaged line (with `detail`).
 */
export class BackupError extends Error {
  constructor(
    readonly line: number,
    readonly detail: string,
    readonly kind: 'foreign' | 'newer' | 'damaged' = 'damaged',
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
  const value = parseJson(line.replace(/^\uFEFF/, ''), 1, 'not a Finews Reader backup (line 1 is not JSON)', 'foreign');
  if (!isObject(value) || value.format !== BACKUP_FORMAT) {
    throw new BackupError(1, 'not a Finews Reader backup (no "finews-reader-backup" header)', 'foreign');
  }
  const { version, createdAt } = value;
  if (typeof version !== 'number' || !Number.isInteger(version) || version < 1) {
    throw new BackupError(1, `invalid backup version ${JSON.stringify(version)}`);
  }
  if (version > BACKUP_VERSION) {
    throw new BackupError(
      1,
      `this backup is format version ${version}, made by a newer Finews Reader; this version reads version ${BACKUP_VERSION}`,
      'newer',
    );
  }
  if (typeof createdAt !== 'string' || Number.isNaN(Date.parse(createdAt))) {
    throw new BackupError(1, 'header "createdAt" must be an ISO date');
  }
  const extra = Object.keys(value).filter((k) => !['format', 'version', 'createdAt'].includes(k));
  if (extra.length) throw new BackupError(1, `unknown header field "${extra[0]}"`);
  return { format: BACKUP_FORMAT, version, createdAt };
}

/** Parses and strictly checks one item line (schemas.ts); `lineNo` (1-based) goes into errors. */
export function parseBackupLine(line: string, lineNo: number): BackupItem {
  const value = parseJson(line, lineNo, 'not valid JSON');
  if (!isObject(value)) throw new BackupError(lineNo, 'an item must be a JSON object');
  const checked = check(BackupItemSchema, value);
  if (!checked.ok) throw new BackupError(lineNo, checked.message);
  return checked.value as BackupItem;
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
  if (header === undefined) throw new BackupError(1, 'empty file: not a Finews Reader backup', 'foreign');
  return header;
}

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

function parseJson(line: string, lineNo: number, message: string, kind?: BackupError['kind']): unknown {
  try {
    return JSON.parse(line);
  } catch {
    throw new BackupError(lineNo, message, kind);
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

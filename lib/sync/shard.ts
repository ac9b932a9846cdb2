/**
 * The state area's shards: `.finews/shards/<xx>.jsonl`, where `xx` is the
 * first two hex digits of the article id's FNV-1a hash (256 shards). Each
 * holds every article whose id falls in it, whole (record + body), and the
 * tombstones of deleted ones, so one shard is one atomic, conditional write
 * and one change costs one shard, whatever the library's size.
 *
 * JSON Lines, UTF-8:
 *   {"format":"finews-sync-shard","version":1,"shard":"3f","posts":"<settings hash>","photos":{…}}
 *   {"kind":"article","record":<ArticleRecord>,"html":"<body>"}   (exactly a backup line)
 *   {"kind":"deleted","id":"<article id>","at":<epoch ms of the deletion>}
 *
 * Article lines are checked by the backup's own parser (lib/backup/format.ts),
 * so what sync accepts is exactly what restore accepts. The header's `posts`
 * is the hash of the export settings this shard's posts were written with
 * (post-settings.ts); a header without it (written before it existed) counts
 * as written with the folder's settings, and readers that predate it ignore it; so do they
 * `photos` (photo-files.ts), which lists the photo file of each synced image row. A file that does not
 * parse whole (half-written, truncated, foreign) is corrupt and never applied.
 */
import { encodeBackupLine, parseBackupLine } from '../backup/format';
import { encodePhotoMap, parsePhotoMap, type PhotoMap } from './photo-files';
import { shortHash } from '../export/post/file-name';
import type { ArticleRecord } from '../library/records';
import { SyncError } from './store';

export const SHARD_FORMAT = 'finews-sync-shard';
export const SHARD_VERSION = 1;
export const SHARDS_DIR = '.finews/shards';
/** A shard of a 50,000-article library is about 0.4 MB; this bounds what a hostile server can make us read. */
export const SHARD_MAX_BYTES = 64 * 1024 * 1024;

/** A shard written by a newer Finews Reader: refused whole, never healed over (which would undo what the newer one wrote). */
export class NewerShardError extends SyncError {
  constructor(message: string) {
    super('corrupt', message);
  }
}

export interface ShardArticle {
  record: ArticleRecord;
  html: string;
  /** contentHash of the record: what the last-known state compares. */
  hash: string;
  /** Its line as read from the folder (checked), written back as it was while the article stays unchanged. */
  line?: string;
}

export interface Shard {
  articles: Map<string, ShardArticle>;
  /** Article id → when it was deleted. */
  deleted: Map<string, number>;
  /** settingsHash of the settings its posts were written with; undefined: not recorded. */
  posts?: string;
  /** Which photo file each image row of its articles refers to (photo-files.ts); undefined: none listed. */
  photos?: PhotoMap;
}

/** Which shard an article lives in. */
export function shardOf(id: string): string {
  return shortHash(id).slice(0, 2);
}

export function shardPath(shard: string): string {
  return `${SHARDS_DIR}/${shard}.jsonl`;
}

/** The shard a file name in SHARDS_DIR stands for, or undefined for anything else there. */
export function shardOfFile(name: string): string | undefined {
  return /^[0-9a-f]{2}\.jsonl$/.test(name) ? name.slice(0, 2) : undefined;
}

/**
 * A record's fingerprint: two FNV-1a passes (different offsets) over its JSON
 * with keys sorted, 64 bits as hex. Tags keep their order. A body changes
 * only with a save, which changes `updatedAt`, so the record alone tells.
 */
export function recordHash(record: ArticleRecord): string {
  return canonicalHash(record);
}

/** The same fingerprint for any JSON value. */
export function canonicalHash(value: unknown): string {
  const text = canonicalJson(value);
  let a = 0x811c9dc5;
  let b = 0x050c5d1f;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    a = Math.imul(a ^ c, 0x01000193) >>> 0;
    b = Math.imul(b ^ c, 0x01000193) >>> 0;
    b = (b ^ (a >>> 7)) >>> 0;
  }
  return a.toString(16).padStart(8, '0') + b.toString(16).padStart(8, '0');
}

function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([x], [y]) => (x < y ? -1 : x > y ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

export function emptyShard(): Shard {
  return { articles: new Map(), deleted: new Map() };
}

/** The file's text; lines in id order so equal shards are equal files. An article read and kept keeps its line. */
export function encodeShard(shard: string, content: Shard): string {
  const photos = encodePhotoMap(content.photos);
  const lines = [JSON.stringify({ format: SHARD_FORMAT, version: SHARD_VERSION, shard, ...(content.posts && { posts: content.posts }), ...(photos && { photos }) })];
  for (const id of [...content.articles.keys()].sort()) {
    const { record, html, line } = content.articles.get(id)!;
    lines.push(line ?? encodeBackupLine({ kind: 'article', record, html }));
  }
  for (const id of [...content.deleted.keys()].sort()) lines.push(JSON.stringify({ kind: 'deleted', id, at: content.deleted.get(id) }));
  return `${lines.join('\n')}\n`;
}

/**
 * Parses and checks a whole shard; throws SyncError 'corrupt' naming the file
 * and line. An empty file is an empty shard: a LOCK on a missing file (the
 * lock-based conditional write) leaves one behind if the browser stops there.
 * `hashes`: the record hashes sync recorded for this very file (its ETag
 * unchanged since), taken instead of hashing each record again — a shard
 * holds hundreds of articles, a sync changes few. Every line is still checked.
 */
export function parseShard(shard: string, text: string, hashes?: Record<string, string>): Shard {
  const path = shardPath(shard);
  const content = emptyShard();
  if (text === '') return content;
  const corrupt = (line: number, detail: string): never => {
    throw new SyncError('corrupt', `${path} on the server is damaged or half-written (line ${line}: ${detail}); it was not applied.`);
  };
  // A file cut short ends without its final newline: never take its last line for whole.
  if (!text.endsWith('\n')) corrupt(text.split('\n').length, 'the file ends mid-line');
  const lines = text.slice(0, -1).split('\n');
  let header: unknown;
  try {
    header = JSON.parse(lines[0]!);
  } catch {
    corrupt(1, 'the header is not JSON');
  }
  const h = header as { format?: unknown; version?: unknown; shard?: unknown; posts?: unknown; photos?: unknown };
  if (h?.format !== SHARD_FORMAT) corrupt(1, 'not a Finews Reader sync shard');
  if (typeof h.version !== 'number') return corrupt(1, `format version ${String(h.version)} is not a number`);
  if (h.version > SHARD_VERSION) throw new NewerShardError(`${path} on the server is format version ${h.version}, newer than this Finews Reader reads; update it to sync.`);
  if (h.shard !== shard) corrupt(1, `it says it is shard ${String(h.shard)}`);
  if (typeof h.posts === 'string' && /^[0-9a-f]{16}$/.test(h.posts)) content.posts = h.posts;
  const photos = parsePhotoMap(h.photos);
  if (photos?.size) content.photos = photos;
  for (let i = 1; i < lines.length; i++) {
    const line = lines[i]!;
    const lineNo = i + 1;
    if (line.startsWith('{"kind":"deleted"')) {
      const entry = parseDeleted(line) ?? corrupt(lineNo, 'a bad tombstone');
      if (shardOf(entry.id) !== shard) corrupt(lineNo, 'an article of another shard');
      if (content.articles.has(entry.id) || content.deleted.has(entry.id)) corrupt(lineNo, `article "${entry.id}" appears twice`);
      content.deleted.set(entry.id, entry.at);
      continue;
    }
    let item;
    try {
      item = parseBackupLine(line, lineNo);
    } catch (error) {
      return corrupt(lineNo, (error as Error).message.replace(/^line \d+: /, ''));
    }
    if (item.kind !== 'article') return corrupt(lineNo, `a ${item.kind} line has no place in a shard`);
    const { record, html } = item;
    if (shardOf(record.id) !== shard) corrupt(lineNo, 'an article of another shard');
    if (content.articles.has(record.id) || content.deleted.has(record.id)) corrupt(lineNo, `article "${record.id}" appears twice`);
    content.articles.set(record.id, { record, html, hash: hashes?.[record.id] ?? recordHash(record), line });
  }
  return content;
}

function parseDeleted(line: string): { id: string; at: number } | undefined {
  try {
    const value = JSON.parse(line) as Record<string, unknown>;
    const keys = Object.keys(value).sort().join(',');
    if (keys !== 'at,id,kind' || typeof value.id !== 'string' || !value.id || typeof value.at !== 'number' || !Number.isFinite(value.at)) return undefined;
    return { id: value.id, at: value.at };
  } catch {
    return undefined;
  }
}

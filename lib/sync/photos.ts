/**
 * Photos through the sync folder, an option (off by default): the images
 * table's rows of synced articles, as content-addressed files
 * (photo-files.ts) that each shard's header points at.
 *
 * Push: when a shard is written, photos of its articles that the header does
 * not list yet are uploaded (once: If-None-Match) and listed. Pull: after a
 * sync wrote its pulled articles, listed photos the library lacks are read,
 * checked exactly as restore checks a backup's image line (the same schema:
 * raster type, never SVG, an http(s) url the row lists) plus their name's
 * hash, a size limit and the bytes' signature, and stored. A photo that fails
 * never fails its article's sync: the article shows it as not saved, and the
 * report counts it. With the option off, a browser still carries the
 * header's references of the articles it writes, so it never erases what
 * others synced.
 */
import { bytesToBase64 } from '../backup/format';
import { BackupItemSchema } from '../backup/schemas';
import type { LibraryDb } from '../library/db';
import { IMAGE_LIMITS, mapLimited, storableImageType } from '../library/images';
import { check } from '../protocol/validate';
import { looksLikeRaster, parsePhotoFileName, PHOTOS_DIR, photoFileName, photoPath, samePhotoMaps, sha256Hex, type PhotoMap, type PhotoRefs } from './photo-files';
import { shardOf, type Shard } from './shard';
import { loadKnownShards, saveKnownShards } from './state';
import { SyncError, type SyncStore } from './store';

export interface PhotoReport {
  /** Photo files written to the folder. */
  pushed: number;
  /** Image rows written into the library. */
  pulled: number;
  /** Photos that could not be synced: their articles show them as not saved. */
  failed: number;
  /** Why, for the first few. */
  problems: string[];
}

/** A photo's read is bounded as a save's fetch is. */
export const PHOTO_MAX_BYTES = IMAGE_LIMITS.maxBytes;
/** Failures named in the report; the count says the rest. */
const MAX_NAMED = 20;

export class PhotoSync {
  readonly report: PhotoReport = { pushed: 0, pulled: 0, failed: 0, problems: [] };
  /** Files this sync wrote or found present. */
  private readonly present = new Set<string>();
  /** Listed photos of the shards read: [article id, url] as JSON → file. */
  private wanted = new Map<string, string>();

  constructor(
    private readonly db: LibraryDb,
    private readonly store: SyncStore,
    readonly enabled: boolean,
  ) {}

  /**
   * Sets `next.photos` for a shard about to be written: the references
   * `remote` had that the articles still list, and (option on) this
   * library's photos, uploaded where the folder lacks them. Returns whether
   * the shard must be written for its photos alone.
   */
  async prepare(remote: Shard, next: Shard): Promise<boolean> {
    const map: PhotoMap = new Map();
    for (const [id, article] of next.articles) {
      const listed = new Set(article.record.images);
      const kept = Object.entries(remote.photos?.get(id) ?? {}).filter(([url]) => listed.has(url));
      if (kept.length) map.set(id, Object.fromEntries(kept));
    }
    next.photos = map;
    if (!this.enabled) return false;
    for (const refs of remote.photos?.values() ?? []) for (const file of Object.values(refs)) this.present.add(file);
    const keys = (await this.db.images.where('articleId').anyOf([...next.articles.keys()]).primaryKeys()) as unknown as [string, string][];
    const missing = keys.filter(([id, url]) => next.articles.get(id)?.record.images.includes(url) && !map.get(id)?.[url]);
    for (const [i, row] of (await this.db.images.bulkGet(missing)).entries()) {
      if (!row) continue;
      const file = await this.upload(row.blob, row.type, missing[i]![1]);
      if (!file) continue;
      const refs: PhotoRefs = map.get(row.articleId) ?? {};
      refs[row.url] = file;
      map.set(row.articleId, refs);
    }
    return !samePhotoMaps(remote.photos, map);
  }

  /** Remembers the photos a shard read from the folder lists, to pull once its articles are written. */
  collect(remote: Shard): void {
    if (!this.enabled) return;
    for (const [id, refs] of remote.photos ?? []) for (const [url, file] of Object.entries(refs)) this.wanted.set(JSON.stringify([id, url]), file);
  }

  /** Reads the listed photos the library lacks into the images table. */
  async pull(): Promise<void> {
    const wanted = [...this.wanted].map(([key, file]) => [...(JSON.parse(key) as [string, string]), file] as const);
    this.wanted.clear();
    if (!wanted.length) return;
    const ids = [...new Set(wanted.map(([id]) => id))];
    const records = new Map((await this.db.articles.bulkGet(ids)).flatMap((r) => (r ? [[r.id, r] as const] : [])));
    const have = new Set(((await this.db.images.where('articleId').anyOf(ids).primaryKeys()) as unknown as [string, string][]).map((k) => JSON.stringify(k)));
    const byFile = new Map<string, [string, string][]>();
    for (const [id, url, file] of wanted) {
      if (!records.get(id)?.images.includes(url) || have.has(JSON.stringify([id, url]))) continue;
      byFile.set(file, [...(byFile.get(file) ?? []), [id, url]]);
    }
    await mapLimited([...byFile], IMAGE_LIMITS.concurrency, ([file, rows]) => this.pullFile(file, rows));
    if (this.retry.size) await forgetEtags(this.db, this.retry);
  }

  /** Shards whose photos failed for a passing reason (the server unreachable, slow, refusing): read again next sync. */
  private readonly retry = new Set<string>();

  private async pullFile(file: string, rows: [string, string][]): Promise<void> {
    const fail = (why: string) => rows.forEach(([id, url]) => this.fail(`${id}: ${url.slice(0, 200)}: ${why}`));
    const claimed = parsePhotoFileName(file);
    if (!claimed) return fail(`"${file.slice(0, 100)}" is not a photo file name`);
    let bytes: Uint8Array<ArrayBuffer> | undefined;
    try {
      bytes = await this.store.getBytes(photoPath(file), PHOTO_MAX_BYTES);
    } catch (error) {
      if (!(error instanceof SyncError)) throw error;
      if (error.kind !== 'too-large') for (const [id] of rows) this.retry.add(shardOf(id));
      return fail(error.message);
    }
    if (!bytes) return fail(`${photoPath(file)} is missing from the folder`);
    if ((await sha256Hex(bytes)) !== claimed.sha) return fail(`${photoPath(file)} is damaged (its bytes do not match its name)`);
    if (!looksLikeRaster(claimed.type, bytes)) return fail(`${photoPath(file)} is not a ${claimed.type} image`);
    const data = bytesToBase64(bytes);
    for (const [articleId, url] of rows) {
      // The backup's own image line schema: what sync stores is what restore would store.
      const checked = check(BackupItemSchema, { kind: 'image', articleId, url, type: claimed.type, data });
      if (!checked.ok || checked.value.kind !== 'image') {
        this.fail(`${articleId}: ${url.slice(0, 200)}: ${checked.ok ? 'not an image' : checked.message}`);
        continue;
      }
      const row = { articleId, url, type: claimed.type, blob: new Blob([bytes], { type: claimed.type }) };
      const stored = await this.db.transaction('rw', this.db.articles, this.db.images, async () => {
        // Only while the row still lists it (the user may have re-saved or deleted it meanwhile).
        if (!(await this.db.articles.get(articleId))?.images.includes(url)) return false;
        await this.db.images.put(row);
        return true;
      });
      if (stored) this.report.pulled++;
    }
  }

  /** Writes one photo unless present; its file name, or undefined when it cannot be synced. */
  private async upload(blob: Blob, type: string, url: string): Promise<string | undefined> {
    const bytes = new Uint8Array(await blob.arrayBuffer());
    const storable = storableImageType(type);
    const file = storable && bytes.length <= PHOTO_MAX_BYTES && looksLikeRaster(storable, bytes) ? photoFileName(await sha256Hex(bytes), storable) : undefined;
    if (!file) {
      this.fail(`${url.slice(0, 200)}: not a raster image of at most ${PHOTO_MAX_BYTES / 1024 / 1024} MB`);
      return undefined;
    }
    if (this.present.has(file)) return file;
    try {
      await this.write(file, bytes);
      this.report.pushed++;
    } catch (error) {
      if (!(error instanceof SyncError)) throw error;
      // Already there: the same name is the same bytes.
      if (error.kind !== 'conflict') {
        this.fail(`${url.slice(0, 200)}: ${error.message}`);
        return undefined;
      }
    }
    this.present.add(file);
    return file;
  }

  /** One write; the photos folder is made when the first write finds it missing (Apache: 409, rclone: 500). */
  private async write(file: string, bytes: Uint8Array<ArrayBuffer>): Promise<void> {
    try {
      await this.store.put(photoPath(file), bytes, { ifNoneMatch: '*' });
    } catch (error) {
      if (this.madeDir || !(error instanceof SyncError) || (error.kind !== 'not-found' && error.kind !== 'server')) throw error;
      this.madeDir = true;
      await this.store.mkcol(PHOTOS_DIR);
      await this.store.put(photoPath(file), bytes, { ifNoneMatch: '*' });
    }
  }

  private madeDir = false;

  private fail(why: string): void {
    if (this.report.problems.length < MAX_NAMED) this.report.problems.push(why);
    this.report.failed++;
  }
}

const PHOTOS_ON = 'photos';

/**
 * When the option was just turned on, every shard is read again once (its
 * known ETag forgotten), so photos of articles synced before are pushed and
 * pulled too; afterwards a sync costs what it did. Kept in its own row of
 * the sync state, which a change of folder clears with the rest.
 */
export async function rereadForPhotos(db: LibraryDb, enabled: boolean): Promise<void> {
  const on = (await db.syncState.get(PHOTOS_ON))?.value === true;
  if (on === enabled) return;
  if (enabled) await forgetEtags(db);
  await db.syncState.put({ key: PHOTOS_ON, value: enabled });
}

/** Makes the next sync read these shards (all when none are named) again: a shard with no known ETag is read. */
async function forgetEtags(db: LibraryDb, only?: Set<string>): Promise<void> {
  const known = await loadKnownShards(db);
  const chosen = [...known].filter(([shard]) => !only || only.has(shard));
  await saveKnownShards(db, chosen.map(([shard, { etag: _etag, ...rest }]) => [shard, rest]));
}

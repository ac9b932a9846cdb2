/**
 * Which export settings the folder's `_posts/` are written with. Two
 * browsers with different settings (one Markdown, one HTML; another blog
 * address…) would otherwise each write its own kind of post whenever it
 * pushes, and a folder that is the blog's `_posts` would be a patchwork.
 *
 * The rule (README "Sync (WebDAV)"): the folder records the settings its
 * posts are written with, in `.finews/shards/posts.json`:
 *
 *   {"format":"finews-sync-posts","version":1,"settings":{…ExportSettings}}
 *
 * and every browser writes posts with those, whatever its own. The first
 * browser to sync a folder records its settings there. A browser whose user
 * changes the settings afterwards records the new ones at its next sync
 * (a conditional write), which makes every shard's posts stale: each shard
 * records in its header the settings hash its posts were written with, and a
 * shard whose hash differs has all its posts rewritten, shard by shard (so an
 * interrupted rewrite resumes), by whichever browser syncs. A browser whose
 * settings merely differ from the folder's, but did not change, never writes
 * them, so two browsers never take turns rewriting the blog.
 *
 * The file sits beside the shards so the listing every sync makes anyway
 * tells by its ETag whether it changed: one change still costs no extra request.
 */
import { DEFAULT_EXPORT_SETTINGS, type ExportSettings } from '../export/settings';
import { checkSettings } from '../library/settings';
import { canonicalHash, SHARDS_DIR } from './shard';
import type { SyncMeta } from './state';
import { sameEtag, SyncError, type SyncStore } from './store';

export const POST_SETTINGS_NAME = 'posts.json';
export const POST_SETTINGS_PATH = `${SHARDS_DIR}/${POST_SETTINGS_NAME}`;
const FORMAT = 'finews-sync-posts';
const VERSION = 1;

export interface FolderPostSettings {
  settings: ExportSettings;
  /** canonicalHash of the settings: what shard headers record. */
  hash: string;
  etag?: string;
}

export function settingsHash(settings: ExportSettings): string {
  return canonicalHash(settings);
}

/**
 * The settings the folder's posts are written with, recording this
 * browser's own when the folder has none yet or when its user changed them
 * since the last sync. `listed` is the file's ETag in the shards listing
 * (undefined: absent). Updates `meta` (the folder's settings as last seen,
 * and this browser's own as last synced).
 */
export async function folderPostSettings(store: SyncStore, listed: string | undefined, own: ExportSettings, meta: SyncMeta): Promise<FolderPostSettings> {
  const ownHash = settingsHash(own);
  const changedHere = meta.ownSettings !== undefined && meta.ownSettings !== ownHash;
  let present = listed !== undefined;
  const known = meta.postSettings;
  // Unchanged since last seen (same ETag): no request.
  let current: FolderPostSettings | undefined = present && known && sameEtag(known.etag, listed) ? { ...known, hash: settingsHash(known.settings) } : undefined;
  let etag: string | undefined;
  for (let attempt = 0; ; attempt++) {
    let damaged = false;
    if (present && !current) {
      const file = await store.get(POST_SETTINGS_PATH, 256 * 1024);
      present = file !== undefined;
      const settings = file && parseSettingsFile(file.text);
      if (file && settings) current = { settings, hash: settingsHash(settings), ...(file.etag && { etag: file.etag }) };
      // A damaged file counts as none: this browser's settings replace it (conditionally), so the folder heals.
      else if (file) damaged = true;
      etag = file?.etag;
    }
    const writeOwn = !present || damaged || (changedHere && current!.hash !== ownHash);
    if (!writeOwn) break;
    try {
      const at = damaged ? etag : current?.etag;
      if (present && !at) throw new SyncError('server', `The sync server gives no ETag for ${POST_SETTINGS_PATH}; it cannot be written safely.`);
      const written = await store.put(POST_SETTINGS_PATH, encodeSettingsFile(own), present ? { ifMatch: at! } : { ifNoneMatch: '*' });
      current = { settings: own, hash: ownHash, ...(written.etag && { etag: written.etag }) };
      break;
    } catch (error) {
      if (!(error instanceof SyncError && error.kind === 'conflict') || attempt >= 3) throw error;
      // Another browser wrote it meanwhile: read theirs; ours goes over it only if ours changed here.
      present = true;
      current = undefined;
    }
  }
  meta.ownSettings = ownHash;
  meta.postSettings = { settings: current!.settings, ...(current!.etag && { etag: current!.etag }) };
  return current!;
}

export function encodeSettingsFile(settings: ExportSettings): string {
  return `${JSON.stringify({ format: FORMAT, version: VERSION, settings })}\n`;
}

/** The settings in the file, checked as the options page checks them; undefined when it is not such a file. */
export function parseSettingsFile(text: string): ExportSettings | undefined {
  try {
    const value = JSON.parse(text) as { format?: unknown; version?: unknown; settings?: unknown };
    if (value?.format !== FORMAT || typeof value.version !== 'number') return undefined;
    if (value.version > VERSION) throw new SyncError('corrupt', `${POST_SETTINGS_PATH} was written by a newer Finews Reader; update this one to sync.`);
    const settings = value.settings as Record<string, unknown>;
    if (!settings || typeof settings !== 'object' || Array.isArray(settings)) return undefined;
    return { ...DEFAULT_EXPORT_SETTINGS, slugOverrides: {}, ...checkSettings(settings) };
  } catch (error) {
    if (error instanceof SyncError) throw error;
    return undefined;
  }
}

/**
 * The folder's layout (version 1), documented in README "Sync (WebDAV)":
 *
 *   _posts/<YYYY-MM-DD-infoCode>.md   each article as exactly the export's post
 *   .finews/format.json               {"format":"finews-sync","version":1}
 *   .finews/shards/<xx>.jsonl         the articles and tombstones (shard.ts)
 *
 * A folder made by a newer version is refused rather than half-understood.
 */
import { SHARDS_DIR } from './shard';
import { SyncError, type SyncStore } from './store';

export const POSTS_DIR = '_posts';
export const FORMAT_PATH = '.finews/format.json';
export const FOLDER_FORMAT = 'finews-sync';
export const FOLDER_VERSION = 1;

/** Creates what the folder lacks; throws when the folder itself is missing or newer than this code. */
export async function ensureLayout(store: SyncStore): Promise<void> {
  const top = await store.list('');
  if (!top) throw new SyncError('not-found', 'The sync folder does not exist on the server (404): create it, or check the address.', 404);
  const folders = new Set(top.filter((e) => e.collection).map((e) => e.name));
  if (!folders.has('.finews')) await store.mkcol('.finews');
  const inner = folders.has('.finews') ? await store.list('.finews') : [];
  if (!inner?.some((e) => e.collection && e.name === 'shards')) await store.mkcol(SHARDS_DIR);
  if (!folders.has(POSTS_DIR)) await store.mkcol(POSTS_DIR);

  const format = await store.get(FORMAT_PATH, 64 * 1024);
  if (format) return checkFormat(format.text);
  try {
    await store.put(FORMAT_PATH, `${JSON.stringify({ format: FOLDER_FORMAT, version: FOLDER_VERSION })}\n`, { ifNoneMatch: '*' });
  } catch (error) {
    // Another browser made the folder at the same moment: its format file is as good.
    if (!(error instanceof SyncError && error.kind === 'conflict')) throw error;
  }
}

function checkFormat(text: string): void {
  let value: { format?: unknown; version?: unknown } | undefined;
  try {
    value = JSON.parse(text) as typeof value;
  } catch {
    value = undefined;
  }
  if (value?.format !== FOLDER_FORMAT || typeof value.version !== 'number') {
    throw new SyncError('corrupt', `${FORMAT_PATH} on the server is not a Finews Reader sync folder's; nothing was synced.`);
  }
  if (value.version > FOLDER_VERSION) {
    throw new SyncError('corrupt', `The sync folder was made by a newer Finews Reader (format ${value.version}); update this one to sync.`);
  }
}

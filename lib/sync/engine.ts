/**
 * One sync of the library with a WebDAV folder (layout.ts), from this
 * browser's last-known state (state.ts):
 *
 * 1. List `.finews/shards/` (one PROPFIND): shards whose ETag differs from
 *    the known one changed remotely.
 * 2. Local changes: the articles the change log names whose record hash
 *    differs from the known one (local-changes.ts; the whole library only on
 *    a first sync, after the schema upgrade or a write the log could not name).
 * 3. For each shard with a change on either side: read it, merge (plan.ts),
 *    write the posts of what this browser pushes, then the shard itself with
 *    If-Match (or If-None-Match for a new one) — the commit point — then
 *    delete stale posts, write what was pulled into the library, and record
 *    the shard as known. A 412 (another browser wrote it meanwhile) re-reads
 *    the shard and merges again; nothing is overwritten unseen.
 *
 * Photos (an option) ride along: photos.ts.
 *
 * One changed article costs a listing, a read and a write of its shard and
 * its post: 4 requests (7 where a LOCK stands in for If-Match), whatever the
 * library's size. Each shard is finished and recorded on its own, so a sync
 * stopped anywhere (a fault, a closed browser) loses nothing and the next
 * one resumes with what is left; the change log keeps an article's entry
 * until its shard is recorded with it.
 */
import type { LibraryDb } from '../library/db';
import { storageFailure } from '../library/articles';
import { applyRemote, type Incoming, type Removal } from './apply';
import { importRemotePosts } from './import-posts';
import { ensureLayout } from './layout';
import { deleteStalePosts, settleClashes, writePosts } from './folder-posts';
import { clearFullScanMarker, logChanged, namesTouched, readLocalChanges, settleLogged, shardNames, type LocalChanges } from './local-changes';
import { PhotoSync, rereadForPhotos } from './photos';
import { emptyReport, type SyncOptions, type SyncReport } from './report';
import { planShard, type LocalArticle } from './plan';
import { PostNames } from './post-names';
import { UnsettledDays } from './unsettled-days';
import { folderPostSettings, POST_SETTINGS_NAME, settingsHash, type FolderPostSettings } from './post-settings';
import { emptyShard, encodeShard, NewerShardError, parseShard, SHARD_MAX_BYTES, shardOfFile, shardPath, SHARDS_DIR, type Shard } from './shard';
import { loadKnownShards, loadMeta, loadNameDays, lockJournal, rebuildIndexes, saveKnownShards, saveMeta, type KnownShard, type SyncMeta } from './state';
import { sameEtag, SyncError, type RemoteFile, type SyncStore } from './store';

// Apache marks an ETag weak for a second after a write and then fails every
// If-Match against it, so retries must outlast a second.
const RETRY_DELAYS = [100, 300, 700, 1200, 2000];

/** Syncs `db` with the folder `store` serves; `folder` names it (its URL) so a change of folder starts afresh. Never throws. */
export async function syncLibrary(db: LibraryDb, store: SyncStore, folder: string, options: SyncOptions): Promise<SyncReport> {
  const report = emptyReport();
  const now = options.now ?? Date.now;
  const startRequests = store.requests;
  let meta: SyncMeta | undefined;
  const photos = new PhotoSync(db, store, options.photos ?? false);
  try {
    meta = await loadMeta(db, folder);
    // Recorded first, so a background stopped anywhere below leaves a trace the status reads (state.ts lastSync).
    meta.started = now();
    await saveMeta(db, meta);
    const ownWrites = new Set((await store.adoptLocks?.(lockJournal(db))) ?? []);
    if (!meta.initialized) {
      await ensureLayout(store);
      meta.initialized = true;
    }
    await rereadForPhotos(db, photos.enabled);
    const names = await syncShards(db, store, meta, options, report, now, photos, ownWrites);
    // Every shard is done: from here the change log holds every local change.
    meta.changeLog = true;
    if (options.importPosts ?? !meta.postsScanned) {
      await names.ensure();
      const posts = await importRemotePosts(db, store, options.settings, (name) => names.has(name));
      report.imported = posts.imported.length;
      meta.postsScanned = true;
      // Their posts are the blog's own files: the shards take the articles, the posts stay as they are.
      if (posts.imported.length) await syncShards(db, store, meta, options, report, now, photos, ownWrites, new Set(posts.imported));
    }
  } catch (error) {
    // Not the server's: the library refused a write (storage full), in its own words.
    const failure = error instanceof SyncError ? error : new SyncError('library', storageFailure(error).message);
    report.state = 'error';
    report.error = { kind: failure.kind, message: failure.message };
    if (meta && failure.kind === 'not-found') meta.initialized = false;
  }
  if (!report.error && report.corrupt.length) {
    report.state = 'error';
    report.error = { kind: 'corrupt', message: report.corrupt.join(' ') };
  }
  if (photos.enabled || photos.report.failed) report.photos = photos.report;
  report.requests = store.requests - startRequests;
  if (meta) {
    const conditional = (store as { conditional?: SyncMeta['conditional'] }).conditional;
    if (conditional) meta.conditional = conditional;
    const failed = photos.report.failed;
    delete meta.started;
    meta.last = { at: now(), state: report.state, ...(report.error && { message: report.error.message, kind: report.error.kind }), ...(failed && { photosFailed: failed }) };
    await saveMeta(db, meta).catch(() => undefined);
  }
  return report;
}

/** A shard written (or found unchanged) whose pulls wait to be written into the library with others. */
interface Done {
  shard: string;
  known: KnownShard;
  pulls: Incoming[];
  removals: Removal[];
}

/** Pulled articles written per library transaction: the search index grows cheapest by about this many (articles.ts). */
const APPLY_BATCH = 2048;
/** Shards read ahead while one is merged. */
const READ_AHEAD = 6;

async function syncShards(
  db: LibraryDb,
  store: SyncStore,
  meta: SyncMeta,
  options: SyncOptions,
  report: SyncReport,
  now: () => number,
  photos: PhotoSync,
  ownWrites: Set<string>,
  keepPosts = new Set<string>(),
): Promise<PostNames> {
  const listed = store.list(SHARDS_DIR);
  listed.catch(() => undefined); // awaited below, after the library is read meanwhile
  const names = new PostNames(meta.changeLog ? (days) => loadNameDays(db, days) : undefined);
  const local = await readLocalChanges(db, meta, names);
  const reads = new Map<string, Promise<RemoteFile | undefined>>();
  const read = (shard: string) => {
    const file = store.get(shardPath(shard), SHARD_MAX_BYTES);
    file.catch(() => undefined); // awaited in turn; a failure there ends the sync
    reads.set(shard, file);
  };
  // A shard changed here that the folder held at the last sync is read whatever the listing says: its read goes out with the listing.
  if (!local.full) for (const shard of [...local.changed].sort().slice(0, READ_AHEAD)) if (local.summary.get(shard)?.etag !== undefined) read(shard);
  const listing = await listed;
  if (!listing) throw new SyncError('not-found', 'The sync folder lost its .finews/shards folder; the next sync recreates it.', 404);
  const remote = new Map<string, string>();
  for (const entry of listing) {
    const shard = entry.collection ? undefined : shardOfFile(entry.name);
    if (shard) remote.set(shard, entry.etag ?? '');
  }
  const settingsEntry = listing.find((entry) => !entry.collection && entry.name === POST_SETTINGS_NAME);
  const before = meta.postSettings && settingsHash(meta.postSettings.settings);
  const posts = await folderPostSettings(store, settingsEntry && (settingsEntry.etag ?? ''), options.settings, meta);
  // A shard header without `posts` (written before headers had it) stands for the folder's settings as this browser knew them.
  const legacy = (k: { posts?: string } | undefined) => k?.posts ?? before ?? posts.hash;
  if (local.full && meta.changeLog) names.ensureNone();
  const unsettled = new UnsettledDays(db);
  await unsettled.carryOver(names);
  const todo = [...new Set([...remote.keys(), ...local.summary.keys(), ...local.changed])].sort().filter((shard) => {
    const k = local.summary.get(shard);
    const etag = remote.get(shard);
    // No ETag known (a server that gave none on write): read it again to be sure.
    const remoteChanged = etag === undefined ? k?.etag !== undefined : !sameEtag(k?.etag, etag);
    // Its posts were written with other settings than the folder's now: they are rewritten.
    const postsStale = k !== undefined && legacy(k) !== posts.hash;
    return remoteChanged || postsStale || local.changed.has(shard);
  });
  const known = local.full ? local.known : new Map([...local.known, ...(await loadKnownShards(db, todo.filter((shard) => !local.known.has(shard))))]);
  const readAhead = (from: number) => {
    for (const shard of todo.slice(from, from + READ_AHEAD)) if (!reads.has(shard) && remote.has(shard)) read(shard);
  };
  let done: Done[] = [];
  try {
    for (const [i, shard] of todo.entries()) {
      readAhead(i);
      const first = reads.get(shard);
      const context = { posts, legacy: legacy(known.get(shard)), names, keepPosts, photos, ownWrites, unsettled };
      const articles = await local.articlesOf(shard, known.get(shard));
      done.push(await syncShard(db, store, shard, first, known.get(shard), articles, options, report, now, context));
      reads.delete(shard);
      if (done.reduce((n, d) => n + d.pulls.length, 0) >= APPLY_BATCH) done = await finish(db, done, report, names, local);
    }
  } finally {
    // What was committed remotely is recorded even when a later shard fails.
    await finish(db, done, report, names, local);
  }
  await settleUntouched(db, known, new Set(todo), local);
  if (local.full) {
    await rebuildIndexes(db);
    await clearFullScanMarker(db, local.marker);
  }
  meta.clashes = await settleClashes(db, store, names, meta.clashes ?? {}, posts.settings);
  await unsettled.settled(meta);
  // Once the pulled articles are in the library: their photos go with rows that list them.
  await photos.pull();
  return names;
}

/** Writes the pulls of finished shards into the library, then records those shards as known. */
async function finish(db: LibraryDb, done: Done[], report: SyncReport, names: PostNames, local: LocalChanges): Promise<Done[]> {
  if (!done.length) return [];
  // In id order, as a restore writes a backup: the library's indexes take ordered keys cheapest.
  const pulls = done.flatMap((d) => d.pulls).sort((a, b) => (a.record.id < b.record.id ? -1 : a.record.id > b.record.id ? 1 : 0));
  const removals = done.flatMap((d) => d.removals);
  const applied = await applyRemote(db, pulls, removals, { ownPull: true });
  await logChanged(db, applied.moved);
  // Names follow the library (a row the user changed meanwhile stays in the change log for the next sync).
  for (const pull of pulls) names.set(pull.record);
  for (const removal of removals) names.delete(removal.id);
  report.pulled += applied.written;
  report.removed += applied.deleted;
  await saveKnownShards(db, done.map((d) => [d.shard, d.known]), { indexes: !local.full });
  await settleLogged(db, done.flatMap((d) => local.logged.get(d.shard) ?? []));
  return [];
}

/** Shards left alone: their logged ids changed nothing (cleared), and state recorded before post names gets them from a full read. */
async function settleUntouched(db: LibraryDb, known: Map<string, KnownShard>, todo: Set<string>, local: LocalChanges): Promise<void> {
  await settleLogged(db, [...local.logged].filter(([shard]) => !todo.has(shard)).flatMap(([, ids]) => ids));
  if (!local.full) return;
  const unnamed = [...known].filter(([shard, k]) => !todo.has(shard) && !k.names);
  await saveKnownShards(db, unnamed.map(([shard, k]) => [shard, { ...k, names: local.namesOf(shard) }]), { indexes: false });
}

async function syncShard(
  db: LibraryDb,
  store: SyncStore,
  shard: string,
  firstRead: Promise<RemoteFile | undefined> | undefined,
  known: KnownShard | undefined,
  local: Map<string, LocalArticle>,
  options: SyncOptions,
  report: SyncReport,
  now: () => number,
  context: { posts: FolderPostSettings; legacy: string; names: PostNames; keepPosts: Set<string>; photos: PhotoSync; ownWrites: Set<string>; unsettled: UnsettledDays },
): Promise<Done> {
  const { posts, legacy, names, keepPosts, photos, ownWrites, unsettled } = context;
  const delays = options.retryDelays ?? RETRY_DELAYS;
  const path = shardPath(shard);
  for (let attempt = 0; ; attempt++) {
    let remote: Shard = emptyShard();
    let corrupt = false;
    const file = attempt === 0 ? await firstRead : await store.get(path, SHARD_MAX_BYTES);
    const etag = file?.etag;
    if (file) {
      try {
        remote = parseShard(shard, file.text, known && sameEtag(known.etag, etag) ? known.hashes : undefined);
      } catch (error) {
        // A shard of a newer version is never rewritten: the sync stops and leaves it to the newer browser.
        if (!(error instanceof SyncError && error.kind === 'corrupt') || error instanceof NewerShardError) throw error;
        // Not applied; rewritten below from this library and what was known, so the folder heals. Reported,
        // unless it is this browser's own upload that a stopped sync cut short (its lock was still written down).
        if (!ownWrites.has(path) && !report.corrupt.includes(error.message)) report.corrupt.push(error.message);
        corrupt = true;
      }
    }
    const reads = {
      bodies: async (ids: string[]) => (await db.bodies.bulkGet(ids)).map((b) => b?.html ?? ''),
      records: (ids: string[]) => db.articles.bulkGet(ids),
    };
    const plan = await planShard(remote, known, local, reads, now());
    // Posts written with other settings than the folder's now: all of this shard's are rewritten with the shard.
    const written = remote.posts ?? legacy;
    const stale = file !== undefined && !corrupt && written !== posts.hash;
    const touched = namesTouched(plan, known, local, stale);
    await names.ensure(touched);
    // Before anything is written: from here this shard may change those days' clashes.
    await unsettled.mark(touched, names.whole);
    plan.next.posts = posts.hash;
    if (file && !corrupt) photos.collect(remote);
    const photosChanged = await photos.prepare(remote, plan.next);
    let newEtag = etag;
    let wrote = false;
    if (plan.write || corrupt || stale || photosChanged) {
      const ids = stale ? [...plan.next.articles.keys()] : plan.pushed.map(({ id }) => id).filter((id) => !keepPosts.has(id));
      const next = (id: string) => plan.next.articles.get(id)!;
      await writePosts(store, ids.map((id) => next(id).record), (id) => next(id).html, posts.settings, names);
      try {
        // Without an ETag a write could not be conditional: refuse rather than overwrite unseen.
        if (file && !etag) throw new SyncError('server', `The sync server gives no ETag for ${path}; it cannot be written safely.`);
        newEtag = (await store.put(path, encodeShard(shard, plan.next), etag ? { ifMatch: etag } : { ifNoneMatch: '*' })).etag;
        wrote = true;
      } catch (error) {
        if (!(error instanceof SyncError && error.kind === 'conflict') || attempt >= delays.length) throw error;
        report.retries++;
        await new Promise((resolve) => setTimeout(resolve, delays[attempt]));
        continue;
      }
      await deleteStalePosts(store, plan, names);
    }
    report.pushed += plan.pushed.length;
    report.tombstoned += plan.tombstoned.length;
    report.conflicts += plan.conflicts;
    const hashes = Object.fromEntries([...plan.next.articles].map(([id, a]) => [id, a.hash]));
    const seen: KnownShard = {
      ...(newEtag && { etag: newEtag }),
      hashes,
      deleted: Object.fromEntries(plan.next.deleted),
      posts: wrote || !file ? posts.hash : written,
      names: shardNames(plan.next.articles, known),
    };
    return { shard, known: seen, pulls: plan.pulls, removals: plan.removals };
  }
}

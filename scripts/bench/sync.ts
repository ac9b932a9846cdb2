/**
 * `npm run bench -- sync`: the sync engine's two figures, in Node with
 * fake-indexeddb as each browser's library and a real `rclone serve webdav`
 * on 127.0.0.1 (this phase measures the engine; in the extension the same
 * code runs against the browser's IndexedDB).
 *
 * - sync.requests_one_change_50k: requests of the sync after one article of
 *   a 50,000-article library changed (target ≤ 10), photos off (the default);
 * - sync.requests_one_change_50k_photos: the same with photos on, once the
 *   sync that turned them on has run; sync.requests_new_photo_50k: one article
 *   saved again with a new photo, photos on (the photo's upload included);
 * - sync.ratio_one_change_50k_vs_1k: the wall time of that sync ÷ the same
 *   in a 1,000-article library (target ≤ 2): the local work grows with the
 *   changes (the change log), not with the library. Both libraries live in
 *   this process at once, each with its own folder on the same rclone; each
 *   takes one change and a sync three times, alternating, and the fastest of
 *   each counts;
 * - sync.ratio_first_vs_restore: the first sync of that library into an
 *   empty library ÷ restoring it from a backup file (target ≤ 2). Like with
 *   like: the same 50,000 articles (the backup is written from the library
 *   the folder holds), each into a new, empty fake-indexeddb library in this
 *   one process, the other libraries deleted first so neither side carries
 *   the other's heap. The sync side includes its real HTTP round trips to
 *   rclone on 127.0.0.1 (listing, 256 shard reads, the `_posts/` listing the
 *   first sync reads for the blog's own posts: sync.first_sync_requests);
 *   the restore side reads the backup's lines from memory, as a file the
 *   browser has already read. Each side runs twice, alternating, and the
 *   faster of each counts, so a pause of the shared machine hits neither.
 */
import 'fake-indexeddb/auto';
import { performance } from 'node:perf_hooks';
import type { Article } from '../../lib/article';
import { restoreBackup } from '../../lib/backup/restore';
import { writeBackup } from '../../lib/backup/write';
import { DEFAULT_EXPORT_SETTINGS } from '../../lib/export/post/post';
import { saveArticles } from '../../tests/save-articles';
import { saveArticleWithImages } from '../../lib/library/save';
import { LibraryDb } from '../../lib/library/db';
import { addTag } from '../../lib/library/manage';
import { syncLibrary } from '../../lib/sync/engine';
import { folderUrl } from '../../lib/sync/url';
import { WebDavStore } from '../../lib/sync/webdav';
import { startRclone } from '../../tests/sync/servers';

type Report = (name: string, value: number, unit: string) => void;

const PARAGRAPH = '今年以来，市场流动性保持合理充裕，银行间利率平稳运行，企业融资成本稳中有降。';

function article(i: number): Article {
  const code = `NW2024${String(1 + (i % 12)).padStart(2, '0')}${String(1 + (i % 28)).padStart(2, '0')}${String(i).padStart(10, '0')}`;
  const url = `http://finews.zning.xyz/html_News/NewsShare.html?infoCode=${code}`;
  return {
    id: code,
    infoCode: code,
    url,
    canonicalUrl: url,
    title: `第${i}篇：银行利率与市场观察`,
    publishedAt: `2024-${String(1 + (i % 12)).padStart(2, '0')}-${String(1 + (i % 28)).padStart(2, '0')}T08:00:00+08:00`,
    source: ['证券时报', '定西日报', '中国证券报', '上海证券报'][i % 4]!,
    site: 'finews.zning.xyz',
    // About 1,200 characters, as the stack notes measure.
    html: Array.from({ length: 8 }, (_, p) => `<p>${p}·${i} ${PARAGRAPH}${PARAGRAPH}${PARAGRAPH}</p>`).join(''),
    images: [],
  };
}

/** Times a sync after one change in `big` and in a 1,000-article library beside it. */
async function oneChangeRatio(report: Report, big: LibraryDb, size: number, root: string, progress: (text: string) => void): Promise<void> {
  const SMALL = 1000;
  progress(`one change in the ${size}-article library and in a ${SMALL}-article one, synced in turn`);
  await new WebDavStore({ url: root, user: '', password: '' }).mkcol('bench-small');
  const libraries = [
    { db: big, size, url: root, times: [] as number[] },
    { db: new LibraryDb('bench-sync-small'), size: SMALL, url: `${root}bench-small/`, times: [] as number[] },
  ];
  const small = libraries[1]!;
  const store = (url: string) => new WebDavStore({ url, user: '', password: '' }, { timeoutMs: 60_000, conditional: 'lock' });
  const run = (l: (typeof libraries)[number]) => syncLibrary(l.db, store(l.url), folderUrl(l.url).href, { settings: DEFAULT_EXPORT_SETTINGS });
  try {
    const outcome = await saveArticles(small.db, Array.from({ length: SMALL }, (_, i) => article(i)), 1_700_000_000_000);
    if (!outcome.ok) throw new Error(outcome.message);
    await run(small);
    await run(small);
    for (let round = 0; round < 3; round++) {
      for (const l of libraries) {
        await addTag(l.db, article((l.size >> 2) + round * 97).id, `改动${round}`);
        const started = performance.now();
        const synced = await run(l);
        l.times.push(performance.now() - started);
        if (synced.error || synced.pushed !== 1) throw new Error(`the one-change sync did not push one article: ${JSON.stringify(synced)}`);
      }
    }
  } finally {
    await small.db.delete();
  }
  const [bigMs, smallMs] = libraries.map((l) => Math.min(...l.times)) as [number, number];
  report('sync.one_change_50k_ms', Math.round(bigMs), 'ms');
  report('sync.one_change_1k_ms', Math.round(smallMs), 'ms');
  report('sync.ratio_one_change_50k_vs_1k', Number((bigMs / smallMs).toFixed(3)), 'x');
}

export async function benchSync(report: Report, size: number, progress: (text: string) => void): Promise<void> {
  const server = await startRclone();
  const url = `${server.root}`;
  const folder = folderUrl(url).href;
  const store = () => new WebDavStore({ url, user: '', password: '' }, { timeoutMs: 60_000, conditional: 'lock' });
  const options = { settings: DEFAULT_EXPORT_SETTINGS };
  try {
    progress(`filling a library of ${size} articles`);
    const source = new LibraryDb('bench-sync-source');
    for (let i = 0; i < size; i += 2048) {
      const outcome = await saveArticles(source, Array.from({ length: Math.min(2048, size - i) }, (_, j) => article(i + j)), 1_700_000_000_000 + i);
      if (!outcome.ok) throw new Error(outcome.message);
    }
    progress('first push');
    const pushed = await syncLibrary(source, store(), folder, options);
    if (pushed.error) throw new Error(pushed.error.message);
    await syncLibrary(source, store(), folder, options);

    await addTag(source, article(size >> 1).id, '一处改动');
    const one = await syncLibrary(source, store(), folder, options);
    if (one.error || one.pushed !== 1) throw new Error(`the one-change sync did not push one article: ${JSON.stringify(one)}`);
    report('sync.requests_one_change_50k', one.requests, 'requests');
    await oneChangeRatio(report, source, size, url, progress);

    // Photos on: the first such sync reads every shard once (photos.ts), then a change costs what it did.
    const withPhotos = { ...options, photos: true };
    const on = await syncLibrary(source, store(), folder, withPhotos);
    if (on.error) throw new Error(on.error.message);
    await addTag(source, article((size >> 1) + 1).id, '一处改动');
    const tagged = await syncLibrary(source, store(), folder, withPhotos);
    if (tagged.error || tagged.pushed !== 1) throw new Error(`the one-change sync with photos did not push one article: ${JSON.stringify(tagged)}`);
    report('sync.requests_one_change_50k_photos', tagged.requests, 'requests');
    const photo = 'https://dfscdn.dfcfw.com/download/bench.jpg';
    const jpeg = new Uint8Array(40_000).map((_, i) => (i < 3 ? [0xff, 0xd8, 0xff][i]! : (i * 7) & 0xff));
    const resaved = { ...article((size >> 1) + 2), images: [photo], html: `<p>图</p><img src="${photo}">` };
    const saved = await saveArticleWithImages(source, resaved, [{ url: photo, type: 'image/jpeg', blob: new Blob([jpeg]) }], 1_800_000_000_000);
    if (!saved.ok) throw new Error(saved.message);
    const withPhoto = await syncLibrary(source, store(), folder, withPhotos);
    if (withPhoto.error || withPhoto.photos?.pushed !== 1) throw new Error(`the new photo was not pushed: ${JSON.stringify(withPhoto)}`);
    report('sync.requests_new_photo_50k', withPhoto.requests, 'requests');

    progress('backup');
    const lines: string[] = [];
    await writeBackup(source, async (line) => {
      lines.push(line);
    });

    // Only the folder and the backup's lines are left: each run starts from an empty library, alone in memory.
    await source.delete();
    const syncs: number[] = [];
    const restores: number[] = [];
    let requests = 0;
    for (let round = 0; round < 2; round++) {
      progress(`first sync into an empty library (${round + 1} of 2)`);
      const empty = new LibraryDb(`bench-sync-empty-${round}`);
      let started = performance.now();
      const first = await syncLibrary(empty, store(), folder, options);
      syncs.push(performance.now() - started);
      if (first.error || first.pulled !== size) throw new Error(`the first sync pulled ${first.pulled} of ${size}: ${first.error?.message ?? ''}`);
      requests = first.requests;
      await empty.delete();

      progress(`restore of the same library (${round + 1} of 2)`);
      const restored = new LibraryDb(`bench-sync-restored-${round}`);
      started = performance.now();
      const outcome = await restoreBackup(restored, async function* () {
        yield* lines;
      });
      restores.push(performance.now() - started);
      if (outcome.added !== size) throw new Error(`the restore added ${outcome.added} of ${size}`);
      await restored.delete();
    }
    const syncMs = Math.min(...syncs);
    const restoreMs = Math.min(...restores);

    progress(
      'sync.ratio_first_vs_restore = first sync (real HTTP to rclone on 127.0.0.1, into fake-indexeddb) ÷ restore ' +
        '(backup lines from memory, into fake-indexeddb); same library, same process, each into a fresh library, best of 2 each',
    );
    report('sync.first_sync_ms', Math.round(syncMs), 'ms');
    report('sync.restore_ms', Math.round(restoreMs), 'ms');
    report('sync.ratio_first_vs_restore', Number((syncMs / restoreMs).toFixed(3)), 'x');
    report('sync.first_sync_requests', requests, 'requests');
  } finally {
    await server.stop();
  }
}

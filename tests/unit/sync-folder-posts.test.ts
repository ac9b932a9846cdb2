// Writing the folder's posts: a failed upload stops the rest, and the sync ends only after the uploads under way.
import { describe, expect, it } from 'vitest';
import { DEFAULT_EXPORT_SETTINGS } from '../../lib/export/settings';
import { writePosts } from '../../lib/sync/folder-posts';
import { PostNames } from '../../lib/sync/post-names';
import { SyncError, type SyncStore } from '../../lib/sync/store';
import { webRecord } from './web-record';

const dated = (i: number) => webRecord(`https://example.com/${i}`, `Market update ${i}`);

/** A store whose PUTs each wait for a tick; the `failAt`-th one is refused. */
function slowStore(failAt: number) {
  let started = 0;
  let inFlight = 0;
  const finished: string[] = [];
  const put = async (path: string) => {
    const n = ++started;
    inFlight++;
    // The refused PUT answers at once, the others later: the failure lands while they are under way.
    await new Promise((resolve) => setTimeout(resolve, n === failAt ? 0 : 20));
    inFlight--;
    if (n === failAt) throw new SyncError('conflict', 'the file is locked', 423);
    finished.push(path);
    return {};
  };
  const store = { put } as unknown as SyncStore;
  return { store, started: () => started, inFlight: () => inFlight, finished };
}

describe('writePosts', () => {
  it('writes every post when nothing fails', async () => {
    const records = Array.from({ length: 9 }, (_, i) => dated(i));
    const names = new PostNames();
    records.forEach((r) => names.set(r));
    const { store, finished } = slowStore(0);
    await writePosts(store, records, () => '<p>正文</p>', DEFAULT_EXPORT_SETTINGS, names);
    expect(finished).toHaveLength(9);
  });

  it('on a refused upload starts no new one, and rejects only once the others under way have finished', async () => {
    const records = Array.from({ length: 12 }, (_, i) => dated(i));
    const names = new PostNames();
    records.forEach((r) => names.set(r));
    const run = slowStore(2);
    await expect(writePosts(run.store, records, () => '<p>正文</p>', DEFAULT_EXPORT_SETTINGS, names)).rejects.toMatchObject({ kind: 'conflict', status: 423 });
    expect(run.inFlight()).toBe(0);
    // The pool of four had started four; none started after the refusal.
    expect(run.started()).toBe(4);
    expect(run.finished).toHaveLength(3);
  });
});

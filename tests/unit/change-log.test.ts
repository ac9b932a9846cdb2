import 'fake-indexeddb/auto';
import { describe, expect, it } from 'vitest';
import type { Article } from '../../lib/article';
import { restoreBackup } from '../../lib/backup/restore';
import { writeBackup } from '../../lib/backup/write';
import { saveArticle } from '../../lib/library/articles';
import { FULL_SCAN } from '../../lib/library/change-log';
import { LibraryDb } from '../../lib/library/db';
import { addTag, deleteArticles, editArticle, removeTag, setRead, undoDelete } from '../../lib/library/manage';
import { applyRemote } from '../../lib/sync/apply';
import { importPostFiles } from '../../lib/sync/import-posts';
import { DEFAULT_EXPORT_SETTINGS, postAround } from '../../lib/export/post/post';
import { testArticle, useTestDb } from './helpers';

const article = (id: string, overrides: Partial<Article> = {}) =>
  testArticle(id, { publishedAt: '2022-02-10T08:00:00+08:00', html: `<p>正文${id}</p>`, ...overrides });

const db = useTestDb('change-log-test');

const logged = async (library: LibraryDb = db()) => (await library.syncChanges.toArray()).map((row) => row.id);
const clearLog = async () => db().syncChanges.clear();

describe('the change log', () => {
  it('names every article each write path of the library changes, in the write’s own transaction', async () => {
    await saveArticle(db(), article('a'), 1);
    await saveArticle(db(), article('b'), 2);
    expect(await logged()).toEqual(['a', 'b']);

    for (const [what, write] of [
      ['tag added', () => addTag(db(), 'a', '营商')],
      ['tag removed', () => removeTag(db(), 'a', '营商')],
      ['read', () => setRead(db(), 'a', true)],
      ['edited', () => editArticle(db(), 'a', { title: '新标题' }, 5)],
      ['saved again', () => saveArticle(db(), article('a', { title: '再存' }), 6)],
    ] as const) {
      await clearLog();
      await write();
      expect(await logged(), what).toEqual(['a']);
    }

    await clearLog();
    const deleted = await deleteArticles(db(), ['b']);
    expect(await logged(), 'deleted').toEqual(['b']);
    await clearLog();
    await undoDelete(db(), deleted);
    expect(await logged(), 'deletion undone').toEqual(['b']);
  });

  it('names what a restore or an import of posts adds, but not what a sync pulls', async () => {
    const other = new LibraryDb(`change-log-source-${Date.now()}`);
    await saveArticle(other, article('r1'), 1);
    await saveArticle(other, article('r2'), 2);
    const lines: string[] = [];
    await writeBackup(other, async (line) => {
      lines.push(line);
    });
    await other.delete();
    await restoreBackup(db(), async function* () {
      yield* lines;
    });
    expect((await logged()).sort()).toEqual(['r1', 'r2']);

    await clearLog();
    const record = { ...(await db().articles.get('r1'))!, id: 'NW202202100000000001', infoCode: 'NW202202100000000001', title: '导入' };
    const post = postAround(record, '导入的正文', DEFAULT_EXPORT_SETTINGS);
    await importPostFiles(db(), [{ name: post.fileName, text: post.content }]);
    expect(await logged()).toEqual(['NW202202100000000001']);

    await clearLog();
    const pulled = { ...record, id: 'NW202202100000000002', infoCode: 'NW202202100000000002' };
    const applied = await applyRemote(db(), [{ record: pulled, html: '<p>拉来的</p>' }], [], { ownPull: true });
    expect(applied.written).toBe(1);
    expect(await db().articles.get('NW202202100000000002')).toBeDefined();
    expect(await logged()).toEqual([]);
  });

  it('asks for a full read after a write it cannot name row by row', async () => {
    await saveArticle(db(), article('a'), 1);
    await clearLog();
    await db().articles.clear();
    const rows = await db().syncChanges.toArray();
    expect(rows.map((r) => r.id)).toEqual([FULL_SCAN]);
    expect(rows[0]!.at).toBeGreaterThan(0);
  });

  it('takes no part in a transaction that does not write articles', async () => {
    await db().settings.put({ key: 'x', value: 1 });
    await db().bodies.put({ id: 'z', html: '' });
    expect(await logged()).toEqual([]);
  });
});

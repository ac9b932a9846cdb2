/**
 * The user's corrections of title, time and source: checked, applied to the
 * row and the derived tables at once, kept by a re-save, carried by a backup,
 * won by the newest edit in a merge, and used by the export.
 */
// The fake IndexedDB first: Dexie looks for it when it loads.
import { testArticle, useFreshDbs, useTestDb } from './helpers';
import { describe, expect, it } from 'vitest';
import { parseBackupLine } from '../../lib/backup/format';
import { mergeRecords } from '../../lib/backup/merge';
import { restoreBackup } from '../../lib/backup/restore';
import { writeBackup } from '../../lib/backup/write';
import { postFor, DEFAULT_EXPORT_SETTINGS } from '../../lib/export/post/post';
import { checkEdit, typedTime } from '../../lib/finews/edits';
import { getBody, saveArticle } from '../../lib/library/articles';
import { listGroupArticles, listGroups } from '../../lib/library/groups';
import { editArticle, EditError } from '../../lib/library/manage';
import { searchArticles } from '../../lib/library/search/index';

const db = useTestDb('edits');
const fresh = useFreshDbs('edits-restore');
const ID = 'NW202205302350000001';

describe('checking an edit', () => {
  it('reads times as people type them, in Beijing time, and refuses impossible ones', () => {
    expect(typedTime('2022-05-30 22:00:29')).toBe('2022-05-30T22:00:29+08:00');
    expect(typedTime('2022-5-3 9:05')).toBe('2022-05-03T09:05:00+08:00');
    expect(typedTime('2022-05-30T22:00')).toBe('2022-05-30T22:00:00+08:00');
    expect(typedTime('2022-05-30T14:00:29Z')).toBe('2022-05-30T14:00:29Z');
    for (const bad of ['2022-02-30 10:00', '2022-05-30 25:00', 'yesterday', '', '30/05/2022']) expect(typedTime(bad), bad).toBeUndefined();
  });

  it('refuses an empty title or source and trims what it keeps', () => {
    expect(checkEdit({ title: '  ' })).toEqual({ ok: false, problem: 'title' });
    expect(checkEdit({ source: '' })).toEqual({ ok: false, problem: 'source' });
    expect(checkEdit({ publishedAt: 'soon' })).toEqual({ ok: false, problem: 'time' });
    expect(checkEdit({ title: ' 新\n标题 ', source: ' 证券时报 ' })).toEqual({ ok: true, edit: { title: '新 标题', source: '证券时报' } });
  });
});

describe('editing an article', () => {
  it('changes the row, its group, its automatic tag, its place in time and the search index together', async () => {
    await saveArticle(db(), testArticle(ID, { publishedAt: undefined, source: '定西日报', title: '旧标题_东方财富' }), 1);
    const edited = await editArticle(db(), ID, { title: '新标题', publishedAt: '2022-05-30 22:00:29', source: '证券时报' }, 50);
    expect(edited).toMatchObject({ title: '新标题', publishedAt: '2022-05-30T22:00:29+08:00', source: '证券时报', updatedAt: 50 });
    expect(edited.tags).toEqual(['证券时报新闻']);
    expect(edited.sortTime).toBe(Date.parse('2022-05-30T22:00:29+08:00'));
    expect(edited.edited).toEqual({ title: '新标题', publishedAt: '2022-05-30T22:00:29+08:00', source: '证券时报', at: 50 });
    expect((await listGroups(db(), 'category')).map((g) => g.key)).toEqual(['证券时报']);
    expect((await listGroupArticles(db(), 'category', '证券时报', 0, 10)).map((r) => r.id)).toEqual([ID]);
    expect((await searchArticles(db(), '新标题')).map((r) => r.id)).toEqual([ID]);
    expect(await searchArticles(db(), '旧标题')).toEqual([]);
  });

  it('refuses a bad edit with its reason and changes nothing', async () => {
    await saveArticle(db(), testArticle(ID), 1);
    const before = await db().articles.get(ID);
    await expect(editArticle(db(), ID, { publishedAt: '2022-13-01' }, 2)).rejects.toThrow(EditError);
    await expect(editArticle(db(), ID, { title: '' }, 2)).rejects.toMatchObject({ problem: 'title' });
    expect(await db().articles.get(ID)).toEqual(before);
  });

  it('keeps the edit when the same article is saved again: the body is refreshed, the correction stays', async () => {
    await saveArticle(db(), testArticle(ID, { publishedAt: undefined, title: '错的标题' }), 1);
    await editArticle(db(), ID, { title: '对的标题', publishedAt: '2022-05-30 22:00:29' }, 2);
    await saveArticle(db(), testArticle(ID, { publishedAt: undefined, title: '错的标题', html: '<p>新正文</p>' }), 3);
    const record = (await db().articles.get(ID))!;
    expect(record).toMatchObject({ title: '对的标题', publishedAt: '2022-05-30T22:00:29+08:00', source: '定西日报', updatedAt: 3 });
    expect(await getBody(db(), ID)).toBe('<p>新正文</p>');
    // And the export uses it.
    const post = postFor({ ...record, html: '<p>新正文</p>' }, DEFAULT_EXPORT_SETTINGS);
    expect(post.fileName).toBe(`2022-05-30-${ID}.md`);
    expect(post.content).toContain('title: "对的标题"\ndate: 2022-05-30 22:00:29 +0800\n');
  });

  it('goes into a backup and comes back from it', async () => {
    await saveArticle(db(), testArticle(ID), 1);
    await editArticle(db(), ID, { source: '证券时报' }, 2);
    const lines: string[] = [];
    await writeBackup(db(), (line) => void lines.push(line));
    const restored = await fresh();
    await restoreBackup(restored, async function* () {
      yield* lines;
    });
    expect(await restored.articles.get(ID)).toEqual(await db().articles.get(ID));
    expect((await listGroups(restored, 'category')).map((g) => g.key)).toEqual(['证券时报']);
  });

  it('a backup line with a malformed edit is refused with its reason', () => {
    const record = { ...testArticle(ID), savedAt: 1, updatedAt: 1, sortTime: 1, tags: [], read: false };
    const { html: _html, ...row } = record;
    const line = (edited: unknown) => JSON.stringify({ kind: 'article', record: { ...row, edited }, html: '' });
    expect(() => parseBackupLine(line({ at: 1, publishedAt: 'soon' }), 2)).toThrow('invalid time');
    expect(() => parseBackupLine(line({ title: 'x' }), 2)).toThrow('"at"');
    expect(() => parseBackupLine(line({ at: 1, script: 'x' }), 2)).toThrow('unknown field "script"');
    expect(parseBackupLine(line({ at: 1, title: '好' }), 2)).toMatchObject({ record: { edited: { at: 1, title: '好' } } });
  });

  it('in a merge, the newest edit wins over a newer save of the page, whichever side made it', () => {
    const base = { ...testArticle(ID), savedAt: 1, tags: ['定西日报新闻'], read: false };
    const edited = { ...base, title: '改过的', updatedAt: 5, sortTime: 1, edited: { title: '改过的', at: 5 } };
    const resaved = { ...base, title: '页面上的', updatedAt: 9, sortTime: 1 };
    for (const [a, b] of [[edited, resaved], [resaved, edited]] as const) {
      const merged = mergeRecords(a, b);
      expect(merged.title).toBe('改过的');
      expect(merged.updatedAt).toBe(9);
      expect(merged.edited).toEqual({ title: '改过的', at: 5 });
    }
  });
});

// The reader's work without the page (lib/reader/): opening marks read, a
// change gives the article as stored, and every refusal comes back in words.
import { testArticle, useTestDb } from './helpers';
import type { PageWords } from '../../lib/words';
import { afterEach, describe, expect, it } from 'vitest';
import { saveArticle } from '../../lib/library/articles';
import { addTag } from '../../lib/library/manage';
import { changeArticle, editWithWords, exportArticle, openArticle, readerHref } from '../../lib/reader/reader-actions';
import { loadTextStep, moveTextStep, saveTextStep, TEXT_SIZES } from '../../lib/reader/text-size';

const db = useTestDb('reader-actions');
// Words that show which message was chosen and with what.
const words: PageWords = { t: (key, ...subs) => [key, ...subs].join(':'), reason: (reason) => `reason-${reason}` };

const put = IDBObjectStore.prototype.put;
function fillStorage(): void {
  IDBObjectStore.prototype.put = () => {
    throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
  };
}
afterEach(() => {
  IDBObjectStore.prototype.put = put;
});

describe('opening an article', () => {
  it('marks it read unless that is turned off, and gives its body', async () => {
    await saveArticle(db(), testArticle('NW1', { html: '<p>本报讯</p>' }), 1_000);
    await saveArticle(db(), testArticle('NW2'), 1_000);
    const opened = await openArticle(db(), 'NW1', true);
    expect(opened?.article.read).toBe(true);
    expect(opened?.html).toContain('本报讯');
    expect((await db().articles.get('NW1'))?.read).toBe(true);
    expect((await openArticle(db(), 'NW2', false))?.article.read).toBe(false);
    expect(await openArticle(db(), 'NW404', true)).toBeUndefined();
  });

  it('still shows the article when the disk is full and it cannot be marked read', async () => {
    await saveArticle(db(), testArticle('NW1'), 1_000);
    fillStorage();
    const opened = await openArticle(db(), 'NW1', true);
    expect(opened?.article.id).toBe('NW1');
    expect(opened?.article.read).toBe(false);
  });
});

describe('changing it', () => {
  it('gives the article as stored after the change, or the refusal in words', async () => {
    await saveArticle(db(), testArticle('NW1'), 1_000);
    const changed = await changeArticle(db(), 'NW1', () => addTag(db(), 'NW1', '宏观'), words);
    expect(changed.article?.tags).toContain('宏观');
    expect(changed.failure).toBeUndefined();
    fillStorage();
    const refused = await changeArticle(db(), 'NW1', () => addTag(db(), 'NW1', '债券'), words);
    expect(refused).toEqual({ failure: 'reason-quota' });
  });

  it('names the field an edit refuses, and keeps the edit that is fine', async () => {
    await saveArticle(db(), testArticle('NW1'), 1_000);
    expect(await editWithWords(db(), 'NW1', { title: '   ' }, words)).toEqual({ failure: 'editInvalidTitle' });
    expect(await editWithWords(db(), 'NW1', { publishedAt: 'yesterday-ish' }, words)).toEqual({ failure: 'editInvalidTime' });
    const edited = await editWithWords(db(), 'NW1', { title: '更正后的标题' }, words, 2_000);
    expect(edited.article?.title).toBe('更正后的标题');
    fillStorage();
    expect(await editWithWords(db(), 'NW1', { title: '再改' }, words)).toEqual({ failure: 'editFailed:reason-quota' });
  });
});

describe('exporting it', () => {
  it('gives the post, or says the article has no date to name it by', async () => {
    await saveArticle(db(), testArticle('NW202202102271830933'), 1_000);
    const record = (await db().articles.get('NW202202102271830933'))!;
    const { post } = await exportArticle(db(), record, words);
    expect(post?.fileName).toMatch(/^2022-02-10-NW202202102271830933\.md$/);
    await saveArticle(db(), testArticle('undated-page', { infoCode: '', publishedAt: undefined }), 1_000);
    const undated = (await db().articles.get('undated-page'))!;
    expect(await exportArticle(db(), undated, words)).toEqual({ failure: `exportUndatedOne:${undated.title}` });
  });
});

describe('its addresses and text size', () => {
  it('keeps the list it came from in the address, and the size within its steps', () => {
    expect(readerHref('NW1')).toBe('reader.html?id=NW1');
    expect(readerHref('NW 1', { kind: 'saved', key: '' })).toMatch(/^reader\.html\?id=NW%201&from=/);
    const store = new Map<string, string>();
    const storage = { getItem: (k: string) => store.get(k) ?? null, setItem: (k: string, v: string) => void store.set(k, v) };
    expect(TEXT_SIZES[loadTextStep(storage)]).toBe(18);
    saveTextStep(moveTextStep(loadTextStep(storage), 10), storage);
    expect(TEXT_SIZES[loadTextStep(storage)]).toBe(TEXT_SIZES.at(-1));
    expect(moveTextStep(0, -3)).toBe(0);
  });
});

import 'fake-indexeddb/auto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Article } from '../../lib/article';
import { derivedTables, rebuildDerived } from '../../lib/library/db';
import { saveArticle } from '../../lib/library/articles';
import { saveArticles } from '../save-articles';
import { deleteArticles, undoDelete } from '../../lib/library/manage';
import { articleGrams, bodyText, CHUNK, searchArticles, searchForm, searchTerms, type SearchOrder } from '../../lib/library/search/index';
import { indexContents } from './reference';
import { testArticle, useTestDb } from './helpers';

const SEED = JSON.parse(readFileSync(join(__dirname, '..', 'fixtures', 'posts', 'seed', 'article.json'), 'utf8')) as Article;

const db = useTestDb('search-test');

const ids = async (query: string, limit?: number, offset?: number) =>
  (await searchArticles(db(), query, limit, offset)).map((r) => r.id);

/** The index equals the one built from scratch from the articles and bodies, and knows every article's time. */
async function expectIndexRebuildable() {
  const kept = await indexContents(db());
  const articles = await db().articles.toArray();
  const docs = await db().searchDocs.toArray();
  const seconds = new Map((await db().searchTimes.toArray()).map((row) => [row.chunk, row.seconds]));
  expect(docs.map((d) => d.id).sort()).toEqual(articles.map((a) => a.id).sort());
  const sortTimes = new Map(articles.map((a) => [a.id, a.sortTime]));
  const rows = new Map(articles.map((a) => [a.id, a]));
  for (const d of docs) {
    expect(d.article).toEqual(rows.get(d.id)); // the copy results are served from
    expect(d.sortTime).toBe(sortTimes.get(d.id));
    expect(seconds.get(Math.floor(d.doc / CHUNK))?.[d.doc % CHUNK]).toBe(Math.floor(d.sortTime / 1000) + 1);
  }
  const timed = [...seconds.values()].reduce((sum, row) => sum + row.filter((s) => s !== 0).length, 0);
  expect(timed).toBe(docs.length);
  await db().transaction('rw', [db().articles, db().bodies, ...derivedTables(db())], async () => { await rebuildDerived(db()); });
  expect(kept).toEqual(await indexContents(db()));
}

describe('the tokenizer', () => {
  it('splits a query at white space only, normalizing width and case', () => {
    expect(searchTerms('营商环境')).toEqual(['营商环境']);
    expect(searchTerms('  定西　营商环境 ')).toEqual(['定西', '营商环境']);
    expect(searchTerms('HFO-1234yf 000338')).toEqual(['hfo 1234yf', '000338']);
    expect(searchTerms('ＨＦＯ－１２３４ｙｆ')).toEqual(['hfo 1234yf']);
    expect(searchTerms('营商 营商环境 营商环境')).toEqual(['营商环境']);
    expect(searchTerms(' ，。 ')).toEqual([]);
  });

  it('normalizes exactly as NFKC, lower case and one space per run of non-letters-or-digits would', () => {
    const reference = (text: string) => text.normalize('NFKC').toLowerCase().replace(/[^\p{L}\p{M}\p{N}]+/gu, ' ').trim();
    const alphabet = ['营', '商', 'A', 'z', '9', ' ', '，', '-', 'Ｈ', '①', 'é', 'e\u0301', 'İ', 'Σ', '𠮷', '\ud800', '\u3000', '·', '_', '\u00a0', 'ﬁ', '㈱'];
    let seed = 7;
    for (let i = 0; i < 500; i++) {
      let text = '';
      for (let j = 0; j < 12; j++) {
        seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
        text += alphabet[seed % alphabet.length];
      }
      expect(searchForm(text)).toBe(reference(text));
    }
  });

  it('takes the text of a body: tags out, inline tags joining, entities decoded', () => {
    expect(searchForm(bodyText('<p>营<strong>商</strong>环境</p><p>AT&amp;T&#x4E2D;</p>'))).toBe('营商环境 at t中');
    expect(searchForm(bodyText('<p>营商</p><p>环境</p><img alt="x>y" src="a.png">'))).toBe('营商 环境');
  });

  it('indexes characters, pairs within a run, and triples of ASCII letters and digits', () => {
    expect([...articleGrams('A股', '<p>营商 HFO1</p>')].sort()).toEqual(
      ['a', '股', 'a股', '营', '商', '营商', 'h', 'f', 'o', '1', 'hf', 'fo', 'o1', 'hfo', 'fo1'].sort(),
    );
    expect(articleGrams('𠮷野家', '').has('𠮷野')).toBe(true);
  });
});

describe('searching', () => {
  it('finds the seed article by a Chinese word, in its title or only in its body', async () => {
    await saveArticle(db(), SEED, 1);
    await saveArticle(db(), testArticle('other', { html: '<p>别的新闻</p>' }), 2);
    expect(await ids('营商环境')).toEqual(['NW202202102271830933']);
    expect(await ids('纪委监委')).toEqual(['NW202202102271830933']); // body only
    expect(await ids('定西 纪委监委')).toEqual(['NW202202102271830933']); // one term in the title, one in the body
    expect(await ids('营商环境 别的')).toEqual([]);
    expect(await ids('本报讯')).toEqual(['NW202202102271830933']);
    expect(await ids('')).toEqual([]);
  });

  it('finds mixed Latin, digits and Chinese, whatever the width or case', async () => {
    await saveArticle(db(), testArticle('a', { html: '<p>制冷剂HFO-1234yf价格上涨，美的集团(000338)公告</p>' }), 1);
    await saveArticle(db(), testArticle('b', { html: '<p>代码000339，HFO与R134a</p>' }), 2);
    expect(await ids('HFO-1234yf')).toEqual(['a']);
    expect(await ids('ＨＦＯ－１２３４ＹＦ')).toEqual(['a']);
    expect(await ids('1234yf')).toEqual(['a']);
    expect(await ids('000338')).toEqual(['a']);
    expect(await ids('00033')).toEqual(['b', 'a']);
    expect(await ids('hfo')).toEqual(['b', 'a']);
    expect(await ids('hf')).toEqual(['b', 'a']);
    expect(await ids('r134a')).toEqual(['b']);
    expect(await ids('美的 000338')).toEqual(['a']);
    expect(await ids('美的 000339')).toEqual([]);
  });

  it('needs the characters of a term together, not only its pairs somewhere', async () => {
    // Holds 营商, 商环 and 环境, but never 营商环境.
    await saveArticle(db(), testArticle('apart', { html: '<p>营商。商环。环境</p>' }), 1);
    await saveArticle(db(), testArticle('together', { html: '<p>优化营商环境</p>' }), 2);
    await saveArticle(db(), testArticle('split', { html: '<p>营商</p><p>环境</p>' }), 3);
    expect(await ids('营商环境')).toEqual(['together']);
    expect(await ids('营商 环境')).toEqual(['together', 'split', 'apart']); // equal times: id descending
    expect(await ids('商')).toEqual(['together', 'split', 'apart']);
  });

  it('gives the newest matches first, in pages, also when most of the library matches', async () => {
    const all = Array.from({ length: 300 }, (_, i) =>
      testArticle(`id${String(i).padStart(3, '0')}`, {
        // Equal times in pairs: the id breaks ties, as in the list.
        publishedAt: new Date(Date.UTC(2022, 0, 1) + Math.floor(i / 2) * 60_000).toISOString(),
        html: i % 3 === 0 ? '<p>营商环境，另有关键词</p>' : '<p>营商环境</p>',
      }),
    );
    await saveArticles(db(), all, 1);
    const newest = [...all].reverse().map((a) => a.id);
    for (const i of [298, 299]) expect(newest).toContain(`id${i}`);
    expect(await ids('营商环境', 10)).toEqual(newest.slice(0, 10));
    expect(await ids('营商环境', 10, 10)).toEqual(newest.slice(10, 20));
    const rare = newest.filter((id) => Number(id.slice(2)) % 3 === 0);
    expect(await ids('关键词', 5, 2)).toEqual(rare.slice(2, 7));
    expect(await ids('另有关键词 营商环境', 200)).toEqual(rare);
    expect(await ids('营商环境', 0)).toEqual([]);
    // Common grams are stored as bitmaps of their chunk: taking articles out and putting them back keeps them right.
    const deleted = await deleteArticles(db(), newest.slice(0, 100));
    expect(await ids('营商环境', 10)).toEqual(newest.slice(100, 110));
    await expectIndexRebuildable();
    await undoDelete(db(), deleted);
    expect(await ids('营商环境', 10, 95)).toEqual(newest.slice(95, 105));
    await expectIndexRebuildable();
  });

  it('follows re-saves, deletes, undo and restores', async () => {
    await saveArticle(db(), testArticle('a', { html: '<p>旧的正文</p>' }), 1);
    await saveArticle(db(), testArticle('b', { html: '<p>旧的正文</p>' }), 1);
    expect(await ids('旧的')).toEqual(['b', 'a']);
    await saveArticle(db(), testArticle('a', { html: '<p>新的正文</p>', title: '新标题' }), 2);
    expect(await ids('旧的')).toEqual(['b']);
    expect(await ids('新的')).toEqual(['a']);
    expect(await ids('新标题')).toEqual(['a']);
    const deleted = await deleteArticles(db(), ['a']);
    expect(await ids('正文')).toEqual(['b']);
    await expectIndexRebuildable();
    await undoDelete(db(), deleted);
    expect(await ids('正文')).toEqual(['b', 'a']);
    expect(await ids('新的')).toEqual(['a']);
    await expectIndexRebuildable();
  });

  it('keeps one posting per article and gram, removing exactly what a change takes away', async () => {
    await saveArticles(db(), [SEED, testArticle('x', { html: SEED.html.slice(0, 300) }), testArticle('y', { title: '营商' })], 1);
    await saveArticle(db(), { ...SEED, html: `${SEED.html}<p>追加一段</p>` }, 2);
    await deleteArticles(db(), ['y']);
    const index = await indexContents(db());
    expect(index.get('营商')).toEqual(['NW202202102271830933', 'x']);
    expect(index.get('追加')).toEqual(['NW202202102271830933']);
    for (const holders of index.values()) expect(new Set(holders).size).toBe(holders.length);
    await expectIndexRebuildable();
  });

  it('finds characters outside the Basic Multilingual Plane', async () => {
    await saveArticle(db(), testArticle('a', { html: '<p>𠮷野家股份</p>' }), 1);
    expect(await ids('𠮷')).toEqual(['a']);
    expect(await ids('𠮷野家')).toEqual(['a']);
  });
});

describe('every way of ordering the matches', () => {
  const WORDS = ['银行', '利率', '营商环境', '投资', '新能源', '汽车', '北京', '芯片', '光伏', 'HFO', '000338', '上市', '𠮷野'];

  it('gives exactly what reading every article would, newest first, in pages', async () => {
    let seed = 11;
    const random = () => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0), seed / 2 ** 32);
    const pick = () => WORDS[Math.floor(random() * WORDS.length)]!;
    const words = (n: number) => Array.from({ length: n }, pick).join(random() < 0.2 ? '，' : '');
    const all = Array.from({ length: 400 }, (_, i) =>
      testArticle(`id${String(i).padStart(3, '0')}`, {
        title: words(3),
        html: `<p>${words(8)}</p><p>${words(8)}</p>`,
        // Few distinct times: many ties, broken by id.
        publishedAt: new Date(Date.UTC(2022, 0, 1) + Math.floor(random() * 40) * 3_600_000).toISOString(),
      }),
    );
    await saveArticles(db(), all, 1);
    await deleteArticles(db(), all.slice(0, 400).filter((_, i) => i % 7 === 0).map((a) => a.id));
    await saveArticle(db(), { ...all[1]!, html: '<p>芯片光伏，新的正文</p>', publishedAt: '2023-01-01T00:00:00Z' }, 2);
    await expectIndexRebuildable();

    const stored = await db().articles.toArray();
    const bodies = new Map((await db().bodies.toArray()).map((b) => [b.id, searchForm(bodyText(b.html))]));
    const reference = (query: string) =>
      stored
        .filter((r) => searchTerms(query).every((t) => searchForm(r.title).includes(t) || bodies.get(r.id)!.includes(t)))
        .sort((a, b) => b.sortTime - a.sortTime || (a.id < b.id ? 1 : -1))
        .map((r) => r.id);
    const orders: (SearchOrder | undefined)[] = [undefined, 'sorted', 'walked', 'timed'];
    const queries = ['银行', '利率 北京', '营商环境', '新能源汽车', '芯片光伏', 'hfo', '000338 上市', '𠮷', '利率银行投资', '北京北京北京', '没有'];
    // Many, some, few and no matches: each way of ordering meets them all.
    const sizes = queries.map((q) => reference(q).length);
    expect(sizes.filter((size) => size > 100).length).toBeGreaterThan(3);
    expect(sizes.filter((size) => size > 7 && size < 50).length).toBeGreaterThan(1);
    expect(sizes.filter((size) => size > 0 && size <= 7).length).toBeGreaterThan(1);
    expect(sizes).toContain(0);
    for (const query of queries) {
      const expected = reference(query);
      for (const order of orders) {
        for (const [limit, offset] of [[50, 0], [7, 0], [7, 5], [500, 0]] as const) {
          const got = (await searchArticles(db(), query, limit, offset, order)).map((r) => r.id);
          expect(got, `${query} ${order} ${limit}/${offset}`).toEqual(expected.slice(offset, offset + limit));
        }
      }
    }
  });
});

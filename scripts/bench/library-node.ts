/**
 * Rough costs of the library's save, groups and search code in Node, with
 * fake-indexeddb standing in for IndexedDB. Only a guide: fake-indexeddb is
 * pure JavaScript and much slower per request than a browser's IndexedDB;
 * the real figures come from Chromium.
 *
 *   npx tsx scripts/bench/library-node.ts 1000 10000
 *
 * Articles are made from the seed article's sentences, with one character in
 * ten replaced at random (so the vocabulary has a long tail like real news),
 * a stock code, 30 sources of uneven size and random publication times.
 */
import 'fake-indexeddb/auto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Article } from '../../lib/article';
import { LibraryDb } from '../../lib/db';
import { listGroupArticles, listGroups } from '../../lib/groups';
import { saveArticle, saveArticles } from '../../lib/library';
import { searchArticles } from '../../lib/search';

const seed = JSON.parse(readFileSync(join(import.meta.dirname, '..', '..', 'tests', 'fixtures', 'posts', 'seed', 'article.json'), 'utf8')) as Article;
const sentences = seed.html
  .replace(/<[^>]+>/g, '')
  .split(/(?<=[。；！？])/)
  .filter((s) => s.length > 4);

let state = 12345;
function random(): number {
  state = (Math.imul(state, 1103515245) + 12345) >>> 0;
  return state / 2 ** 32;
}
const pick = <T>(list: T[]): T => list[Math.floor(random() * list.length)]!;

function noisy(text: string): string {
  return [...text].map((c) => (c >= '\u4e00' && random() < 0.1 ? String.fromCharCode(0x4e00 + Math.floor(random() * 3500)) : c)).join('');
}

export function makeArticle(i: number): Article {
  const id = `NW${String(i).padStart(10, '0')}`;
  const source = `来源${Math.floor(30 * random() ** 2)}`;
  const paragraphs: string[] = [];
  let length = 0;
  while (length < 1200) {
    const s = noisy(pick(sentences));
    paragraphs.push(s);
    length += s.length;
  }
  paragraphs.splice(Math.floor(random() * paragraphs.length), 0, `股票代码${String(Math.floor(random() * 1e6)).padStart(6, '0')}`);
  return {
    id,
    infoCode: id,
    url: `http://finews.zning.xyz/html_News/NewsShare.html?infoCode=${id}`,
    canonicalUrl: `http://finews.zning.xyz/html_News/NewsShare.html?infoCode=${id}`,
    title: noisy(pick(sentences).slice(0, 24)),
    publishedAt: new Date(Date.UTC(2021, 0, 1) + Math.floor(random() * 3 * 365 * 86_400_000)).toISOString(),
    source,
    site: 'finews.zning.xyz',
    html: paragraphs.map((p) => `<p>${p}</p>`).join(''),
    images: [],
  };
}

async function median(runs: number, task: () => Promise<unknown>): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    await task();
    times.push(performance.now() - start);
  }
  return times.sort((a, b) => a - b)[Math.floor(runs / 2)]!;
}

const ms = (n: number) => `${n.toFixed(1)} ms`;

async function run(count: number): Promise<void> {
  const db = new LibraryDb(`bench-${count}`);
  await db.open();
  const batch = 1000;
  let start = performance.now();
  for (let i = 0; i < count; i += batch) {
    const outcome = await saveArticles(db, Array.from({ length: Math.min(batch, count - i) }, (_, j) => makeArticle(i + j)), 1);
    if (!outcome.ok) throw new Error(outcome.message);
  }
  const fill = performance.now() - start;

  let postingBytes = 0;
  await db.postings.each((b) => void (postingBytes += b.data.length));
  const [blocks, members, bodyChars] = [await db.postings.count(), await db.members.count(), (await db.bodies.toArray()).reduce((s, b) => s + b.html.length, 0)];

  start = performance.now();
  await saveArticle(db, makeArticle(count + 1), 2);
  const single = performance.now() - start;
  start = performance.now();
  await saveArticle(db, { ...makeArticle(count + 1), html: makeArticle(count + 2).html }, 3);
  const resave = performance.now() - start;

  console.log(`\n${count} articles`);
  console.log(`  fill (saveArticles, ${batch} per transaction): ${(fill / 1000).toFixed(1)} s, ${ms(fill / count)} per article`);
  console.log(`  one more saveArticle: ${ms(single)}; re-save with a new body: ${ms(resave)}`);
  console.log(`  postings: ${blocks} blocks, ${(postingBytes / 1e6).toFixed(1)} MB (${Math.round(postingBytes / count)} B per article; bodies ${Math.round((bodyChars * 2) / count)} B as UTF-16); members: ${members}`);
  console.log(`  listGroups category: ${ms(await median(11, () => listGroups(db, 'category')))}, tag: ${ms(await median(11, () => listGroups(db, 'tag')))}`);
  const [first] = await listGroups(db, 'category');
  console.log(`  first page of the largest group (${first!.count}): ${ms(await median(11, () => listGroupArticles(db, 'category', first!.key, 0, 50)))}`);
  for (const query of ['营商环境', '定西 营商', '监督 环境', '纪检监察 营商环境', '高质量发展', '股票代码000338', '000338', '乔天倩 十四五']) {
    const hits = (await searchArticles(db, query)).length;
    console.log(`  search ${JSON.stringify(query)}: ${ms(await median(11, () => searchArticles(db, query)))} (${hits} shown)`);
  }
  await db.delete();
}

// Run only as a script (the generator can be imported).
if (process.argv[1] && import.meta.filename === process.argv[1]) {
  for (const count of process.argv.slice(2).map(Number)) await run(count);
}

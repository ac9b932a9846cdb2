/**
 * Evaluated in an extension page by the benchmark: fills the extension's own
 * library through its own storage code (the batch saveArticles in tests/) with generated
 * articles, and times searches the way the popup runs them.
 */
import type { Article } from '../../lib/article';
import { LibraryDb } from '../../lib/library/db';
import { saveArticles } from '../../tests/save-articles';
import { searchArticles } from '../../lib/library/search/index';
// Deterministic: the same library on every run.
import { prng } from '../prng';


const PLACES = '北京上海广州深圳天津重庆成都武汉西安南京杭州苏州郑州长沙青岛宁波厦门福州济南合肥昆明贵阳南宁兰州定西银川西宁太原石家庄沈阳大连长春哈尔滨呼和浩特乌鲁木齐拉萨海口三亚'.match(/.{2}/g)!;
const KINDS = ['日报', '晚报', '商报', '证券报', '财经', '经济报', '新闻网', '时报'];
const WORDS = (
  '银行 利率 市场 投资 企业 经济 发展 政策 增长 资金 股票 基金 债券 指数 板块 行业 消费 制造 科技 能源 ' +
  '新能源 汽车 电池 光伏 芯片 地产 房价 出口 进口 贸易 物流 港口 农业 粮食 价格 通胀 货币 财政 税收 就业 ' +
  '收入 居民 储蓄 贷款 信贷 融资 上市 公司 业绩 利润 营收 分红 回购 监管 改革 开放 创新 数字 平台 服务 ' +
  '医疗 医药 教育 文化 旅游 酒店 餐饮 零售 电商 直播 营商环境 项目 建设 投资额 同比 环比 季度 年度 目标'
).split(' ');

export function article(i: number): Article {
  const random = prng(i + 1);
  const pick = <T>(list: readonly T[]) => list[Math.floor(random() * list.length)]!;
  const source = `${PLACES[i % PLACES.length]}${KINDS[Math.floor(i / PLACES.length) % KINDS.length]}`;
  const day = new Date(Date.UTC(2018, 0, 1) + Math.floor(random() * 5 * 365) * 86_400_000 + Math.floor(random() * 86_400_000));
  const ymd = day.toISOString().slice(0, 10).replaceAll('-', '');
  const id = `NW${ymd}${String(i).padStart(10, '0')}`;
  const sentence = () => `${Array.from({ length: 6 + Math.floor(random() * 6) }, () => pick(WORDS)).join('')}。`;
  const paragraphs = Array.from({ length: 8 }, () => `<p>${Array.from({ length: 4 }, sentence).join('')}</p>`);
  return {
    id,
    infoCode: id,
    url: `http://finews.zning.xyz/html_News/NewsShare.html?infoCode=${id}`,
    canonicalUrl: `http://finews.zning.xyz/html_News/NewsShare.html?infoCode=${id}`,
    title: Array.from({ length: 5 }, () => pick(WORDS)).join(''),
    publishedAt: `${day.toISOString().slice(0, 19)}+08:00`,
    source,
    site: 'finews.zning.xyz',
    html: `${paragraphs.join('\n ')}<p class="em_media">（文章来源：${source}）</p>`,
    images: [],
  };
}

const db = new LibraryDb();

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? NaN;
}

/** The extension's library, and others by name (a small library beside the big one, to time both in one stretch). */
const libraries = new Map<string, LibraryDb>([['', db]]);
const library = (name = '') => {
  if (!libraries.has(name)) libraries.set(name, new LibraryDb(name));
  return libraries.get(name)!;
};

/** Saves articles from..to-1 in batches, as imports do, into the library named (the extension's by default); returns the milliseconds taken. */
async function fill(from: number, to: number, batch = 1000, name = ''): Promise<number> {
  const start = performance.now();
  for (let i = from; i < to; i += batch) {
    const articles = Array.from({ length: Math.min(batch, to - i) }, (_, k) => article(i + k));
    const outcome = await saveArticles(library(name), articles, Date.now());
    if (!outcome.ok) throw new Error(outcome.message);
  }
  return performance.now() - start;
}

/**
 * The same search in several libraries, taken in turn run after run, so
 * that a change in the machine's load (or IndexedDB compacting after a big
 * fill) falls on each alike; the median time of each, and what it found.
 */
async function compareSearch(query: string, runs: number, names: string[]): Promise<{ ms: number; found: number }[]> {
  const times = names.map(() => [] as number[]);
  const found = names.map(() => 0);
  for (const name of names) await searchArticles(library(name), query, 50); // warm
  for (let run = 0; run < runs; run++) {
    for (const [i, name] of names.entries()) {
      const start = performance.now();
      found[i] = (await searchArticles(library(name), query, 50)).length;
      times[i]!.push(performance.now() - start);
    }
  }
  return names.map((_, i) => ({ ms: median(times[i]!), found: found[i]! }));
}

(globalThis as { finewsLibraryBench?: unknown }).finewsLibraryBench = { fill, compareSearch };

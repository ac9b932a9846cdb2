/**
 * A library as version 1 stored it (the row shapes have not changed since):
 * `count` articles from finews and other sites, their bodies, tags, read
 * state, small PNG images and the settings. Deterministic, so a failure
 * names the same article on every run. Built in Node (the PNGs need zlib);
 * the result is plain JSON, ready for writeRawLibrary anywhere.
 */
import { png } from '../../scripts/bench/images-offline';
import { prng } from '../../scripts/prng';
import type { RawLibrary } from './write-raw';
import { SHAPES, type SchemaVersion } from './shapes';

/** An article row exactly as version 1 wrote it; optional fields are absent, never undefined. */
export interface V1Article {
  id: string;
  infoCode?: string;
  url: string;
  canonicalUrl: string;
  title: string;
  publishedAt?: string;
  source?: string;
  site: string;
  images: string[];
  savedAt: number;
  updatedAt: number;
  sortTime: number;
  tags: string[];
  read: boolean;
}

export interface V1Body {
  id: string;
  html: string;
}

/** An image row; `blob` is encoded for writeRawLibrary. */
export interface V1Image {
  articleId: string;
  url: string;
  type: string;
  blob: { $blob: string; type: string };
}

export interface V1Setting {
  key: string;
  value: unknown;
}

export interface OldLibrary {
  articles: V1Article[];
  bodies: V1Body[];
  images: V1Image[];
  settings: V1Setting[];
}

export const SOURCES = ['定西日报', '证券时报网', '重庆商报', '中国证券报·中证网', '上海证券报', '经济参考报', '厦门日报', '第一财经'];
export const OTHER_SITES = ['example.com', 'notes.example.org', 'finance.sina.com.cn'];
/** Tags the reader added, beside the `<source>新闻` every finews article has. */
export const USER_TAGS = ['营商', '待读 清单', 'HFO-1234yf', '<b>标签&amp;</b>'];
const WORDS = '银行 利率 市场 投资 企业 经济 发展 政策 增长 资金 股票 基金 债券 指数 板块 行业 消费 制造 科技 能源'.split(' ');

/** The code word only article `i`'s body holds: a search for it finds exactly that article. */
export const codeOf = (i: number) => String(600000 + i);

/** Articles with images: every tenth (one image), every twentieth of those two. */
export const hasImages = (i: number) => i % 10 === 3;

/**
 * The library. Kinds of article, by `i`: every tenth an article from
 * another site (no infoCode, source or publication time); every fiftieth an
 * old all-digit infoCode; the rest finews `NW…` articles, read from either
 * share host.
 */
export function oldLibrary(count = 1000): OldLibrary {
  const articles: V1Article[] = [];
  const bodies: V1Body[] = [];
  const images: V1Image[] = [];
  const base = Date.UTC(2024, 4, 1, 2, 0, 0);
  for (let i = 0; i < count; i++) {
    const random = prng(i + 7);
    const pick = <T>(list: readonly T[]) => list[Math.floor(random() * list.length)]!;
    const savedAt = base + i * 60_000;
    const updatedAt = i % 4 === 0 ? savedAt + 3_600_000 : savedAt;
    const title = `${Array.from({ length: 4 }, () => pick(WORDS)).join('')}${i % 97 === 5 ? ' <「A&B」> "引号"' : ''} 第${i}篇`;
    const userTags = USER_TAGS.filter((_, k) => i % (5 + k * 2) === k);
    const read = i % 3 === 0;
    let row: V1Article;
    if (i % 10 === 9) {
      const site = OTHER_SITES[i % OTHER_SITES.length]!;
      const url = `https://${site}/notes/${i}.html`;
      row = { id: url, url: `${url}#top`, canonicalUrl: url, title, site, images: [], savedAt, updatedAt, sortTime: savedAt, tags: userTags, read };
    } else {
      const code = i % 50 === 7 ? `2021${String(i).padStart(8, '0')}` : `NW2022${String(i).padStart(14, '0')}`;
      const day = new Date(Date.UTC(2019, 0, 1) + Math.floor(random() * 4 * 365) * 86_400_000 + Math.floor(random() * 86_400_000));
      const publishedAt = `${new Date(day.getTime() + 8 * 3_600_000).toISOString().slice(0, 19)}+08:00`;
      const source = SOURCES[i % SOURCES.length]!;
      const host = i % 2 ? 'choicewzp1.eastmoney.com' : 'finews.zning.xyz';
      const pictures = hasImages(i) ? Array.from({ length: i % 20 === 3 ? 2 : 1 }, (_, k) => `https://np-newspic.dfcfw.com/download/D${i}_${k}.png`) : [];
      row = {
        id: code,
        infoCode: code,
        url: `${i % 3 ? 'http' : 'https'}://${host}/html_News/NewsShare.html?infoCode=${code}${i % 5 ? '' : '&from=share'}`,
        canonicalUrl: `http://finews.zning.xyz/html_News/NewsShare.html?infoCode=${code}`,
        title,
        publishedAt,
        source,
        site: host,
        images: pictures,
        savedAt,
        updatedAt,
        sortTime: Date.parse(publishedAt),
        tags: [`${source}新闻`, ...userTags],
        read,
      };
      pictures.forEach((url, k) => {
        const bytes = png(3 + k, 2, [(i * 7) % 256, (i * 13) % 256, k * 100]);
        images.push({ articleId: code, url, type: 'image/png', blob: { $blob: bytes.toString('base64'), type: 'image/png' } });
      });
    }
    const paragraphs = Array.from({ length: 3 }, () => `<p>${Array.from({ length: 12 }, () => pick(WORDS)).join('')}。</p>`);
    const pictures = row.images.map((url) => `<p><img src="${url}" alt="图${i}"></p>`);
    bodies.push({ id: row.id, html: `${paragraphs[0]}${pictures.join('')}<p>证券代码${codeOf(i)}，详见公告。</p>${paragraphs.slice(1).join('')}` });
    articles.push(row);
  }
  const settings: V1Setting[] = [
    { key: 'bodyFormat', value: 'html' },
    { key: 'blogBase', value: '//blog.example.org' },
    { key: 'shareBase', value: 'https://finews.zning.xyz' },
    { key: 'backLinks', value: false },
    { key: 'slugOverrides', value: { 定西日报: 'dingxi', 重庆商报: 'chongqingshangbao' } },
  ];
  return { articles, bodies, images, settings };
}

/** The library's tables as writeRawLibrary takes them, in `version`'s shape (the base tables only). */
export function rawLibrary(library: OldLibrary, version: SchemaVersion): RawLibrary {
  return {
    shape: SHAPES[version],
    tables: {
      articles: { rows: library.articles },
      bodies: { rows: library.bodies },
      images: { rows: library.images },
      settings: { rows: library.settings },
    },
  };
}

/**
 * Generated share pages and backups for the load tests (concurrency,
 * service-worker kills): many distinct articles, each with its own small
 * images, deterministic from their number. The pages have the shape of the
 * corpus's share pages (tests/fixtures/pages/share-images), so the content
 * script reads them as real finews articles.
 */
import { createHash } from 'node:crypto';
import { backupHeader, bytesToBase64, encodeBackupLine } from '../../lib/backup/format';
import type { ArticleRecord } from '../../lib/library/records';
import { shareUrl } from '../../lib/finews/share-url';
import { tagFor } from '../../lib/finews/source-tag';
import { png } from '../../scripts/bench/images-offline';
import type { Served } from '../../scripts/chromium';

export const FINEWS = 'http://finews.zning.xyz';
export const EASTMONEY = 'https://choicewzp1.eastmoney.com';

const SOURCES = ['定西日报', '中国证券报', '上海证券报', '经济参考报', '每日经济新闻', '证券时报'];
const WORDS =
  '银行 利率 市场 投资 企业 经济 发展 政策 增长 资金 股票 基金 债券 指数 板块 行业 消费 制造 科技 能源 港口 物流 出口 贸易'.split(' ');

/** One generated article: what its page shows. */
export interface GeneratedArticle {
  code: string;
  title: string;
  source: string;
  /** As the page prints it, Beijing time. */
  time: string;
  paragraphs: string[];
  /** The images' `src` as written in the page: one on Eastmoney's photo CDN, one relative to the page. */
  images: [photo: string, chart: string];
}

/** Article number `i` (0-based), always the same. `prefix` keeps sets of articles apart. */
export function generatedArticle(i: number, prefix = 'NW2031'): GeneratedArticle {
  const code = `${prefix}${String(i).padStart(20 - prefix.length, '0')}`;
  const word = (k: number) => WORDS[(i * 7 + k * 13) % WORDS.length]!;
  const day = new Date(Date.UTC(2023, 0, 1) + i * 3_600_000 * 7);
  const time = day.toISOString().slice(0, 19).replace('T', ' ');
  const paragraphs = Array.from(
    { length: 5 },
    (_, p) =>
      `　　第${i}号样本文章第${p + 1}段：${word(p)}与${word(p + 1)}方面的最新情况显示，相关${word(p + 2)}${word(p + 3)}保持稳定，` +
      `业内人士认为后续${word(p + 4)}仍有改善空间，市场关注${word(p + 5)}的进一步变化。`,
  );
  return {
    code,
    title: `样本文章第${i}号 ${word(0)}${word(1)}观察`,
    source: SOURCES[i % SOURCES.length]!,
    time,
    paragraphs,
    images: [`https://np-newspic.dfcfw.com/download/D${code}_photo.png`, `images/${code}-chart.png`],
  };
}

/** The share page's address on `origin`. */
export function pageUrl(article: Pick<GeneratedArticle, 'code'>, origin: string = FINEWS): string {
  return `${origin}/html_News/NewsShare.html?infoCode=${article.code}`;
}

/** The images' absolute addresses for the page read at `url`. */
export function imageUrls(article: GeneratedArticle, url: string): string[] {
  return article.images.map((src) => new URL(src, url).href);
}

export function sharePageHtml(article: GeneratedArticle, extraParagraphs: string[] = []): string {
  const [photo, chart] = article.images;
  const body = [
    `<p>${article.paragraphs[0]}</p>`,
    `<center><img src="${photo}" alt="现场图片" style="width:690px;" /></center>`,
    ...article.paragraphs.slice(1, 3).map((p) => `<p>${p}</p>`),
    `<p style="text-align:center;"><img src="${chart}" alt="走势图"></p>`,
    ...article.paragraphs.slice(3).map((p) => `<p>${p}</p>`),
    ...extraParagraphs.map((p) => `<p>${p}</p>`),
    `<p class="em_media">（文章来源：${article.source}）</p>`,
  ];
  return `<!DOCTYPE html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<title>${article.title}</title>
</head>
<body>
<div class="app-bar" id="appBar"><div class="app-slogan"><strong>东方财富</strong> <span>财经资讯 一手掌握</span></div></div>
<div class="news-main">
  <div class="news-head">
    <h1 class="news-title" id="newsTitle">${article.title}</h1>
    <div class="news-info"><span class="news-time" id="newsTime">${article.time}</span><span class="news-source" id="newsSource">来源：${article.source}</span></div>
  </div>
  <div class="news-body" id="ContentBody">
${body.join('\n')}
  </div>
  <div class="news-statement"><p>郑重声明：东方财富网发布此信息的目的在于传播更多信息，与本站立场无关，不构成投资建议。据此操作，风险自担。</p></div>
</div>
</body>
</html>`;
}

/** A small PNG of its own for image `k` of article `i`: no two share their bytes. */
export function imageBytes(i: number, k: number): Buffer {
  return png(3 + (i % 11) + k * 11, 2 + ((i >> 3) % 13), [i % 251, (i * 37 + k * 101) % 256, k ? 200 : 40]);
}

export function sha256(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** Serves the article's page at `url`, and its images (as seen from that page) with their own bytes. */
export function serveArticle(sites: Map<string, Served>, i: number, article: GeneratedArticle, url: string, image: Partial<Served> = {}): void {
  sites.set(url, { body: sharePageHtml(article), contentType: 'text/html; charset=utf-8' });
  imageUrls(article, url).forEach((address, k) => sites.set(address, { body: imageBytes(i, k), contentType: 'image/png', ...image }));
}

/** The row the library keeps for generated article `i` as a backup holds it. */
export function backupRecord(article: GeneratedArticle, savedAt: number): ArticleRecord {
  const url = pageUrl(article);
  const publishedAt = `${article.time.replace(' ', 'T')}+08:00`;
  return {
    id: article.code,
    infoCode: article.code,
    url,
    canonicalUrl: shareUrl(article.code),
    title: article.title,
    publishedAt,
    source: article.source,
    site: new URL(url).hostname,
    images: [],
    savedAt,
    updatedAt: savedAt,
    sortTime: Date.parse(publishedAt),
    tags: [tagFor(article.source)],
    read: false,
  };
}

/** A backup file (JSON Lines) of `count` generated articles, plus `extra` lines placed among them. */
export function backupFile(count: number, prefix: string, savedAt: number, extra: { at: number; lines: string[] } = { at: 0, lines: [] }): string {
  const lines = [backupHeader(new Date(savedAt))];
  for (let i = 0; i < count; i++) {
    if (i === extra.at) lines.push(...extra.lines);
    const article = generatedArticle(i, prefix);
    lines.push(encodeBackupLine({ kind: 'article', record: backupRecord(article, savedAt), html: article.paragraphs.map((p) => `<p>${p}</p>`).join('') }));
  }
  return `${lines.join('\n')}\n`;
}

/** A backup line of an image, for `backupFile`'s extra lines. */
export function backupImageLine(articleId: string, url: string, bytes: Uint8Array): string {
  return encodeBackupLine({ kind: 'image', articleId, url, type: 'image/png', data: bytesToBase64(bytes) });
}

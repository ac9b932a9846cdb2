import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { postFor } from '../../lib/export/post/post';
import { DEFAULT_EXPORT_SETTINGS } from '../../lib/export/settings';
import { categorySlug, tagFor } from '../../lib/export/post/slug';
import type { ArticleRecord } from '../../lib/library/records';
import { prng } from '../../scripts/prng';


const PIECES = [
  '"', "'", ':', ': ', ' #', '#', '&', '&amp;', '&lt;', '<', '>', '<script>', '%', '\\', '\\n', '\\"', '“', '”', '：', '，', '！', '（', '）',
  '😀', '🇨🇳', '👨‍👩‍👧', '\n', '\t', '\r\n', ' ', '  ', '---', '...', '{{', '}}', '{%', '%}', '- ', '? ', '!', '|', '*', '[', ']', '{', '}',
  ',', '@', '`', '\u2028', '\u0085', '\ufeff', '\u00a0', '\u3000', '\0', '\x1b', '\x7f', 'yes', 'null', '~', '123', '0x1F', '2022-02-10',
  '定西', '日报', '重庆', '股', 'A股', 'ST', 'abc', 'Hello World', '=', '<<', '&anchor', '*alias', '!!str',
];

function pick<T>(rand: () => number, list: readonly T[]): T {
  return list[Math.floor(rand() * list.length)]!;
}

function hostileText(rand: () => number, maxPieces: number): string {
  let text = '';
  const n = 1 + Math.floor(rand() * maxPieces);
  for (let i = 0; i < n; i++) text += pick(rand, PIECES);
  if (rand() < 0.2) text = ` ${text}`;
  if (rand() < 0.2) text = `${text} `;
  return text;
}

/** Undoes printedEntities: what the blog shows for a title, category or tag. */
function decodePrinted(text: string): string {
  return text.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
}

function frontMatterOf(content: string): string {
  expect(content.startsWith('---\n')).toBe(true);
  const end = content.indexOf('\n---\n', 4);
  expect(end).toBeGreaterThan(0);
  return content.slice(4, end + 1);
}

describe('front matter fuzz', () => {
  it('parses back exactly for 1,000 hostile titles and sources', () => {
    const rand = prng(20220210);
    for (let i = 0; i < 1000; i++) {
      const title = hostileText(rand, 12);
      const source = rand() < 0.5 ? pick(rand, ['定西日报', '21世纪经济报道', '安信国际证券(香港)']) : hostileText(rand, 4);
      const ms = Date.UTC(1990, 0, 1) + Math.floor(rand() * 40 * 365 * 86_400_000);
      const article: ArticleRecord & { html: string } = {
        id: `NW${i}`,
        infoCode: `NW${String(i).padStart(18, '0')}`,
        url: 'http://finews.zning.xyz/html_News/NewsShare.html',
        canonicalUrl: 'http://finews.zning.xyz/html_News/NewsShare.html',
        title,
        publishedAt: new Date(ms).toISOString(),
        source,
        site: 'finews.zning.xyz',
        images: [],
        savedAt: ms,
        updatedAt: ms,
        sortTime: ms,
        tags: [],
        read: false,
        html: '<p>正文</p>',
      };
      const { content } = postFor(article, { ...DEFAULT_EXPORT_SETTINGS, bodyFormat: i % 2 ? 'html' : 'markdown' });
      const yamlText = frontMatterOf(content);
      const context = JSON.stringify({ i, title, source });

      // Every value stays on its own line: exactly the blog's five lines.
      expect(yamlText.split('\n').length, context).toBe(5 + 1);

      const cst = new Date(ms + 8 * 3_600_000).toISOString();
      const stamp = `${cst.slice(0, 10)} ${cst.slice(11, 19)} +0800`;
      for (const options of [{ schema: 'core' as const }, { version: '1.1' as const }]) {
        const fm = parse(yamlText, options) as Record<string, unknown>;
        expect(Object.keys(fm), context).toEqual(['layout', 'title', 'date', 'categories', 'tags']);
        expect(fm.layout).toBe('post');
        expect(typeof fm.title === 'string' ? decodePrinted(fm.title) : fm.title, context).toBe(title);
        // A YAML 1.1 reader (Jekyll's Psych) may read the date as a timestamp.
        const date = fm.date instanceof Date ? fm.date.getTime() : fm.date;
        expect(date, context).toBe(fm.date instanceof Date ? Math.floor(ms / 1000) * 1000 : stamp);
        expect(typeof fm.categories === 'string' ? decodePrinted(fm.categories) : fm.categories, context).toBe(categorySlug(source));
        expect(typeof fm.tags === 'string' ? decodePrinted(fm.tags) : fm.tags, context).toBe(tagFor(source));
        for (const field of [fm.title, fm.categories, fm.tags]) expect(field, context).not.toMatch(/[<>]/);
      }
    }
  });
});

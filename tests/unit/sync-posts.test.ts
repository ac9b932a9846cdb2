// The blog's posts read back as articles: a post the export could have written comes back out byte for byte.
import 'fake-indexeddb/auto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { zipSync, strToU8 } from 'fflate';
import { describe, expect, it } from 'vitest';
import { DEFAULT_EXPORT_SETTINGS, postFor } from '../../lib/export/post/post';
import { importPostFiles, postFilesFromZip } from '../../lib/sync/import-posts';
import { articleFromPost } from '../../lib/sync/posts';
import { testArticle, useFreshDbs } from './helpers';
import { recordFor } from '../../lib/library/articles';

const SEED = join(__dirname, '..', 'fixtures', 'posts', 'seed');
const NAME = '2022-02-10-NW202202102271830933.md';
const read = (file: string) => readFileSync(join(SEED, file), 'utf8');

describe('a post of the blog read back', () => {
  it.each([
    ['expected.md', 'markdown'],
    ['expected-html.md', 'html'],
  ] as const)('%s: title, time, source and infoCode from the post; exported again byte for byte', (file, bodyFormat) => {
    const text = read(file);
    const article = articleFromPost(NAME, text);
    if ('skipped' in article) throw new Error(article.skipped);
    expect(article.record).toMatchObject({
      id: 'NW202202102271830933',
      infoCode: 'NW202202102271830933',
      title: '定西:以高质量监督助力优化营商环境',
      publishedAt: '2022-02-10T08:10:19+08:00',
      source: '定西日报',
      tags: ['定西日报新闻'],
    });
    expect(postFor({ ...article.record, html: article.html }, { ...DEFAULT_EXPORT_SETTINGS, bodyFormat }).content).toBe(text);
  });

  it('any article the export writes reads back to the same post (Liquid, entities, images)', () => {
    const html = '<p>价格 {{ x }} 与 {% raw %} 标记</p><p><img src="https://np-newspic.dfcfw.com/a.png" alt="图"></p><p>A &amp; B &lt; C</p>';
    const record = recordFor(testArticle('NW202205300000000001', { title: '<b>标题</b> & "引号"', html }), undefined, 1000);
    for (const bodyFormat of ['markdown', 'html'] as const) {
      const post = postFor({ ...record, html }, { ...DEFAULT_EXPORT_SETTINGS, bodyFormat });
      const back = articleFromPost(post.fileName, post.content);
      if ('skipped' in back) throw new Error(back.skipped);
      expect(back.record.title).toBe(record.title);
      expect(postFor({ ...back.record, html: back.html }, { ...DEFAULT_EXPORT_SETTINGS, bodyFormat }).content).toBe(post.content);
    }
  });

  it('cleans the body with the allow-list and refuses what is not a finews post', () => {
    const hostile = `---\nlayout: post\ntitle: "x"\ndate: 2022-02-10 08:10:19 +0800\ntags: 定西日报新闻\n---\n<p onclick="alert(1)">a</p><script>alert(2)</script><a href="javascript:alert(3)">b</a>\n`;
    const back = articleFromPost('2022-02-10-NW202202100000000001.md', hostile);
    if ('skipped' in back) throw new Error(back.skipped);
    expect(back.html).not.toMatch(/onclick|<script|javascript:/);
    expect(articleFromPost('../2022-02-10-NW202202100000000001.md', hostile)).toHaveProperty('skipped');
    expect(articleFromPost('2022-02-10-my-notes.md', hostile)).toHaveProperty('skipped');
    expect(articleFromPost('2022-02-10-NW202202100000000001.md', 'no front matter')).toHaveProperty('skipped');
  });
});

describe('importing a folder or a zip of _posts (no server)', () => {
  const fresh = useFreshDbs('import-posts');

  it('adds the articles the library lacks, leaves the ones it has, and reads zips whatever their folders', async () => {
    const db = await fresh();
    const zip = zipSync({
      'blog/_posts/2022-02-10-NW202202102271830933.md': strToU8(read('expected.md')),
      'blog/_posts/notes.txt': strToU8('not a post'),
      'blog/about.md': strToU8('---\ntitle: about\n---\n'),
    });
    const files = postFilesFromZip(zip);
    expect(files.map((f) => f.name)).toEqual(['blog/_posts/2022-02-10-NW202202102271830933.md']);
    const first = await importPostFiles(db, files);
    expect(first.imported).toEqual(['NW202202102271830933']);
    await db.articles.update('NW202202102271830933', { read: true });
    const again = await importPostFiles(db, [{ name: NAME, text: read('expected-html.md') }]);
    expect(again.imported).toEqual([]);
    expect((await db.articles.get('NW202202102271830933'))?.read).toBe(true);
  });
});

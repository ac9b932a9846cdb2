import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const PAGES = join(ROOT, 'tests/fixtures/pages');
const POSTS = join(ROOT, 'tests/fixtures/posts');
const temp = mkdtempSync(join(tmpdir(), 'finews-cli-'));
afterAll(() => rmSync(temp, { recursive: true, force: true }));

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs scripts/post.ts the way `npm run post` does (tsx), from the repository root. */
function post(...args: string[]): Promise<Run> {
  return new Promise((done) => {
    execFile(process.execPath, ['--import', 'tsx', 'scripts/post.ts', ...args], { cwd: ROOT, encoding: 'utf8' }, (error, stdout, stderr) => {
      done({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout, stderr });
    });
  });
}

const page = (slug: string) => ({
  file: join(PAGES, slug, 'source.html'),
  url: readFileSync(join(PAGES, slug, 'url.txt'), 'utf8').trim(),
});

describe('scripts/post.ts', { timeout: 60_000 }, () => {
  it('prints the post of a saved share page (HTML mode: the seed, byte for byte)', async () => {
    const { file, url } = page('seed-share');
    const run = await post(file, '--url', url, '--body', 'html');
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toBe(readFileSync(join(POSTS, 'seed/expected-html.md'), 'utf8'));
  });

  it('prints Markdown by default', async () => {
    const { file, url } = page('seed-share');
    const run = await post(file, '--url', url);
    expect(run.code).toBe(0);
    expect(run.stdout).toBe(readFileSync(join(POSTS, 'seed/expected.md'), 'utf8'));
  });

  it('refuses a page that is not an article with exit code 2', async () => {
    const notArticle = existsSync(join(PAGES, 'not-article', 'source.html'))
      ? page('not-article')
      : { file: join(POSTS, 'cli/not-article.html'), url: 'https://news.example.com/list.html' };
    const run = await post(notArticle.file, '--url', notArticle.url);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(/^post: .+\.html: .+\n$/);
  });

  it.each([
    [[]],
    [['page.html']],
    [['page.html', '--url', 'not a url']],
    [['page.html', '--url', 'https://a.example/', '--body', 'pdf']],
    [['--backup', 'x.jsonl']],
    [['--bogus']],
  ])('prints usage and exits 1 for bad arguments %j', async (args) => {
    const run = await post(...args);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('usage:');
  });

  it('writes every post of a backup into <dir>/_posts, none overwriting another', async () => {
    const out = join(temp, 'blog');
    const run = await post('--backup', join(POSTS, 'cli/backup.jsonl'), '--out', out);
    expect(run.code).toBe(0);
    expect(run.stderr).toBe(`wrote 4 posts to ${join(out, '_posts')}\n`);
    expect(readdirSync(out)).toEqual(['_posts']);
    const expected = (slug: string) => readFileSync(join(POSTS, slug, 'expected.md'), 'utf8');
    const read = (name: string) => readFileSync(join(out, '_posts', name), 'utf8');
    expect(readdirSync(join(out, '_posts')).sort()).toEqual([
      '2022-02-10-NW202202102271830933-2.md',
      '2022-02-10-NW202202102271830933.md',
      '2022-03-15-NW202203152318765432.md',
      '2022-04-01-yangxing-baochiliudongxinghelichongyu.md',
    ]);
    expect(read('2022-02-10-NW202202102271830933.md')).toBe(expected('seed'));
    expect(read('2022-02-10-NW202202102271830933-2.md')).toBe(expected('seed'));
    expect(read('2022-03-15-NW202203152318765432.md')).toBe(expected('table-image'));
    expect(read('2022-04-01-yangxing-baochiliudongxinghelichongyu.md')).toBe(expected('other-site'));
  });

  it('refuses a corrupt backup with the line number and writes nothing', async () => {
    const out = join(temp, 'corrupt', 'blog');
    const run = await post('--backup', join(POSTS, 'cli/corrupt-backup.jsonl'), '--out', out);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/corrupt-backup\.jsonl: line 5: record "savedAt" must be a number\n$/);
    expect(existsSync(join(temp, 'corrupt'))).toBe(false);
  });

  it('leaves an existing folder as it was when the backup is corrupt', async () => {
    const out = join(temp, 'existing');
    expect((await post('--backup', join(POSTS, 'cli/backup.jsonl'), '--out', out)).code).toBe(0);
    const before = readdirSync(join(out, '_posts')).sort();
    const run = await post('--backup', join(POSTS, 'cli/corrupt-backup.jsonl'), '--out', out);
    expect(run.code).toBe(2);
    expect(readdirSync(out)).toEqual(['_posts']);
    expect(readdirSync(join(out, '_posts')).sort()).toEqual(before);
  });

  it('dates a share page that shows no time by its infoCode, warns on stderr, and exits 0', async () => {
    const code = 'NW202205302350000001';
    const file = join(temp, 'no-time.html');
    writeFileSync(
      file,
      '<html><head><meta charset="utf-8"><title>没有时间的文章_东方财富</title></head><body><h2>没有时间的文章</h2>' +
        '<div><p>　　第一段正文，讲述了央行开展公开市场操作的情况，市场流动性保持合理充裕。</p><p>　　第二段正文。</p><p>　　第三段。</p>' +
        '<p class="em_media">（文章来源：证券时报）</p></div></body></html>',
    );
    const run = await post(file, '--url', `http://finews.zning.xyz/html_News/NewsShare.html?infoCode=${code}`);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('\ntitle: "没有时间的文章"\ndate: 2022-05-30 00:00:00 +0800\n');
    expect(run.stdout).not.toContain(new Date().toISOString().slice(0, 10));
    expect(run.stderr).toMatch(/^post: warning: .*no-time\.html: the page shows no publication time; .*2022-05-30 00:00:00 \+0800\)\n$/);
  });

  it('refuses a page from another site that shows no date, naming it, with exit code 2', async () => {
    const file = join(temp, 'undated.html');
    writeFileSync(
      file,
      '<html><head><meta charset="utf-8"><title>Undated story</title></head><body><article><h1>Undated story</h1>' +
        `<p>${'A paragraph of plain article text that goes on for a while. '.repeat(8)}</p>` +
        `<p>${'Another paragraph with more words in it to read. '.repeat(8)}</p></article></body></html>`,
    );
    const run = await post(file, '--url', 'https://news.example.com/undated.html');
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(/^post: .*undated\.html: "Undated story" has no publication date: set one in the reader/);
  });
});

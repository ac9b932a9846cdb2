/**
 * Jekyll posts from the command line, with the same code the extension uses.
 *
 *   post <page.html> --url <address> [--body markdown|html]
 *       Prints the post for a saved page (read as if it were at <address>).
 *   post --backup <file> --out <dir> [--body markdown|html]
 *       Writes every article of a backup into <dir>/_posts/.
 *
 * Exit codes: 0 done, 1 bad arguments, 2 the input was refused (the page is
 * not an article, the backup is corrupt or foreign, or a post has no date:
 * a backup's other posts are still written). A page that shows no time is
 * dated by its infoCode's day, with a warning on stderr, and exits 0.
 */
import { createReadStream } from 'node:fs';
import { mkdir, mkdtemp, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { BackupError, readBackup } from '../lib/backup/format';
import { decodePage } from '../lib/finews/decode-page';
import { UniqueNames } from '../lib/export/post/file-name';
import { postFor, UndatedPostError, type Post } from '../lib/export/post/post';
import { recordFor } from '../lib/library/articles';
import { DEFAULT_EXPORT_SETTINGS, type ExportSettings } from '../lib/export/settings';
import type { ArticleRecord } from '../lib/library/records';

const USAGE = `usage:
  post <page.html> --url <address> [--body markdown|html]
  post --backup <file> --out <dir> [--body markdown|html]`;

class UsageError extends Error {}
class RefusedError extends Error {}

async function main(argv: string[]): Promise<void> {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        url: { type: 'string' },
        body: { type: 'string' },
        backup: { type: 'string' },
        out: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const { values, positionals } = parsed;
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  const body = values.body ?? 'markdown';
  if (body !== 'markdown' && body !== 'html') throw new UsageError(`--body must be markdown or html, not "${body}"`);
  const settings: ExportSettings = { ...DEFAULT_EXPORT_SETTINGS, bodyFormat: body };

  if (values.backup !== undefined || values.out !== undefined) {
    if (!values.backup || !values.out) throw new UsageError('--backup and --out go together');
    if (positionals.length || values.url !== undefined) throw new UsageError('--backup takes no page or --url');
    await exportBackup(values.backup, values.out, settings);
    return;
  }
  if (positionals.length !== 1) throw new UsageError('give one page file');
  if (!values.url) throw new UsageError('--url is required: the address the page was saved from');
  try {
    new URL(values.url);
  } catch {
    throw new UsageError(`--url is not an absolute address: ${values.url}`);
  }
  process.stdout.write(await postForPage(positionals[0]!, values.url, settings));
}

async function postForPage(file: string, url: string, settings: ExportSettings): Promise<string> {
  // Decoded by its own declaration, as the browser read it: pages from GBK sites too.
  const html = decodePage(await readFile(file));
  // Loaded only here: the backup mode needs neither jsdom nor the extractor.
  const [{ JSDOM }, { extractArticle }] = await Promise.all([import('jsdom'), import('../lib/extract/index')]);
  const dom = new JSDOM(html, { url });
  try {
    const result = extractArticle(dom.window.document, url);
    if (!result.ok) throw new RefusedError(`${file}: ${result.message}`);
    // The record the extension would store on a first save.
    const record = { ...recordFor(result.article, undefined, Date.now()), html: result.article.html };
    const post = postOrRefusal(record, settings, file);
    if (!post.timeKnown) warn(`${file}: ${timeUnknown(post)}`);
    return post.content;
  } finally {
    dom.window.close();
  }
}

/**
 * Writes into a fresh folder inside <dir> first and moves the posts into
 * <dir>/_posts only once the whole backup has been read, so a corrupt
 * backup leaves <dir> as it was.
 */
async function exportBackup(file: string, outDir: string, settings: ExportSettings): Promise<void> {
  // The first folder this call creates, if any: removed again on failure.
  const created = await mkdir(outDir, { recursive: true });
  const staging = await mkdtemp(join(outDir, '.posts-'));
  const names = new UniqueNames();
  const refused: string[] = [];
  let count = 0;
  let done = false;
  try {
    const input = createReadStream(file, { encoding: 'utf8' });
    const lines = createInterface({ input, crlfDelay: Infinity });
    try {
      for await (const item of readBackup(lines)) {
        if (item.kind !== 'article') continue;
        let post: Post;
        try {
          post = postFor({ ...item.record, html: item.html }, settings);
        } catch (error) {
          if (!(error instanceof UndatedPostError)) throw error;
          refused.push(`${error.message} (${error.articleId})`);
          continue;
        }
        if (!post.timeKnown) warn(`"${item.record.title}" (${item.record.id}): ${timeUnknown(post)}`);
        await writeFile(join(staging, names.take(post.fileName)), post.content);
        count++;
      }
    } finally {
      lines.close();
      input.destroy();
    }
    const target = join(outDir, '_posts');
    await mkdir(target, { recursive: true });
    for (const name of await readdir(staging)) await rename(join(staging, name), join(target, name));
    done = true;
  } catch (error) {
    if (error instanceof BackupError) throw new RefusedError(`${file}: ${error.message}`);
    throw error;
  } finally {
    await rm(done || !created ? staging : created, { recursive: true, force: true });
  }
  process.stderr.write(`wrote ${count} post${count === 1 ? '' : 's'} to ${join(outDir, '_posts')}\n`);
  // The others are written; the ones without a date are named, and the exit code says something was left out.
  if (refused.length) throw new RefusedError(`left out ${refused.length} post${refused.length === 1 ? '' : 's'}:\n  ${refused.join('\n  ')}`);
}

function postOrRefusal(record: ArticleRecord & { html: string }, settings: ExportSettings, file: string): Post {
  try {
    return postFor(record, settings);
  } catch (error) {
    if (error instanceof UndatedPostError) throw new RefusedError(`${file}: ${error.message}`);
    throw error;
  }
}

function timeUnknown(post: Post): string {
  const day = post.fileName.slice(0, 10);
  return `the page shows no publication time; the post is dated by its infoCode's day (${day} 00:00:00 +0800)`;
}

function warn(text: string): void {
  process.stderr.write(`post: warning: ${text}\n`);
}

main(process.argv.slice(2)).catch((error: unknown) => {
  if (error instanceof UsageError) {
    process.stderr.write(`post: ${error.message}\n${USAGE}\n`);
    process.exitCode = 1;
  } else if (error instanceof RefusedError) {
    process.stderr.write(`post: ${error.message}\n`);
    process.exitCode = 2;
  } else {
    process.stderr.write(`post: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  }
});

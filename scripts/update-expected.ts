/**
 * Regenerates tests/fixtures/pages/<slug>/expected.json from the current extractor:
 * `npx tsx scripts/update-expected.ts [slug…]`. Review the diff before committing it:
 * every change of an expectation is a change of what users get.
 * Pages are loaded exactly as the unit test loads them (jsdom at url.txt, the
 * GetNewsText body inserted where the page's loader script puts it, `#newsContent`).
 */
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { JSDOM } from 'jsdom';
import { extractArticle } from '../lib/extract/index';

const PAGES = path.resolve(import.meta.dirname, '..', 'tests', 'fixtures', 'pages');

const only = process.argv.slice(2);
for (const slug of readdirSync(PAGES).sort()) {
  const dir = path.join(PAGES, slug);
  if (!existsSync(path.join(dir, 'url.txt')) || (only.length && !only.includes(slug))) continue;
  const url = readFileSync(path.join(dir, 'url.txt'), 'utf8').trim();
  const dom = new JSDOM(readFileSync(path.join(dir, 'source.html'), 'utf8'), { url });
  const newsText = path.join(dir, 'GetNewsText.json');
  if (existsSync(newsText)) {
    const data = JSON.parse(readFileSync(newsText, 'utf8')) as { text?: string; content?: string };
    // Where the page's own loader script puts it.
    const box = dom.window.document.getElementById('newsContent');
    if (!box) throw new Error(`${slug}: no #newsContent container for the GetNewsText body`);
    box.innerHTML = data.text ?? data.content ?? '';
  }
  const result = extractArticle(dom.window.document, url);
  writeFileSync(path.join(dir, 'expected.json'), `${JSON.stringify(result, null, 2)}\n`);
  const summary = result.ok ? `${result.article.title} (${result.article.html.length} chars)` : result.reason;
  console.log(`${slug}: ${summary}`);
  dom.window.close();
}

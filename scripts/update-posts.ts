/**
 * Regenerates the golden posts in tests/fixtures/posts from their
 * article.json (and settings.json). Review the diff by eye before keeping it:
 * the tests trust these files.
 *
 *   npx tsx scripts/update-posts.ts
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { postFor } from '../lib/export/post/post';
import { AUTHORITATIVE, loadPostFixtures, OUTPUTS, POSTS_DIR } from '../tests/fixtures/posts/fixtures';

let changed = 0;
for (const fixture of loadPostFixtures()) {
  for (const { file, bodyFormat } of OUTPUTS) {
    const path = join(fixture.dir, file);
    const name = relative(POSTS_DIR, path).split('\\').join('/');
    const { content } = postFor(fixture.article, { ...fixture.settings, bodyFormat });
    let before: string | undefined;
    try {
      before = readFileSync(path, 'utf8');
    } catch {
      before = undefined;
    }
    if (AUTHORITATIVE.has(name)) {
      if (before !== content) console.warn(`! ${name} is the blog's own post and differs from the export; left as is`);
      continue;
    }
    if (before === content) continue;
    writeFileSync(path, content);
    changed++;
    console.log(`${before === undefined ? 'created' : 'updated'} ${name}`);
  }
}
console.log(changed ? `${changed} file(s) written` : 'all golden posts up to date');

import { render } from 'preact';
import { ExportProgress, type Props } from '../../components/ExportProgress';
import { t } from '../../components/i18n';
import { saveFile } from '../../components/save-file';
import { LibraryDb } from '../../lib/db';
import { idsInScope, libraryPosts, scopeFromQuery, zipFileName } from '../../lib/export-library';
import type { Post } from '../../lib/export/post';
import { zipPosts } from '../../lib/export/zip';
import { countArticles } from '../../lib/library';
import { getSettings } from '../../lib/settings';
import './style.css';

// Exports run in their own tab, not in the popup: a popup closes when it
// loses focus, and a library of years takes a while to zip.
const root = document.getElementById('app')!;
const show = (props: Props) => render(<ExportProgress {...props} />, root);

async function run(): Promise<void> {
  const db = new LibraryDb();
  const scope = scopeFromQuery(location.search);
  const [settings, ids] = await Promise.all([getSettings(db), idsInScope(db, scope)]);
  const total = ids?.length ?? (await countArticles(db));
  if (total === 0) return show({ done: 0, total: 0, error: t('exportNothing') });
  let done = 0;
  show({ done, total });
  async function* counted(posts: AsyncIterable<Post>) {
    for await (const post of posts) {
      yield post;
      done++;
      if (done % 50 === 0) show({ done, total });
    }
  }
  // The zip's pieces are kept as they come and joined once, by the Blob.
  const parts: Uint8Array<ArrayBuffer>[] = [];
  await zipPosts(counted(libraryPosts(db, settings, ids)), (chunk) => {
    parts.push(chunk as Uint8Array<ArrayBuffer>);
  });
  const fileName = zipFileName(new Date());
  saveFile(new Blob(parts, { type: 'application/zip' }), fileName);
  show({ done, total, fileName });
}

run().catch((error: unknown) => show({ done: 0, total: 0, error: t('exportFailed', String(error)) }));

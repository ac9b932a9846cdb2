import { render } from 'preact';
import { downloadPost } from '../../components/download-post';
import { t } from '../../components/i18n';
import { ReaderView } from '../../components/ReaderView';
import { LibraryDb } from '../../lib/db';
import { postForId } from '../../lib/export-library';
import { sanitizeHtml } from '../../lib/extract/sanitize';
import { getBody } from '../../lib/library';
import { getSettings } from '../../lib/settings';
import './style.css';

const db = new LibraryDb();
const root = document.getElementById('app')!;

async function show(): Promise<void> {
  const id = new URLSearchParams(location.search).get('id') ?? '';
  const [article, html] = await Promise.all([db.articles.get(id), getBody(db, id)]);
  if (!article) {
    render(<p class="not-found" data-testid="reader-not-found">{t('readerNotFound')}</p>, root);
    return;
  }
  document.title = article.title;
  const onExport = async () => {
    const post = await postForId(db, id, await getSettings(db));
    if (post) downloadPost(post);
  };
  render(<ReaderView article={article} safeHtml={sanitizeHtml(window, html ?? '')} onExport={() => void onExport()} />, root);
}

document.documentElement.lang = navigator.language;
void show();

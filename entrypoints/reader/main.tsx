import { render } from 'preact';
import { useState } from 'preact/hooks';
import { downloadPost } from '../../lib/platform/download-post';
import { t } from '../../lib/platform/i18n';
import { ReaderView } from '../../components/ReaderView';
import { LibraryDb, openFailureReason } from '../../lib/library/db';
import { bodyForDisplay } from '../../lib/html/display-body';
import { postForId } from '../../lib/export/read-library';
import { storedImages, withStoredImages } from '../../lib/library/images';
import { getBody } from '../../lib/library/articles';
import type { ArticleRecord } from '../../lib/library/records';
import { getSettings } from '../../lib/library/settings';
import { loadTextStep, moveTextStep, saveTextStep, TEXT_SIZES } from './text-size';
import './style.css';

const db = new LibraryDb();
const root = document.getElementById('app')!;

function Reader({ article, bodyHtml }: { article: ArticleRecord; bodyHtml: string }) {
  const [step, setStep] = useState(loadTextStep);
  const resize = (delta: number) => {
    const next = moveTextStep(step, delta);
    saveTextStep(next);
    setStep(next);
  };
  const onExport = async () => {
    const post = await postForId(db, article.id, await getSettings(db));
    if (post) downloadPost(post);
  };
  return (
    <ReaderView
      article={article}
      bodyHtml={bodyHtml}
      textSize={TEXT_SIZES[step]!}
      canShrink={step > 0}
      canGrow={step < TEXT_SIZES.length - 1}
      onSmaller={() => resize(-1)}
      onLarger={() => resize(1)}
      onExport={() => void onExport()}
    />
  );
}

async function show(): Promise<void> {
  const id = new URLSearchParams(location.search).get('id') ?? '';
  const [article, html, images] = await Promise.all([db.articles.get(id), getBody(db, id), storedImages(db, id)]);
  if (!article) {
    render(<p class="not-found" data-testid="reader-not-found">{t('readerNotFound')}</p>, root);
    return;
  }
  document.title = article.title;
  // Local addresses for the saved copies; they live as long as this page.
  const local = new Map(images.map((image) => [image.url, URL.createObjectURL(image.blob)]));
  const bodyHtml = withStoredImages(window, bodyForDisplay(window, html ?? ''), (url) => local.get(url), {
    notice: t('imageNotSaved'),
    link: t('imageOpenOriginal'),
  });
  render(<Reader article={article} bodyHtml={bodyHtml} />, root);
}

document.documentElement.lang = navigator.language;
show().catch((error: unknown) => {
  // A library that could not be upgraded is left as it was: say so, rather than show nothing.
  const reason = openFailureReason(error) ?? (error instanceof Error ? error.message : String(error));
  render(<p class="not-found" role="alert" data-testid="reader-error">{t('libraryOpenFailed', reason)}</p>, root);
});

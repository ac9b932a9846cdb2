import { render } from 'preact';
import { useState } from 'preact/hooks';
import { ReaderView } from '../../components/ReaderView';
import { UndatedPostError } from '../../lib/export/post/date';
import { postForId } from '../../lib/export/read-library';
import type { EditRequest } from '../../lib/finews/edits';
import { bodyForDisplay } from '../../lib/html/display-body';
import { getBody, storageFailure } from '../../lib/library/articles';
import { LibraryDb, openFailureReason } from '../../lib/library/db';
import { storedImages, withStoredImages } from '../../lib/library/images';
import { editArticle, EditError } from '../../lib/library/manage';
import type { ArticleRecord } from '../../lib/library/records';
import { getSettings } from '../../lib/library/settings';
import { downloadPost } from '../../lib/platform/download-post';
import { failureKey, t } from '../../lib/platform/i18n';
import { loadTextStep, moveTextStep, saveTextStep, TEXT_SIZES } from './text-size';
import './style.css';
import './edit.css';

const db = new LibraryDb();
const root = document.getElementById('app')!;

const EDIT_PROBLEM_KEYS = { title: 'editInvalidTitle', time: 'editInvalidTime', source: 'editInvalidSource' } as const;

function Reader({ article: saved, bodyHtml }: { article: ArticleRecord; bodyHtml: string }) {
  const [article, setArticle] = useState(saved);
  const [exportError, setExportError] = useState<string>();
  const [step, setStep] = useState(loadTextStep);
  const resize = (delta: number) => {
    const next = moveTextStep(step, delta);
    saveTextStep(next);
    setStep(next);
  };
  const onExport = async () => {
    setExportError(undefined);
    try {
      const post = await postForId(db, article.id, await getSettings(db));
      if (post) downloadPost(post);
    } catch (error) {
      if (!(error instanceof UndatedPostError)) throw error;
      setExportError(t('exportUndatedOne', article.title));
    }
  };
  const onEdit = async (request: EditRequest) => {
    try {
      const next = await editArticle(db, article.id, request, Date.now());
      setArticle(next);
      setExportError(undefined);
      document.title = next.title;
      return undefined;
    } catch (error) {
      if (error instanceof EditError) return t(EDIT_PROBLEM_KEYS[error.problem]);
      return t('editFailed', t(failureKey(storageFailure(error).reason)));
    }
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
      onEdit={onEdit}
      exportError={exportError}
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

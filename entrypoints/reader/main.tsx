import { render } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { browser } from 'wxt/browser';
import { ReaderActions } from '../../components/ReaderActions';
import { ReaderView } from '../../components/ReaderView';
import type { EditRequest } from '../../lib/finews/edits';
import { bodyForDisplay } from '../../lib/html/display-body';
import { LibraryDb, openFailureReason } from '../../lib/library/db';
import { withStoredImages } from '../../lib/library/images';
import { addTag, deleteArticles, removeTag, setRead, undoDelete, type Deleted } from '../../lib/library/manage';
import { neighbours, parseListRef } from '../../lib/library/neighbours';
import { markReadOnOpen } from '../../lib/platform/reader-prefs';
import { markWords } from '../../lib/library/search/mark-words';
import type { ArticleRecord } from '../../lib/library/records';
import { downloadPost } from '../../lib/platform/download-post';
import { pageWords, t } from '../../lib/platform/i18n';
import { changeArticle, editWithWords, exportArticle, openArticle, readerHref as hrefFor } from '../../lib/reader/reader-actions';
import { loadTextStep, moveTextStep, saveTextStep, TEXT_SIZES } from '../../lib/reader/text-size';
import './style.css';
import './edit.css';
import { announceLibraryChanges } from '../../lib/platform/library-changes';

const db = new LibraryDb();
// Read state, tags, edits and deletions made here reach the other browsers: the background syncs after them.
announceLibraryChanges(db);
const root = document.getElementById('app')!;


const from = parseListRef(new URLSearchParams(location.search).get('from'));
const readerHref = (id: string) => hrefFor(id, from);

function Reader({ article: saved, bodyHtml }: { article: ArticleRecord; bodyHtml: string }) {
  const [article, setArticle] = useState(saved);
  const [deleted, setDeleted] = useState<Deleted>();
  const [failure, setFailure] = useState<string>();
  const [around, setAround] = useState<{ previous?: ArticleRecord; next?: ArticleRecord }>({});
  useEffect(() => {
    if (from) void neighbours(db, from, saved).then(setAround);
  }, [saved]);
  /** Runs a change, then shows the article as stored; a refused change (storage full…) is said. */
  const change = async (run: () => Promise<unknown>) => {
    setFailure(undefined);
    const changed = await changeArticle(db, article.id, run, pageWords);
    if (changed.article) setArticle(changed.article);
    setFailure(changed.failure);
  };
  // Ctrl+Z undoes a delete here as in the popup.
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (!deleted || !(event.ctrlKey || event.metaKey) || event.key.toLowerCase() !== 'z') return;
      event.preventDefault();
      void undo();
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  });
  const undo = () =>
    change(async () => {
      if (deleted) await undoDelete(db, deleted);
      setDeleted(undefined);
      // Focus goes back to what was pressed, now that it is there again.
      requestAnimationFrame(() => document.querySelector<HTMLElement>('[data-testid="reader-delete"]')?.focus());
    });
  const [exportError, setExportError] = useState<string>();
  const [step, setStep] = useState(loadTextStep);
  const resize = (delta: number) => {
    const next = moveTextStep(step, delta);
    saveTextStep(next);
    setStep(next);
  };
  const onExport = async () => {
    setExportError(undefined);
    const { post, failure } = await exportArticle(db, article, pageWords);
    if (post) downloadPost(post);
    setExportError(failure);
  };
  const onEdit = async (request: EditRequest) => {
    const { article: next, failure } = await editWithWords(db, article.id, request, pageWords);
    if (!next) return failure;
    setArticle(next);
    setExportError(undefined);
    document.title = next.title;
    return undefined;
  };
  return (
    <>
      <header class="reader-top">
        <ReaderActions
          article={article}
          libraryHref={browser.runtime.getURL('/popup.html')}
          previousHref={around.previous && readerHref(around.previous.id)}
          nextHref={around.next && readerHref(around.next.id)}
          deleted={deleted !== undefined}
          onSetRead={(read) => void change(() => setRead(db, article.id, read))}
          onDelete={() =>
            void change(async () => {
              setDeleted(await deleteArticles(db, [article.id]));
              requestAnimationFrame(() => document.querySelector<HTMLElement>('[data-testid="reader-undo"]')?.focus());
            })
          }
          onUndo={() => void undo()}
          onAddTag={(tag) => void change(() => addTag(db, article.id, tag))}
          onRemoveTag={(tag) => void change(() => removeTag(db, article.id, tag))}
        />
        {failure ? (
          <p role="alert" class="reader-failure" data-testid="reader-failure">
            {failure}
          </p>
        ) : null}
      </header>
      <main>
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
      </main>
    </>
  );
}

async function show(): Promise<void> {
  const id = new URLSearchParams(location.search).get('id') ?? '';
  // Opening an article reads it, unless the reader turned that off in the options.
  const opened = await openArticle(db, id, markReadOnOpen());
  if (!opened) {
    render(<p class="not-found" data-testid="reader-not-found">{t('readerNotFound')}</p>, root);
    return;
  }
  const { article, html, images } = opened;
  document.title = article.title;
  // Local addresses for the saved copies; they live as long as this page.
  const local = new Map(images.map((image) => [image.url, URL.createObjectURL(image.blob)]));
  const bodyHtml = withStoredImages(window, bodyForDisplay(window, html), (url) => local.get(url), {
    notice: t('imageNotSaved'),
    link: t('imageOpenOriginal'),
  });
  render(<Reader article={article} bodyHtml={bodyHtml} />, root);
  // Opened from a search: its words are marked in the body (text only; the HTML is not parsed again).
  const body = root.querySelector('[data-testid="reader-body"]');
  const searched = new URLSearchParams(location.search).get('q');
  if (body && searched) markWords(body, searched);
}

document.documentElement.lang = navigator.language;
show().catch((error: unknown) => {
  // A library that could not be upgraded is left as it was: say so, rather than show nothing.
  const reason = openFailureReason(error) ?? (error instanceof Error ? error.message : String(error));
  render(<p class="not-found" role="alert" data-testid="reader-error">{t('libraryOpenFailed', reason)}</p>, root);
});

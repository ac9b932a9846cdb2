import { render } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { browser } from 'wxt/browser';
import { downloadPost } from '../../lib/platform/download-post';
import { failureKey, pageWords, t } from '../../lib/platform/i18n';
import { requestPhotoAccess } from '../../lib/platform/photo-access';
import { PopupView, type Props as ViewProps } from '../../components/PopupView';
import { LibraryDb } from '../../lib/library/db';
import { failureOf } from '../../lib/library/articles';
import type { ExportScope } from '../../lib/export/scope';
import { answerWithin, message, SAVE_ANSWER_MS, type Interrupted, type SaveTabOutcome } from '../../lib/protocol/messages';
import { canReadTab } from '../../lib/extract/can-read';
import { exportPath, readerPath, tabFromQuery } from '../../lib/popup/links';
import { saveLine } from '../../lib/popup/words';
import { useLibrary } from './use-library';
import './style.css';
import { announceLibraryChanges } from '../../lib/platform/library-changes';
import './sync-now';

const db = new LibraryDb();
// Tags, read state and deletions made here reach the other browsers: the background syncs after them.
announceLibraryChanges(db);

/** An error's reason; a bug (unexpected) is logged, since the popup only says that one happened. */
function failureReason(error: unknown) {
  const failed = failureOf(error);
  if (failed.reason === 'unexpected') console.error('Finews Reader:', error);
  return failed.reason;
}

// `?tab=<id>` lets tests and scripts drive the popup from an ordinary tab.
async function targetTabId(): Promise<number | undefined> {
  return (await targetTab())?.id;
}

async function targetTab(): Promise<{ id?: number; url?: string } | undefined> {
  const fromQuery = tabFromQuery(location.search);
  if (fromQuery !== undefined) return browser.tabs.get(fromQuery).catch(() => ({ id: fromQuery }));
  const [tab] = await browser.tabs.query({ active: true, currentWindow: true });
  return tab;
}

const openExport = (scope: ExportScope) => void browser.tabs.create({ url: browser.runtime.getURL(exportPath(scope)) });

/** Downloads one post; the message to show when the export refused it (it has no date). */
async function exportOne(id: string): Promise<string | undefined> {
  // Loaded on demand: the export code (pinyin readings) is large and the popup should open fast.
  const { postOrRefusal } = await import('../../lib/export/one-post');
  const { post, undated } = await postOrRefusal(db, id);
  if (post) downloadPost(post);
  return undated === undefined ? undefined : t('exportUndatedOne', undated);
}

/** The line after a save; when photos were left out for want of access, with the button that allows them. */
function statusOf(outcome: SaveTabOutcome | Interrupted, resave: () => void): ViewProps['status'] {
  const line = saveLine(outcome, t, pageWords.reason);
  if (!line.photosWithoutAccess) return { kind: line.kind, text: line.text };
  const allowAndSave = () => {
    // Asked here, in the click: the moment the photos are wanted.
    void requestPhotoAccess().then((granted) => granted && resave());
  };
  return { kind: 'info', partial: true, text: line.text, action: { label: t('photosAllowAndSave'), testId: 'allow-photos', onClick: allowAndSave } };
}

function Popup() {
  const popup = useLibrary(db);
  const { library, state } = popup;
  const [saving, setSaving] = useState(false);
  const [status, setStatus] = useState<ViewProps['status']>();
  const [cannotSave, setCannotSave] = useState<string>();
  // The tab's address is known when the popup opens on it (activeTab): a page the browser keeps from extensions disables the button.
  useEffect(() => {
    void targetTab().then((tab) =>
      // Opened as a tab of its own (tests, scripts), the popup is its own active tab: not a page anyone means to save.
      setCannotSave(tab && tab.url !== location.href && !canReadTab(tab.url) ? t('cannotSaveHere') : undefined),
    );
  }, []);

  const onSave = async () => {
    setSaving(true);
    setStatus(undefined);
    library.clearFailure();
    try {
      const tabId = await targetTabId();
      // The background may stop mid-save (its channel closes): answerWithin says so instead of leaving the button spinning.
      const outcome: SaveTabOutcome | Interrupted =
        tabId === undefined
          ? { ok: false, reason: 'unreachable', message: 'no active tab' }
          : await answerWithin(browser.runtime.sendMessage(message('save-tab', { tabId })) as Promise<SaveTabOutcome>, SAVE_ANSWER_MS);
      // The line and the button come back in one render: whoever reads the line can save again at once.
      setStatus(statusOf(outcome, () => void onSave()));
      setSaving(false);
      // The saved article heads "recently saved": show it there, highlighted.
      if (outcome.ok) await library.showSaved(outcome.record.id);
      else await library.reload();
    } catch (error) {
      setStatus({ kind: 'error', text: t(failureKey(failureReason(error))) });
      setSaving(false);
    }
  };

  return (
    <PopupView
      saving={saving}
      cannotSave={cannotSave}
      status={popup.failure ? { kind: 'error', text: popup.failure } : status}
      openError={popup.openError}
      view={state.view}
      recent={state.recent}
      recentMore={popup.recentMore}
      onLoadMoreRecent={() => void library.loadMoreRecent()}
      highlight={state.highlight}
      groups={popup.groups}
      groupKey={(group) => library.groupKey(group)}
      open={state.open}
      query={state.query}
      results={state.results}
      searchCount={popup.searchCount}
      resultsMore={popup.resultsMore}
      onMoreResults={() => void library.moreResults()}
      selecting={state.selecting}
      selected={state.selected}
      onSelecting={(on) => library.setSelecting(on)}
      onSelectShown={(ids) => library.selectShown(ids)}
      stats={popup.stats}
      storage={popup.storage}
      persistent={popup.persistent}
      total={popup.total}
      undoable={popup.undoable}
      optionsHref={browser.runtime.getURL('/options.html')}
      // From search results, the reader marks the words searched for.
      readerHref={(id, from) => browser.runtime.getURL(readerPath(id, from, state.results ? state.query : undefined))}
      onSave={() => void onSave()}
      onView={(view) => void library.setView(view)}
      onQuery={(query) => library.setQuery(query)}
      onToggleGroup={(group) => void library.toggleGroup(group)}
      onLoadMore={(group) => void library.loadMore(group)}
      onExportGroup={(group) =>
        openExport(group.kind === 'category' ? { kind: 'category', source: group.key } : { kind: 'tag', tag: group.key })
      }
      onToggleSelect={(id) => library.toggleSelect(id)}
      onExport={(id) =>
        void exportOne(id).then(
          (refused) => refused && setStatus({ kind: 'error', text: refused }),
          (error: unknown) => setStatus({ kind: 'error', text: t('exportFailed', t(failureKey(failureReason(error)))) }),
        )
      }
      onDelete={(id) => void library.remove(id)}
      onSetRead={(id, read) => void library.setRead(id, read)}
      onAddTag={(id, tag) => void library.addTag(id, tag)}
      onRemoveTag={(id, tag) => void library.removeTag(id, tag)}
      onUndo={() =>
        void library.undo().then(([id]) =>
          // Focus returns to the article that came back, once it is drawn.
          requestAnimationFrame(() => document.querySelector<HTMLElement>(`[data-article-id="${CSS.escape(id ?? '')}"]`)?.focus()),
        )
      }
      onExportAll={() => openExport({ kind: 'all' })}
      onExportSelected={() => openExport({ kind: 'ids', ids: [...state.selected] })}
    />
  );
}

document.documentElement.lang = browser.i18n.getUILanguage();
document.title = t('extName');
render(<Popup />, document.getElementById('app')!);

import { render } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { browser } from 'wxt/browser';
import { downloadPost } from '../../lib/platform/download-post';
import { failureKey, t } from '../../lib/platform/i18n';
import { requestPhotoAccess } from '../../lib/platform/photo-access';
import { PopupView, type Props as ViewProps } from '../../components/PopupView';
import { LibraryDb } from '../../lib/library/db';
import { failureOf } from '../../lib/library/articles';
import { scopeToQuery, type ExportScope } from '../../lib/export/scope';
import { answerWithin, message, SAVE_ANSWER_MS, type Interrupted, type SaveTabOutcome } from '../../lib/protocol/messages';
import { canReadTab } from '../../lib/extract/can-read';
import { listRefParam } from '../../lib/library/neighbours';
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
  const fromQuery = Number(new URLSearchParams(location.search).get('tab'));
  if (Number.isInteger(fromQuery) && fromQuery > 0) return browser.tabs.get(fromQuery).catch(() => ({ id: fromQuery }));
  const [tab] = await browser.tabs.query({ active: true, currentWindow: true });
  return tab;
}

const openExport = (scope: ExportScope) => void browser.tabs.create({ url: browser.runtime.getURL(`/export.html?${scopeToQuery(scope)}`) });

/** Downloads one post; the message to show when the export refused it (it has no date). */
async function exportOne(id: string): Promise<string | undefined> {
  // Loaded on demand: the export code (pinyin readings) is large and the popup should open fast.
  const [{ postForId }, { getSettings }, { UndatedPostError }] = await Promise.all([
    import('../../lib/export/read-library'),
    import('../../lib/library/settings'),
    import('../../lib/export/post/date'),
  ]);
  try {
    const post = await postForId(db, id, await getSettings(db));
    if (post) downloadPost(post);
    return undefined;
  } catch (error) {
    if (error instanceof UndatedPostError) return t('exportUndatedOne', error.title);
    throw error;
  }
}

/** The line after a save; when photos were left out for want of access, with the button that allows them. */
function statusOf(outcome: SaveTabOutcome | Interrupted, resave: () => void): ViewProps['status'] {
  if (!outcome.ok) return { kind: 'error', text: t(failureKey(outcome.reason)) };
  const saved = t(outcome.created ? 'savedNew' : 'savedAgain', outcome.record.title);
  if (!outcome.photosWithoutAccess) return { kind: 'info', text: saved };
  const allowAndSave = () => {
    // Asked here, in the click: the moment the photos are wanted.
    void requestPhotoAccess().then((granted) => granted && resave());
  };
  return {
    kind: 'info',
    partial: true,
    text: `${saved} ${t('photosNeedAccess', String(outcome.photosWithoutAccess))}`,
    action: { label: t('photosAllowAndSave'), testId: 'allow-photos', onClick: allowAndSave },
  };
}

function Popup() {
  const library = useLibrary(db);
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
      setStatus(statusOf(outcome, () => void onSave()));
      // The saved article heads "recently saved": show it there, highlighted.
      if (outcome.ok) library.showSaved(outcome.record.id);
      else await library.reload();
    } catch (error) {
      setStatus({ kind: 'error', text: t(failureKey(failureReason(error))) });
    } finally {
      setSaving(false);
    }
  };

  return (
    <PopupView
      saving={saving}
      cannotSave={cannotSave}
      status={library.failure ? { kind: 'error', text: library.failure } : status}
      openError={library.openError}
      view={library.view}
      recent={library.recent}
      recentMore={library.recentMore}
      onLoadMoreRecent={() => void library.loadMoreRecent()}
      highlight={library.highlight}
      groups={library.groups}
      groupKey={library.groupKey}
      open={library.open}
      query={library.query}
      results={library.results}
      resultsMore={library.resultsMore}
      onMoreResults={() => void library.moreResults()}
      selected={library.selected}
      stats={library.stats}
      storage={library.storage}
      persistent={library.persistent}
      total={library.total}
      undoable={library.undoable}
      optionsHref={browser.runtime.getURL('/options.html')}
      readerHref={(id, from) => {
        // From search results, the reader marks the words searched for.
        const search = library.results && library.query.trim() ? `&q=${encodeURIComponent(library.query.trim())}` : '';
        return browser.runtime.getURL(`/reader.html?id=${encodeURIComponent(id)}${from ? `&from=${encodeURIComponent(listRefParam(from))}` : ''}${search}`);
      }}
      onSave={() => void onSave()}
      onView={library.setView}
      onQuery={library.setQuery}
      onToggleGroup={(group) => void library.toggleGroup(group)}
      onLoadMore={(group) => void library.loadMore(group)}
      onExportGroup={(group) =>
        openExport(group.kind === 'category' ? { kind: 'category', source: group.key } : { kind: 'tag', tag: group.key })
      }
      onToggleSelect={library.toggleSelect}
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
      onExportSelected={() => openExport({ kind: 'ids', ids: [...library.selected] })}
    />
  );
}

document.documentElement.lang = browser.i18n.getUILanguage();
document.title = t('extName');
render(<Popup />, document.getElementById('app')!);

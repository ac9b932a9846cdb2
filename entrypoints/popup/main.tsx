import { render } from 'preact';
import { useState } from 'preact/hooks';
import { browser } from 'wxt/browser';
import { downloadPost } from '../../lib/platform/download-post';
import { failureKey, t } from '../../lib/platform/i18n';
import { requestPhotoAccess } from '../../lib/platform/photo-access';
import { PopupView, type Props as ViewProps } from '../../components/PopupView';
import { LibraryDb } from '../../lib/library/db';
import { scopeToQuery, type ExportScope } from '../../lib/export/scope';
import { answerWithin, message, SAVE_ANSWER_MS, type Interrupted, type SaveTabOutcome } from '../../lib/protocol/messages';
import { useLibrary } from './use-library';
import './style.css';

const db = new LibraryDb();

// `?tab=<id>` lets tests and scripts drive the popup from an ordinary tab.
async function targetTabId(): Promise<number | undefined> {
  const fromQuery = Number(new URLSearchParams(location.search).get('tab'));
  if (Number.isInteger(fromQuery) && fromQuery > 0) return fromQuery;
  const [tab] = await browser.tabs.query({ active: true, currentWindow: true });
  return tab?.id;
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
    text: `${saved} ${t('photosNeedAccess', String(outcome.photosWithoutAccess))}`,
    action: { label: t('photosAllowAndSave'), testId: 'allow-photos', onClick: allowAndSave },
  };
}

function Popup() {
  const library = useLibrary(db);
  const [saving, setSaving] = useState(false);
  const [status, setStatus] = useState<ViewProps['status']>();

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
      await library.reload();
    } finally {
      setSaving(false);
    }
  };

  return (
    <PopupView
      saving={saving}
      status={library.failure ? { kind: 'error', text: library.failure } : status}
      openError={library.openError}
      view={library.view}
      groups={library.groups}
      groupKey={library.groupKey}
      open={library.open}
      query={library.query}
      results={library.results}
      selected={library.selected}
      stats={library.stats}
      storage={library.storage}
      persistent={library.persistent}
      total={library.total}
      undoable={library.undoable}
      optionsHref={browser.runtime.getURL('/options.html')}
      readerHref={(id) => browser.runtime.getURL(`/reader.html?id=${encodeURIComponent(id)}`)}
      onSave={() => void onSave()}
      onView={library.setView}
      onQuery={library.setQuery}
      onToggleGroup={(group) => void library.toggleGroup(group)}
      onLoadMore={(group) => void library.loadMore(group)}
      onExportGroup={(group) =>
        openExport(group.kind === 'category' ? { kind: 'category', source: group.key } : { kind: 'tag', tag: group.key })
      }
      onToggleSelect={library.toggleSelect}
      onExport={(id) => void exportOne(id).then((refused) => refused && setStatus({ kind: 'error', text: refused }))}
      onDelete={(id) => void library.remove(id)}
      onSetRead={(id, read) => void library.setRead(id, read)}
      onAddTag={(id, tag) => void library.addTag(id, tag)}
      onRemoveTag={(id, tag) => void library.removeTag(id, tag)}
      onUndo={() => void library.undo()}
      onExportAll={() => openExport({ kind: 'all' })}
      onExportSelected={() => openExport({ kind: 'ids', ids: [...library.selected] })}
    />
  );
}

document.documentElement.lang = browser.i18n.getUILanguage();
render(<Popup />, document.getElementById('app')!);

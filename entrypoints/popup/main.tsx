import { render } from 'preact';
import { useCallback, useEffect, useState } from 'preact/hooks';
import { browser } from 'wxt/browser';
import { failureKey, t } from '../../components/i18n';
import { PopupView, type Props as ViewProps } from '../../components/PopupView';
import { LibraryDb } from '../../lib/db';
import { countArticles, listArticles } from '../../lib/library';
import { downloadPost } from '../../components/download-post';
import { scopeToQuery, type ExportScope } from '../../lib/export-library';
import { message, type SaveTabOutcome } from '../../lib/messages';
import type { ArticleRecord } from '../../lib/records';
import './style.css';

const PAGE = 50;
const db = new LibraryDb();

// `?tab=<id>` lets tests and scripts drive the popup from an ordinary tab.
async function targetTabId(): Promise<number | undefined> {
  const fromQuery = Number(new URLSearchParams(location.search).get('tab'));
  if (Number.isInteger(fromQuery) && fromQuery > 0) return fromQuery;
  const [tab] = await browser.tabs.query({ active: true, currentWindow: true });
  return tab?.id;
}

function Popup() {
  const [items, setItems] = useState<ArticleRecord[]>([]);
  const [total, setTotal] = useState(0);
  const [shown, setShown] = useState(PAGE);
  const [saving, setSaving] = useState(false);
  const [status, setStatus] = useState<ViewProps['status']>();
  const [selected, setSelected] = useState<ReadonlySet<string>>(new Set());

  const reload = useCallback(async (limit: number) => {
    const [rows, count] = await Promise.all([listArticles(db, 0, limit), countArticles(db)]);
    setItems(rows);
    setTotal(count);
  }, []);

  useEffect(() => {
    void reload(shown);
  }, [shown, reload]);

  const onSave = async () => {
    setSaving(true);
    setStatus(undefined);
    try {
      const tabId = await targetTabId();
      const outcome: SaveTabOutcome =
        tabId === undefined
          ? { ok: false, reason: 'unreachable', message: 'no active tab' }
          : await browser.runtime.sendMessage(message('save-tab', { tabId }));
      setStatus(
        outcome.ok
          ? { kind: 'info', text: t(outcome.created ? 'savedNew' : 'savedAgain', outcome.record.title) }
          : { kind: 'error', text: t(failureKey(outcome.reason)) },
      );
      await reload(shown);
    } finally {
      setSaving(false);
    }
  };

  const onToggle = (id: string) =>
    setSelected((current) => {
      const next = new Set(current);
      if (!next.delete(id)) next.add(id);
      return next;
    });

  const onExport = async (id: string) => {
    // Loaded on demand: the export code (pinyin readings) is large and the popup should open fast.
    const [{ postForId }, { getSettings }] = await Promise.all([import('../../lib/export-library'), import('../../lib/settings')]);
    const post = await postForId(db, id, await getSettings(db));
    if (post) downloadPost(post);
  };

  const openExport = (scope: ExportScope) =>
    void browser.tabs.create({ url: browser.runtime.getURL(`/export.html?${scopeToQuery(scope)}`) });

  return (
    <PopupView
      items={items}
      total={total}
      saving={saving}
      status={status}
      selected={selected}
      optionsHref={browser.runtime.getURL('/options.html')}
      readerHref={(id) => browser.runtime.getURL(`/reader.html?id=${encodeURIComponent(id)}`)}
      onSave={() => void onSave()}
      onToggle={onToggle}
      onExport={(id) => void onExport(id)}
      onExportAll={() => openExport({ kind: 'all' })}
      onExportSelected={() => openExport({ kind: 'ids', ids: [...selected] })}
      onLoadMore={() => setShown((n) => n + PAGE)}
    />
  );
}

document.documentElement.lang = browser.i18n.getUILanguage();
render(<Popup />, document.getElementById('app')!);

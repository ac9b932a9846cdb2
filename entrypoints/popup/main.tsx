import { render } from 'preact';
import { useCallback, useEffect, useState } from 'preact/hooks';
import { browser } from 'wxt/browser';
import { failureKey, t } from '../../components/i18n';
import { PopupView, type Props as ViewProps } from '../../components/PopupView';
import { LibraryDb } from '../../lib/db';
import { countArticles, listArticles } from '../../lib/library';
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

  return (
    <PopupView
      items={items}
      total={total}
      saving={saving}
      status={status}
      onSave={() => void onSave()}
      onLoadMore={() => setShown((n) => n + PAGE)}
    />
  );
}

document.documentElement.lang = browser.i18n.getUILanguage();
render(<Popup />, document.getElementById('app')!);

import { browser } from 'wxt/browser';
import { failureKey } from '../../lib/platform/i18n';
import type { Article } from '../../lib/article';
import type { LibraryDb } from '../../lib/library/db';
import { saveArticleWithImages } from '../../lib/library/save';
import { findSaved } from '../../lib/library/articles';
import { isMessage, message, type Message, type MessageType, type Response, type SaveTabOutcome, type StoreOutcome } from '../../lib/protocol/messages';
import { showFailureBadge, showSavedBadge } from './badge';
import { extractTab } from './extract-tab';
import { fetchArticleImages } from './fetch-images';

type Sender = { tab?: { id?: number } };
type Handler<T extends MessageType> = (msg: Message<T>, sender: Sender) => Promise<Response<T>>;
type Handlers = { [T in MessageType]?: Handler<T> };

/**
 * Stores an article with its images: every image is fetched first, then the
 * article and its images are written in one transaction, never half.
 */
async function store(db: LibraryDb, article: Article): Promise<StoreOutcome> {
  const { images, withoutAccess } = await fetchArticleImages(article);
  const outcome = await saveArticleWithImages(db, article, images, Date.now());
  return outcome.ok ? { ...outcome, photosWithoutAccess: withoutAccess } : outcome;
}

/** Extracts the tab's article and stores it; shared by popup, menu and shortcut. */
export async function saveTab(db: LibraryDb, tabId: number): Promise<SaveTabOutcome> {
  const extraction = await extractTab(tabId);
  const outcome = extraction.ok ? await store(db, extraction.article) : extraction;
  if (outcome.ok) {
    await showSavedBadge(tabId, true);
    // The in-page button, where there is one, shows it too; other pages have no listener.
    await browser.tabs.sendMessage(tabId, message('article-saved', {})).catch(() => undefined);
  } else await showFailureBadge(tabId, browser.i18n.getMessage(failureKey(outcome.reason)) || outcome.message);
  return outcome;
}

/** Every message the background answers, in one registry. */
export function createHandlers(db: LibraryDb): Handlers {
  return {
    'save-article': async ({ article }, sender) => {
      const outcome = await store(db, article);
      if (outcome.ok && sender.tab?.id !== undefined) await showSavedBadge(sender.tab.id, true);
      return outcome;
    },
    'save-tab': async ({ tabId }) => saveTab(db, tabId),
    'page-state': async ({ id, canonicalUrl }, sender) => {
      const saved = (await findSaved(db, id, canonicalUrl)) !== undefined;
      if (sender.tab?.id !== undefined) await showSavedBadge(sender.tab.id, saved);
      return { saved };
    },
  };
}

/** Routes runtime messages to the registry; unknown messages are left alone. */
export function listen(handlers: Handlers): void {
  browser.runtime.onMessage.addListener((raw: unknown, sender: Sender, sendResponse: (r: unknown) => void) => {
    if (!isMessage(raw)) return false;
    const handler = handlers[raw.type] as Handler<MessageType> | undefined;
    if (!handler) return false;
    handler(raw, sender).then(sendResponse, (error: unknown) =>
      sendResponse({ ok: false, reason: 'storage', message: error instanceof Error ? error.message : String(error) }),
    );
    return true; // keeps the channel open for the async answer
  });
}

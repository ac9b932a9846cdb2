import { browser } from 'wxt/browser';
import { failureKey } from '../i18n';
import type { Article } from '../../article';
import type { LibraryDb } from '../../library/db';
import { saveArticleWithImages } from '../../library/save';
import { failureOf, findSaved } from '../../library/articles';
import { message, type SaveTabOutcome, type StoreOutcome } from '../../protocol/messages';
import { dispatch, type Handlers } from '../../protocol/dispatch';
import type { Self } from '../../protocol/senders';
import { showFailureBadge, showSavedBadge } from './badge';
import { extractTab } from './extract-tab';
import { check } from '../../protocol/validate';
import { ArticleSchema } from '../../library/schemas';
import { fetchArticleImages } from './fetch-images';

/**
 * Stores an article with its images: every image is fetched first, then the
 * article and its images are written in one transaction, never half.
 */
async function store(db: LibraryDb, article: Article): Promise<StoreOutcome> {
  const { images, withoutAccess } = await fetchArticleImages(article);
  const outcome = await saveArticleWithImages(db, article, images, Date.now());
  return outcome.ok ? { ...outcome, photosWithoutAccess: withoutAccess } : outcome;
}

/** Reads the tab's article and stores it; a failure keeps its reason. */
async function readAndStore(db: LibraryDb, tabId: number): Promise<SaveTabOutcome> {
  const extraction = await extractTab(tabId);
  if (!extraction.ok) return extraction;
  // The answer came out of a web page's tab: checked like an article the content script sends.
  const article = check(ArticleSchema, extraction.article);
  if (!article.ok) return { ok: false, reason: 'invalid-input', message: `The tab's article was refused: ${article.message}; nothing was saved.` };
  return store(db, article.value);
}

/**
 * Extracts the tab's article and stores it; shared by popup, menu and
 * shortcut. Never rejects (the menu and the shortcut have nobody to tell
 * but the badge): an unexpected error is logged and becomes its failure.
 */
export async function saveTab(db: LibraryDb, tabId: number, onSaved: () => void = () => undefined): Promise<SaveTabOutcome> {
  const outcome = await readAndStore(db, tabId).catch((error: unknown) => {
    console.error('Finews Reader: saving the tab failed', error);
    return failureOf(error);
  });
  if (outcome.ok) {
    onSaved();
    await showSavedBadge(tabId, true);
    // The in-page button, where there is one, shows it too; other pages have no listener.
    await browser.tabs.sendMessage(tabId, message('article-saved', {})).catch(() => undefined);
  } else await showFailureBadge(tabId, browser.i18n.getMessage(failureKey(outcome.reason)) || outcome.message);
  return outcome;
}

/** The library's messages (saves and look-ups); `onSaved` follows each save (a sync soon). */
export function createHandlers(db: LibraryDb, onSaved: () => void = () => undefined): Handlers {
  return {
    'save-article': async ({ article }, sender) => {
      const outcome = await store(db, article);
      if (outcome.ok) onSaved();
      if (outcome.ok && sender.tab?.id !== undefined) await showSavedBadge(sender.tab.id, true);
      return outcome;
    },
    'save-tab': async ({ tabId }) => saveTab(db, tabId, onSaved),
    'page-state': async ({ id, canonicalUrl }, sender) => {
      const saved = (await findSaved(db, id, canonicalUrl)) !== undefined;
      if (sender.tab?.id !== undefined) await showSavedBadge(sender.tab.id, saved);
      return { saved };
    },
  };
}

/** Routes runtime messages to the registry; checks and answers are lib/protocol/dispatch.ts. */
export function listen(handlers: Handlers): void {
  const self: Self = { id: browser.runtime.id, origin: browser.runtime.getURL('/') };
  browser.runtime.onMessage.addListener((raw: unknown, sender, sendResponse: (r: unknown) => void) => {
    const answer = dispatch(raw, sender, self, handlers);
    if (!answer) return false;
    void answer.then(sendResponse);
    return true; // keeps the channel open for the async answer
  });
}

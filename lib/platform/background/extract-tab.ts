import { browser } from 'wxt/browser';
import type { ExtractResult } from '../../article';
import type { Failed } from '../../errors';
import { message } from '../../protocol/messages';
import { isSharePage } from '../../finews/share-url';

export type TabExtraction = ExtractResult | Failed<'unreachable' | 'permission'>;

/**
 * Reads the article in a tab: through the content script on share pages,
 * else by injecting the extractor (allowed by activeTab, or by host access
 * on the finews hosts).
 */
export async function extractTab(tabId: number): Promise<TabExtraction> {
  const tab = await browser.tabs.get(tabId).catch(() => undefined);
  if (!tab) return unreachable('the tab is gone');
  if (tab.url && isSharePage(tab.url)) {
    try {
      const result = (await browser.tabs.sendMessage(tabId, message('extract', {}))) as ExtractResult | undefined;
      if (result) return result;
    } catch {
      // No content script yet (the tab was open before the extension was
      // installed): fall through to injecting the extractor.
    }
  }
  try {
    await browser.scripting.executeScript({ target: { tabId }, files: ['/page-extract.js'] });
    const [injection] = await browser.scripting.executeScript({
      target: { tabId },
      func: () => (globalThis as { finewsReaderExtract?: () => unknown }).finewsReaderExtract?.(),
    });
    const result = injection?.result as ExtractResult | undefined;
    return result ?? unreachable('the extractor returned nothing');
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    // Chromium: "Cannot access contents of the page…", "…must request permission…"; Firefox: "Missing host permission…".
    if (/permission|cannot access/i.test(detail)) {
      return { ok: false, reason: 'permission', message: `The extension has no access to this tab (${detail}); nothing was saved.` };
    }
    return unreachable(detail);
  }
}

function unreachable(detail: string): TabExtraction {
  return { ok: false, reason: 'unreachable', message: `This tab cannot be read (${detail}); nothing was saved.` };
}

import { render } from 'preact';
import { browser } from 'wxt/browser';
import { createShadowRootUi } from 'wxt/utils/content-script-ui/shadow-root';
import { defineContentScript } from 'wxt/utils/define-content-script';
import { failureKey, t } from '../../lib/platform/i18n';
import { SaveButton, type SaveButtonState } from '../../components/SaveButton';
import type { ExtractResult } from '../../lib/article';
import { extractWhenReady } from '../../lib/extract/when-ready';
import { answerWithin, isMessage, message, STATE_ANSWER_MS, type StoreOutcome } from '../../lib/protocol/messages';
import { saveFromPage } from '../../lib/protocol/page-save';
import { articleIdFor, canonicalUrl, SHARE_PAGE_MATCHES } from '../../lib/finews/share-url';
import './style.css';

export default defineContentScript({
  matches: SHARE_PAGE_MATCHES,
  cssInjectionMode: 'ui',
  async main(ctx) {
    let state: SaveButtonState = 'waiting';
    let failure: string | undefined;
    let container: HTMLElement | undefined;
    // One extraction per page load, shared by the button and the background. A failed
    // one is not kept: the next click, or the popup, reads the page again (its body may
    // have arrived since).
    let extraction: Promise<ExtractResult> | undefined;
    const extractOnce = () =>
      (extraction ??= extractWhenReady(document, location.href).then((result) => {
        if (!result.ok) extraction = undefined;
        return result;
      }));

    const draw = () => {
      if (container) render(<SaveButton state={state} message={failure} onSave={() => void save()} />, container);
    };
    const set = (next: SaveButtonState, why?: string) => {
      state = next;
      failure = why;
      draw();
    };

    /** Whether the library holds this page's article; undefined when the background cannot say. */
    const isSaved = async (): Promise<boolean | undefined> => {
      const request = browser.runtime.sendMessage(
        message('page-state', { id: articleIdFor(location.href), canonicalUrl: canonicalUrl(location.href) }),
      ) as Promise<{ saved: boolean } | undefined>;
      const answer = await answerWithin(request, STATE_ANSWER_MS);
      return 'saved' in answer ? answer.saved : undefined;
    };

    const save = async () => {
      set('saving');
      const end = await saveFromPage({
        extract: extractOnce,
        send: (article) => browser.runtime.sendMessage(message('save-article', { article })) as Promise<StoreOutcome | undefined>,
        isSaved,
      });
      // Photos the reader has not allowed yet: only extension pages may ask for that access, so point to the popup.
      if (end.state === 'saved') return set('saved', end.photosWithoutAccess ? t('photosNeedAccessInPage', String(end.photosWithoutAccess)) : undefined);
      set('failed', t(failureKey(end.reason)));
      void end.lateSave?.then((landed) => landed && set('saved'));
    };

    browser.runtime.onMessage.addListener((raw: unknown, _sender: unknown, sendResponse: (r: unknown) => void) => {
      if (!isMessage(raw)) return false;
      if (raw.type === 'article-saved') {
        set('saved');
        return false;
      }
      if (raw.type !== 'extract') return false;
      void extractOnce().then(sendResponse);
      return true;
    });

    const ui = await createShadowRootUi(ctx, {
      name: 'finews-reader-save',
      position: 'inline',
      anchor: 'body',
      append: 'last',
      mode: 'open',
      onMount(uiContainer) {
        container = uiContainer;
        draw();
      },
      onRemove() {
        if (container) render(null, container);
      },
    });
    ui.mount();

    const result = await extractOnce();
    if (!result.ok) {
      // Reading failed; a later click tries again from scratch.
      extraction = undefined;
      return set('failed', t(failureKey(result.reason)));
    }
    const saved = await isSaved();
    // A save from the popup, menu or shortcut may have landed meanwhile: never step back from it.
    if (state === 'waiting') set(saved ? 'saved' : 'ready');
  },
});

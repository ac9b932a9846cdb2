import { render } from 'preact';
import { browser } from 'wxt/browser';
import { createShadowRootUi } from 'wxt/utils/content-script-ui/shadow-root';
import { defineContentScript } from 'wxt/utils/define-content-script';
import { failureKey, t } from '../../components/i18n';
import { SaveButton, type SaveButtonState } from '../../components/SaveButton';
import type { ExtractResult } from '../../lib/article';
import { extractWhenReady } from '../../lib/extract-when-ready';
import { isMessage, message, type SaveTabOutcome } from '../../lib/messages';
import { articleIdFor, canonicalUrl, SHARE_PAGE_MATCHES } from '../../lib/share-url';
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

    const save = async () => {
      set('saving');
      const result = await extractOnce();
      let outcome: SaveTabOutcome;
      try {
        outcome = result.ok ? await browser.runtime.sendMessage(message('save-article', { article: result.article })) : result;
      } catch {
        // The background is gone (the extension was updated or reloaded): say so rather than spin.
        outcome = { ok: false, reason: 'storage', message: 'the extension did not answer' };
      }
      if (outcome.ok) set('saved');
      else set('failed', t(failureKey(outcome.reason)));
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
    const { saved } = await browser.runtime.sendMessage(
      message('page-state', { id: articleIdFor(location.href), canonicalUrl: canonicalUrl(location.href) }),
    );
    set(saved ? 'saved' : 'ready');
  },
});

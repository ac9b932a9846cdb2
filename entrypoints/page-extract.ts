import { defineUnlistedScript } from 'wxt/utils/define-unlisted-script';
import { extractWhenReady } from '../lib/extract/when-ready';

/**
 * Injected on demand (activeTab + scripting) into pages the content script
 * does not cover. It only defines the entry point; the background then calls
 * it and receives the result.
 */
export default defineUnlistedScript(() => {
  (globalThis as { finewsReaderExtract?: () => unknown }).finewsReaderExtract = () =>
    extractWhenReady(document, location.href);
});

import { describe, expect, it } from 'vitest';
import { canReadTab } from '../../lib/extract/can-read';

describe('canReadTab', () => {
  it('refuses the browser’s own pages and stores, accepts web pages and unknown addresses', () => {
    for (const url of ['about:blank', 'chrome://extensions/', 'edge://settings', 'chrome-extension://abc/popup.html', 'view-source:http://a.b/', 'https://chromewebstore.google.com/detail/x'])
      expect(canReadTab(url), url).toBe(false);
    for (const url of ['http://finews.zning.xyz/html_News/NewsShare.html?infoCode=NW1', 'https://example.com/', undefined])
      expect(canReadTab(url), String(url)).toBe(true);
  });
});

/** How articles become Jekyll posts. Stored with the user's settings. */
export interface ExportSettings {
  /** `markdown`: Turndown over the clean HTML; `html`: the HTML as the blog keeps it. */
  bodyFormat: 'markdown' | 'html';
  /** Base of the blog's own links (back-links), without a trailing slash. */
  blogBase: string;
  /** Host the share-page link points at, whatever host the article came from. */
  shareBase: string;
  /** Whether to end each post with the `[返回…]｜[返回首页]` line. */
  backLinks: boolean;
  /** Source name → category slug, for sources the blog spelled differently. */
  slugOverrides: Record<string, string>;
}

/** Frozen: spread it (`{ ...DEFAULT_EXPORT_SETTINGS, … }`) to change a value. */
export const DEFAULT_EXPORT_SETTINGS: ExportSettings = Object.freeze({
  bodyFormat: 'markdown',
  blogBase: '//finews.withounder.com',
  shareBase: 'http://finews.zning.xyz',
  backLinks: true,
  slugOverrides: Object.freeze({}),
});

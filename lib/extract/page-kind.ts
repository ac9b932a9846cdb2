/** Which of the page families the extractor knows a URL belongs to. */
import { shareInfoCode, shareUrl } from '../finews/share-url';

/**
 * - `share`: an Eastmoney/finews mobile share page (`…/html_News/NewsShare.html?infoCode=…`)
 * - `finance`: an Eastmoney article page (`finance.eastmoney.com/a/….html`, body in `#ContentBody`)
 * - `blog`: a post of the finews Jekyll blog built from the share pages
 * - `other`: anything else; plain Readability, no finews rules
 */
export type PageKind = 'share' | 'finance' | 'blog' | 'other';

export interface PageInfo {
  kind: PageKind;
  /** The article's infoCode when the address carries one. */
  infoCode?: string;
}

// finews.zning.me is the blog's former address (its layout's og:url still names it).
const BLOG_HOSTS = ['finews.withounder.com', 'finews.zning.me'];
// Jekyll's permalink: /YYYY/MM/DD/<post slug>.html, the slug being the infoCode.
const BLOG_POST_PATH = /^\/\d{4}\/\d{2}\/\d{2}\/([^/]+)\.html$/;
const EASTMONEY_ARTICLE_PATH = /^\/a\/\d+\.html$/;

export function classifyPage(address: string): PageInfo {
  const shareCode = shareInfoCode(address);
  if (shareCode) return { kind: 'share', infoCode: shareCode };
  let url: URL;
  try {
    url = new URL(address);
  } catch {
    return { kind: 'other' };
  }
  if (!/^https?:$/.test(url.protocol)) return { kind: 'other' };
  const host = url.hostname;
  if (BLOG_HOSTS.includes(host)) {
    const slug = BLOG_POST_PATH.exec(url.pathname)?.[1];
    if (!slug) return { kind: 'other' };
    // Validate the slug with the share-URL rules so there is one definition of an infoCode.
    return { kind: 'blog', infoCode: shareInfoCode(shareUrl(slug)) };
  }
  // The numeric id of an Eastmoney article page is not provably the share page's
  // infoCode (old codes have no `NW` prefix), so it is not used as one.
  if (host.endsWith('.eastmoney.com') && EASTMONEY_ARTICLE_PATH.test(url.pathname)) {
    return { kind: 'finance' };
  }
  return { kind: 'other' };
}

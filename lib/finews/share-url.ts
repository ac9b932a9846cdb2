/** Facts about finews share-page addresses, shared by every surface. */

export const SHARE_HOSTS = ['finews.zning.xyz', 'choicewzp1.eastmoney.com'] as const;

/** Match patterns of the share pages: the content script's and the host access. */
export const SHARE_PAGE_MATCHES = SHARE_HOSTS.map((host) => `*://${host}/html_News/NewsShare.html*`);

/** The mirror the blog links to; canonical share links always point here. */
export const MIRROR_BASE = 'http://finews.zning.xyz';

const SHARE_PATH = '/html_News/NewsShare.html';
// `NW` + 8-digit date + digits, or the older all-digit codes.
const INFO_CODE = /^(?:NW)?\d{12,24}$/;

/** The infoCode of a share-page address, or undefined for any other page. */
export function shareInfoCode(address: string): string | undefined {
  let url: URL;
  try {
    url = new URL(address);
  } catch {
    return undefined;
  }
  if (!/^https?:$/.test(url.protocol)) return undefined;
  if (!(SHARE_HOSTS as readonly string[]).includes(url.hostname)) return undefined;
  if (url.pathname !== SHARE_PATH) return undefined;
  const code = url.searchParams.get('infoCode')?.trim();
  return code && INFO_CODE.test(code) ? code : undefined;
}

export function isSharePage(address: string): boolean {
  return shareInfoCode(address) !== undefined;
}

/** The share-page address at `base` (the mirror unless told otherwise). */
export function shareUrl(infoCode: string, base: string = MIRROR_BASE): string {
  return `${base.replace(/\/+$/, '')}${SHARE_PATH}?infoCode=${encodeURIComponent(infoCode)}`;
}

/** The canonical address of any page: no fragment; finews pages go to the mirror. */
export function canonicalUrl(address: string): string {
  const code = shareInfoCode(address);
  if (code) return shareUrl(code);
  try {
    const url = new URL(address);
    url.hash = '';
    return url.href;
  } catch {
    return address;
  }
}

/** The library key for a page: the infoCode when it has one, else its canonical URL. */
export function articleIdFor(address: string): string {
  return shareInfoCode(address) ?? canonicalUrl(address);
}

/**
 * Eastmoney's photo CDN (np-newspic.dfcfw.com), where finews articles keep
 * their pictures. Access to it is optional: asked for the first time an
 * article's photos need it, never at install.
 */
export const PHOTO_HOST_MATCHES = ['*://*.dfcfw.com/*'];

export function isPhotoHost(address: string): boolean {
  try {
    const host = new URL(address).hostname;
    return host === 'dfcfw.com' || host.endsWith('.dfcfw.com');
  } catch {
    return false;
  }
}

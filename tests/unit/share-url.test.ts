import { describe, expect, it } from 'vitest';
import { articleIdFor, canonicalUrl, isPhotoHost, isSharePage, MIRROR_BASE, SHARE_HOSTS, shareInfoCode, shareUrl } from '../../lib/finews/share-url';

const CODE = 'NW202202102271830933';
const MIRROR = `http://finews.zning.xyz/html_News/NewsShare.html?infoCode=${CODE}`;

describe('shareInfoCode', () => {
  it.each([
    [`http://finews.zning.xyz/html_News/NewsShare.html?infoCode=${CODE}`],
    [`https://finews.zning.xyz/html_News/NewsShare.html?infoCode=${CODE}`],
    [`http://choicewzp1.eastmoney.com/html_News/NewsShare.html?infoCode=${CODE}`],
    [`https://choicewzp1.eastmoney.com/html_News/NewsShare.html?infoCode=${CODE}`],
    [`http://choicewzp1.eastmoney.com/html_News/NewsShare.html?from=share&infoCode=${CODE}&isappinstalled=0`],
    [`http://FINEWS.ZNING.XYZ/html_News/NewsShare.html?infoCode=${CODE}#top`],
    [`http://finews.zning.xyz:8080/html_News/NewsShare.html?infoCode=${CODE}`],
    [`http://finews.zning.xyz/html_News/NewsShare.html?infoCode=%20${CODE}%20`],
  ])('reads the code of %s', (url) => {
    expect(shareInfoCode(url)).toBe(CODE);
    expect(isSharePage(url)).toBe(true);
  });

  it('accepts the older all-digit codes', () => {
    expect(shareInfoCode('http://finews.zning.xyz/html_News/NewsShare.html?infoCode=202112082206672930')).toBe('202112082206672930');
  });

  it.each([
    ['no code', 'http://finews.zning.xyz/html_News/NewsShare.html'],
    ['an empty code', 'http://finews.zning.xyz/html_News/NewsShare.html?infoCode='],
    ['a code too short', 'http://finews.zning.xyz/html_News/NewsShare.html?infoCode=NW2022'],
    ['a lower-case prefix', `http://finews.zning.xyz/html_News/NewsShare.html?infoCode=nw${CODE.slice(2)}`],
    ['letters in the digits', 'http://finews.zning.xyz/html_News/NewsShare.html?infoCode=NW20220210227183093x'],
    ['an injected code', `http://finews.zning.xyz/html_News/NewsShare.html?infoCode=${CODE}<script>`],
    ['another parameter name', `http://finews.zning.xyz/html_News/NewsShare.html?code=${CODE}`],
    ['another path', `http://finews.zning.xyz/html_News/NewsList.html?infoCode=${CODE}`],
    ['a path in another case', `http://finews.zning.xyz/html_news/newsshare.html?infoCode=${CODE}`],
    ['the GetNewsText address', `http://finews.zning.xyz/NewsData/GetNewsText.do?id=${CODE}`],
    ['another host', `http://evil.example/html_News/NewsShare.html?infoCode=${CODE}`],
    ['a look-alike host', `http://finews.zning.xyz.evil.example/html_News/NewsShare.html?infoCode=${CODE}`],
    ['another scheme', `ftp://finews.zning.xyz/html_News/NewsShare.html?infoCode=${CODE}`],
    ['the blog', `https://finews.withounder.com/2022/02/10/${CODE}.html`],
    ['not a URL', 'finews.zning.xyz/html_News/NewsShare.html'],
  ])('finds no code with %s', (_what, url) => {
    expect(shareInfoCode(url)).toBeUndefined();
    expect(isSharePage(url)).toBe(false);
  });
});

describe('shareUrl and canonicalUrl', () => {
  it('point share pages at the mirror, whatever host, scheme or extra parameters', () => {
    expect(MIRROR_BASE).toBe('http://finews.zning.xyz');
    expect(SHARE_HOSTS).toContain('choicewzp1.eastmoney.com');
    expect(shareUrl(CODE)).toBe(MIRROR);
    expect(shareUrl(CODE, 'https://choicewzp1.eastmoney.com/')).toBe(
      `https://choicewzp1.eastmoney.com/html_News/NewsShare.html?infoCode=${CODE}`,
    );
    for (const url of [
      MIRROR,
      `https://choicewzp1.eastmoney.com/html_News/NewsShare.html?infoCode=${CODE}&from=share#p2`,
    ]) {
      expect(canonicalUrl(url)).toBe(MIRROR);
      expect(articleIdFor(url)).toBe(CODE);
    }
  });

  it('keep other pages as they are, without the fragment', () => {
    expect(canonicalUrl('https://example.com/a?b=1#c')).toBe('https://example.com/a?b=1');
    expect(articleIdFor('https://example.com/a?b=1#c')).toBe('https://example.com/a?b=1');
    expect(canonicalUrl('not a url')).toBe('not a url');
  });
});

describe('isPhotoHost', () => {
  it('knows the photo CDN and nothing that merely looks like it', () => {
    expect(isPhotoHost('https://np-newspic.dfcfw.com/download/D1.jpg')).toBe(true);
    expect(isPhotoHost('http://dfcfw.com/a.png')).toBe(true);
    expect(isPhotoHost('https://dfcfw.com.evil.example/a.png')).toBe(false);
    expect(isPhotoHost('https://notdfcfw.com/a.png')).toBe(false);
    expect(isPhotoHost('not a url')).toBe(false);
  });
});

import { browser } from 'wxt/browser';
import type { Article } from '../../article';
import { fetchedImages, fetchImages, imageUrlsOf, type FetchedImage } from '../../library/images';
import { isPhotoHost, PHOTO_HOST_MATCHES } from '../../finews/share-url';

export interface ArticleImages {
  images: FetchedImage[];
  /** Photos on the photo CDN left out because the reader has not allowed access to it (yet). */
  withoutAccess: number;
}

/**
 * The article's images, fetched by the service worker within the limits of
 * lib/library/images.ts. Cross-origin images are readable here only on hosts the
 * extension has access to (the share hosts; the photo CDN once allowed); the
 * rest are left out, and the reader links to them instead.
 */
export async function fetchArticleImages(article: Article): Promise<ArticleImages> {
  const urls = imageUrlsOf(article);
  const photoAccess = await browser.permissions.contains({ origins: PHOTO_HOST_MATCHES });
  // Without access the CDN's answer could not be read: no request goes out for it.
  const wanted = photoAccess ? urls : urls.filter((url) => !isPhotoHost(url));
  const results = await fetchImages(wanted, (url, init) => fetch(url, init));
  const failed = results.filter((r) => !r.ok);
  if (failed.length) console.info('Finews Reader: images not saved', failed);
  return { images: fetchedImages(results), withoutAccess: urls.length - wanted.length };
}

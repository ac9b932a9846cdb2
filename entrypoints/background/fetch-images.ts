import type { Article } from '../../lib/article';
import { fetchedImages, fetchImages, imageUrlsOf, type FetchedImage } from '../../lib/images';

/**
 * The article's images, fetched by the service worker within the limits of
 * lib/images.ts. Cross-origin images are readable here only on hosts the
 * extension has access to (the share hosts, Eastmoney's photo CDN); the rest
 * are left out, and the reader links to them instead.
 */
export async function fetchArticleImages(article: Article): Promise<FetchedImage[]> {
  const results = await fetchImages(imageUrlsOf(article), (url, init) => fetch(url, init));
  const failed = results.filter((r) => !r.ok);
  if (failed.length) console.info('Finews Reader: images not saved', failed);
  return fetchedImages(results);
}

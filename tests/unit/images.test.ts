import 'fake-indexeddb/auto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { JSDOM } from 'jsdom';
import { describe, expect, it } from 'vitest';
import type { Article } from '../../lib/article';
import { sanitizeHtml } from '../../lib/extract/sanitize';
import {
  fetchedImages,
  fetchImage,
  fetchImages,
  IMAGE_LIMITS,
  imageUrlsOf,
  mapLimited,
  storableImageType,
  storedImages,
  withStoredImages,
  type FetchedImage,
  type FetchLike,
} from '../../lib/library/images';
import { saveArticleWithImages } from '../../lib/library/save';
import { getBody } from '../../lib/library/articles';
import { useTestDb } from './helpers';

const PHOTO = 'https://np-newspic.dfcfw.com/download/D25506127344139715028_w690h389.jpg';
const CHART = 'https://np-newspic.dfcfw.com/download/D25506127344139715029_w600h400.png';
const GONE = 'https://np-newspic.dfcfw.com/download/gone.jpg';

function article(overrides: Partial<Article> = {}): Article {
  return {
    id: 'NW202203152298765432',
    infoCode: 'NW202203152298765432',
    url: 'http://finews.zning.xyz/html_News/NewsShare.html?infoCode=NW202203152298765432',
    canonicalUrl: 'http://finews.zning.xyz/html_News/NewsShare.html?infoCode=NW202203152298765432',
    title: '港口吞吐量稳步回升',
    publishedAt: '2022-03-15T09:30:00+08:00',
    source: '中国证券报',
    site: 'finews.zning.xyz',
    html: `<p>正文</p>\n <p><img src="${PHOTO}"></p>\n <p><img src="${CHART}"></p>`,
    images: [PHOTO, CHART],
    ...overrides,
  };
}

const image = (url: string, bytes: number[] = [1, 2, 3], type = 'image/png'): FetchedImage => ({
  url,
  type,
  blob: new Blob([new Uint8Array(bytes)], { type }),
});

const bytesOf = async (blob: Blob) => [...new Uint8Array(await blob.arrayBuffer())];

const response = (body: BodyInit | null, init: { status?: number; headers?: Record<string, string> } = {}) =>
  new Response(body, { status: init.status ?? 200, headers: { 'content-type': 'image/png', ...init.headers } });

/** A fetch that never answers but gives up when its signal aborts, as the real one does. */
const hanging: FetchLike = (_url, init) =>
  new Promise((_resolve, reject) => init.signal?.addEventListener('abort', () => reject(new DOMException('aborted', 'AbortError'))));

describe('which images, and which answers are images', () => {
  it('keeps http(s) URLs once each, in body order', () => {
    expect(imageUrlsOf({ images: [PHOTO, 'data:image/png;base64,AA', CHART, PHOTO, 'blob:x', 'HTTP://EXAMPLE.COM/a.png'] })).toEqual([
      PHOTO,
      CHART,
      'HTTP://EXAMPLE.COM/a.png',
    ]);
  });

  it('stores raster image types only, without parameters', () => {
    expect(storableImageType('image/png')).toBe('image/png');
    expect(storableImageType('IMAGE/JPEG; charset=binary')).toBe('image/jpeg');
    expect(storableImageType('image/webp')).toBe('image/webp');
    expect(storableImageType('image/svg+xml')).toBeUndefined();
    expect(storableImageType('text/html; charset=utf-8')).toBeUndefined();
    expect(storableImageType('application/octet-stream')).toBeUndefined();
    expect(storableImageType(null)).toBeUndefined();
  });
});

describe('fetching within bounds', () => {
  it('runs at most `limit` tasks at once and keeps the order', async () => {
    let running = 0;
    let most = 0;
    const out = await mapLimited([5, 1, 4, 2, 3, 0, 6, 7, 1, 2], 4, async (ms, i) => {
      running++;
      most = Math.max(most, running);
      await new Promise((resolve) => setTimeout(resolve, ms));
      running--;
      return i;
    });
    expect(out).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(most).toBe(4);
    expect(await mapLimited([], 4, async () => 1)).toEqual([]);
  });

  it('fetches an image as a blob of its type, without cookies', async () => {
    let init: RequestInit | undefined;
    const result = await fetchImage(PHOTO, async (_url, i) => {
      init = i;
      return response(new Uint8Array([137, 80, 78, 71]), { headers: { 'content-type': 'image/png' } });
    });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.type).toBe('image/png');
    expect(result.blob.type).toBe('image/png');
    expect(await bytesOf(result.blob)).toEqual([137, 80, 78, 71]);
    expect(init?.credentials).toBe('omit');
    expect(init?.redirect).toBe('manual');
  });

  it('refuses a redirect, whatever the runtime shows of it, and never follows it', async () => {
    // A browser's fetch answers a redirect it was told not to follow with an opaque answer that hides its target.
    const opaque = { type: 'opaqueredirect', status: 0, ok: false, redirected: false, url: PHOTO, headers: new Headers(), body: null } as Response;
    expect(await fetchImage(PHOTO, async () => opaque)).toEqual({ ok: false, url: PHOTO, reason: 'redirect' });
    const to = (location: string, status = 302) => async () => new Response(null, { status, headers: { location } });
    for (const target of ['http://127.0.0.1/a.png', 'http://192.168.1.1/a.png', 'http://169.254.169.254/latest/meta-data', CHART]) {
      expect(await fetchImage(PHOTO, to(target)), target).toMatchObject({ ok: false, reason: 'redirect' });
    }
    expect(await fetchImage(PHOTO, to(CHART, 301))).toMatchObject({ reason: 'redirect' });
    // A fetcher that followed anyway: its image is not kept either.
    const followed = response(new Uint8Array([1]));
    Object.defineProperty(followed, 'redirected', { value: true });
    expect(await fetchImage(PHOTO, async () => followed)).toMatchObject({ reason: 'redirect' });
  });

  it("sends no request to where a real server redirects (Node's own fetch, a server on 127.0.0.1)", async () => {
    const seen: string[] = [];
    const server = createServer((request, answer) => {
      seen.push(request.url ?? '');
      if (request.url === '/photo.png') answer.writeHead(302, { location: '/router-admin?reboot=1' }).end();
      else answer.writeHead(200, { 'content-type': 'image/png' }).end(Buffer.from([137, 80, 78, 71]));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      expect(await fetchImage(`${base}/photo.png`, (url, init) => fetch(url, init))).toEqual({ ok: false, url: `${base}/photo.png`, reason: 'redirect' });
      expect(seen).toEqual(['/photo.png']);
      // The same server's direct image is fetched: the refusal is the redirect's, not the server's.
      expect(await fetchImage(`${base}/direct.png`, (url, init) => fetch(url, init))).toMatchObject({ ok: true, type: 'image/png' });
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it('says why an image was not fetched', async () => {
    expect(await fetchImage(GONE, async () => response('missing', { status: 404, headers: { 'content-type': 'text/plain' } }))).toEqual({
      ok: false,
      url: GONE,
      reason: 'http',
    });
    expect(await fetchImage(PHOTO, async () => response('<html>', { headers: { 'content-type': 'text/html' } }))).toMatchObject({
      reason: 'not-image',
    });
    expect(await fetchImage(PHOTO, async () => response('<svg/>', { headers: { 'content-type': 'image/svg+xml' } }))).toMatchObject({
      reason: 'not-image',
    });
    expect(
      await fetchImage(PHOTO, async () => {
        throw new TypeError('Failed to fetch');
      }),
    ).toMatchObject({ reason: 'network' });
  });

  it('refuses an image over the size cap, declared or streamed', async () => {
    const limits = { timeoutMs: 1_000, maxBytes: 10 };
    const declared = await fetchImage(PHOTO, async () => response(new Uint8Array(4), { headers: { 'content-length': '11' } }), limits);
    expect(declared).toMatchObject({ ok: false, reason: 'too-large' });
    // No Content-Length: counted while reading, and the stream is cancelled.
    let cancelled = false;
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        controller.enqueue(new Uint8Array(6));
      },
      cancel() {
        cancelled = true;
      },
    });
    expect(await fetchImage(PHOTO, async () => response(stream), limits)).toMatchObject({ ok: false, reason: 'too-large' });
    expect(cancelled).toBe(true);
    expect(await fetchImage(PHOTO, async () => response(new Uint8Array(10)), limits)).toMatchObject({ ok: true });
  });

  it('gives up on an image after its timeout', async () => {
    const started = Date.now();
    expect(await fetchImage(PHOTO, hanging, { timeoutMs: 50, maxBytes: 100 })).toMatchObject({ ok: false, reason: 'timeout' });
    expect(Date.now() - started).toBeLessThan(1_000);
  });

  it('fetches every image, four at a time at most, one result per URL in order', async () => {
    let running = 0;
    let most = 0;
    const urls = Array.from({ length: 10 }, (_, i) => `https://np-newspic.dfcfw.com/${i}.png`);
    const results = await fetchImages(urls, async (url) => {
      running++;
      most = Math.max(most, running);
      await new Promise((resolve) => setTimeout(resolve, 5));
      running--;
      return url.endsWith('3.png') ? response('', { status: 404 }) : response(new Uint8Array([1]));
    });
    expect(most).toBe(IMAGE_LIMITS.concurrency);
    expect(results.map((r) => r.url)).toEqual(urls);
    expect(results.filter((r) => !r.ok).map((r) => r.url)).toEqual([urls[3]]);
    expect(fetchedImages(results).map((r) => r.url)).toEqual(urls.filter((_, i) => i !== 3));
  });

  it('skips images beyond the per-article cap and stops at the overall deadline', async () => {
    const urls = Array.from({ length: 6 }, (_, i) => `https://np-newspic.dfcfw.com/${i}.png`);
    const capped = await fetchImages(urls, async () => response(new Uint8Array([1])), { ...IMAGE_LIMITS, maxImages: 4 });
    expect(capped.map((r) => (r.ok ? 'ok' : r.reason))).toEqual(['ok', 'ok', 'ok', 'ok', 'skipped', 'skipped']);

    const started = Date.now();
    const late = await fetchImages(urls, hanging, { ...IMAGE_LIMITS, concurrency: 2, timeoutMs: 5_000, totalMs: 100 });
    expect(late.every((r) => !r.ok && r.reason === 'timeout')).toBe(true);
    expect(Date.now() - started).toBeLessThan(2_000);
  });
});

describe('storing an article with its images', () => {
  const db = useTestDb('images-test');

  it('writes the row, the body and the images together', async () => {
    const outcome = await saveArticleWithImages(db(), article(), [image(PHOTO, [1]), image(CHART, [2])], 1_000);
    expect(outcome.ok && outcome.created).toBe(true);
    expect(await db().articles.get('NW202203152298765432')).toMatchObject({ title: '港口吞吐量稳步回升', savedAt: 1_000 });
    expect(await getBody(db(), 'NW202203152298765432')).toContain('<img');
    const stored = await storedImages(db(), 'NW202203152298765432');
    expect(stored.map((s) => [s.url, s.type])).toEqual([
      [PHOTO, 'image/png'],
      [CHART, 'image/png'],
    ].sort());
    expect(await bytesOf(stored.find((s) => s.url === CHART)!.blob)).toEqual([2]);
  });

  it('stores images of the article only, and an article whose images all failed', async () => {
    await saveArticleWithImages(db(), article(), [image(PHOTO), image('https://elsewhere.example/x.png')], 1_000);
    expect((await storedImages(db(), 'NW202203152298765432')).map((s) => s.url)).toEqual([PHOTO]);
    const other = article({ id: 'other', infoCode: undefined });
    expect((await saveArticleWithImages(db(), other, [], 1_000)).ok).toBe(true);
    expect(await storedImages(db(), 'other')).toEqual([]);
    expect(await db().articles.get('other')).toBeDefined();
  });

  it('leaves nothing behind when a write fails', async () => {
    // A blob IndexedDB cannot clone: the image write fails after the row and body were written.
    const broken = { url: CHART, type: 'image/png', blob: (() => 0) as unknown as Blob };
    const outcome = await saveArticleWithImages(db(), article(), [image(PHOTO), broken], 1_000);
    expect(outcome).toMatchObject({ ok: false, reason: 'storage' });
    expect(await db().articles.count()).toBe(0);
    expect(await db().bodies.count()).toBe(0);
    expect(await db().images.count()).toBe(0);
    expect(await db().groups.count()).toBe(0);
  });

  it('a failed re-save keeps the earlier save whole', async () => {
    await saveArticleWithImages(db(), article(), [image(PHOTO, [1]), image(CHART, [2])], 1_000);
    const broken = { url: CHART, type: 'image/png', blob: (() => 0) as unknown as Blob };
    const outcome = await saveArticleWithImages(db(), article({ title: '新标题', html: '<p>新</p>' }), [image(PHOTO, [9]), broken], 2_000);
    expect(outcome.ok).toBe(false);
    expect((await db().articles.get('NW202203152298765432'))?.title).toBe('港口吞吐量稳步回升');
    expect(await getBody(db(), 'NW202203152298765432')).toContain('<img');
    const stored = await storedImages(db(), 'NW202203152298765432');
    expect(await bytesOf(stored.find((s) => s.url === PHOTO)!.blob)).toEqual([1]);
    expect(stored).toHaveLength(2);
  });

  it('a re-save replaces the images, drops those gone from the article, keeps those not fetched again', async () => {
    const third = 'https://np-newspic.dfcfw.com/download/third.png';
    await saveArticleWithImages(db(), article({ images: [PHOTO, CHART, third] }), [image(PHOTO, [1]), image(CHART, [2]), image(third, [3])], 1_000);
    // Now the article no longer shows CHART; PHOTO comes back changed; third failed to fetch this time.
    const outcome = await saveArticleWithImages(db(), article({ images: [PHOTO, third] }), [image(PHOTO, [7], 'image/jpeg')], 2_000);
    expect(outcome.ok && outcome.created).toBe(false);
    const stored = await storedImages(db(), 'NW202203152298765432');
    expect(stored.map((s) => s.url).sort()).toEqual([PHOTO, third].sort());
    const photo = stored.find((s) => s.url === PHOTO)!;
    expect(photo.type).toBe('image/jpeg');
    expect(await bytesOf(photo.blob)).toEqual([7]);
    expect(await bytesOf(stored.find((s) => s.url === third)!.blob)).toEqual([3]);
    expect(await db().images.count()).toBe(2);
  });
});

describe('showing the saved images', () => {
  const { window } = new JSDOM('<!doctype html><html><body></body></html>');
  const words = { notice: '此图片未能保存。', link: '查看原图' };

  it('points saved images at their local copies and replaces the others with a linked notice', () => {
    const stored = `<p>一</p>\n <p><img src="${PHOTO}" alt="港口"></p>\n <p><img src="${GONE}" alt="航拍"></p>\n <p><img src="${CHART}"></p>`;
    const local = new Map([
      [PHOTO, 'blob:chrome-extension://abc/1'],
      [CHART, 'blob:chrome-extension://abc/2'],
    ]);
    const html = withStoredImages(window, sanitizeHtml(window, stored), (url) => local.get(url), words);
    const doc = new JSDOM(html).window.document;
    const imgs = [...doc.querySelectorAll('img')];
    expect(imgs.map((img) => img.getAttribute('src'))).toEqual(['blob:chrome-extension://abc/1', 'blob:chrome-extension://abc/2']);
    expect(imgs.map((img) => img.getAttribute('data-original'))).toEqual([PHOTO, CHART]);
    expect(imgs[0]!.getAttribute('alt')).toBe('港口');
    const notices = doc.querySelectorAll('[data-testid="image-missing"]');
    expect(notices).toHaveLength(1);
    expect(notices[0]!.textContent).toBe('此图片未能保存。 航拍 查看原图');
    const link = notices[0]!.querySelector('a')!;
    expect(link.getAttribute('href')).toBe(GONE);
    expect(link.getAttribute('rel')).toBe('noopener noreferrer');
    expect(doc.querySelector('p')!.textContent).toBe('一');
  });

  it('never lets a local address come from the stored body', () => {
    const stored = '<p><img src="blob:chrome-extension://abc/1"></p><p><img src="data:image/png;base64,AAAA"></p>';
    const html = withStoredImages(window, sanitizeHtml(window, stored), () => 'blob:chrome-extension://abc/9', words);
    expect(html).not.toContain('abc/1');
    expect(html).not.toContain('data:');
    // Sanitizing took their addresses: nothing to look up, nothing to link to.
    expect(html).not.toContain('abc/9');
    expect(new JSDOM(html).window.document.querySelectorAll('[data-testid="image-missing"] a')).toHaveLength(0);
  });

  it('leaves a body without images as it was', () => {
    const safe = sanitizeHtml(window, '<p>一</p>\n <p>二<strong>三</strong></p>');
    expect(withStoredImages(window, safe, () => undefined, words)).toBe(safe);
  });
});

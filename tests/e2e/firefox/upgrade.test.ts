/**
 * A library written by the first schema version, opened by the built
 * extension in stock Firefox after an update (the add-on installed again
 * over itself): every article, tag, read state, setting and image is there,
 * in the current shape. Chromium's counterpart, with the failed upgrade too,
 * is tests/e2e/upgrade.test.ts.
 */
import type { Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchFirefox, type FirefoxExtension } from '../../../scripts/firefox';
import { codeOf, oldLibrary, rawLibrary } from '../../old-library/rows';
import { SCHEMA_VERSIONS, SHAPES, type RawShape } from '../../old-library/shapes';
import { readRawLibrary, writeRawLibrary } from '../../old-library/write-raw';
import { LIBRARY_DB } from '../driver/stored';

// Fewer than Chromium's 1,000: every row crosses BiDi as JSON, and the shape is what is checked.
const COUNT = 300;
const PREVIOUS = 1;
const CURRENT = Math.max(...SCHEMA_VERSIONS) as keyof typeof SHAPES;

let firefox: FirefoxExtension;

beforeAll(async () => {
  firefox = await launchFirefox({ photoAccess: false });
});
afterAll(async () => {
  await firefox?.close();
});

const byName = <T extends { name: string }>(list: T[]) => [...list].sort((a, b) => (a.name < b.name ? -1 : 1));
const sorted = (shape: RawShape): RawShape => ({
  version: shape.version,
  stores: byName(shape.stores).map((store) => ({ ...store, indexes: byName(store.indexes) })),
});
// IndexedDB orders string keys by UTF-16 code units, as `<` does.
const order = <T>(rows: T[], key: (row: T) => string) => [...rows].sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));

async function itemIds(popup: Page): Promise<string[]> {
  return popup.$$eval('[data-testid="library-item"]', (els) => els.map((el) => el.getAttribute('data-article-id')!));
}

describe(`[firefox] a version ${PREVIOUS} library after an update`, () => {
  it(`opens with all ${COUNT} articles, their tags, read state, settings and images, every field as stored`, async () => {
    const library = oldLibrary(COUNT);
    // Laid down with plain IndexedDB under the extension's origin (the seeder deletes the current library first).
    await firefox.inExtension(writeRawLibrary, { name: LIBRARY_DB, library: rawLibrary(library, PREVIOUS) });
    await firefox.reinstall();

    const popup = await firefox.openExtensionPage('popup.html');
    // It opens on recently saved, a flat list.
    await popup.waitForSelector('[data-testid="library-item"]');
    // Each source is a group with its count.
    const counts: Record<string, number> = {};
    for (const row of library.articles) counts[row.source || row.site] = (counts[row.source || row.site] ?? 0) + 1;
    await popup.click('[data-testid="view-by-category"]');
    await popup.waitForFunction((n) => document.querySelectorAll('[data-testid="group"]').length === n, {}, Object.keys(counts).length);
    const shown = await popup.$$eval('[data-testid="group"]', (els) =>
      Object.fromEntries(els.map((el) => [el.querySelector('.group-name')!.textContent!, Number(el.querySelector('[data-testid="group-count"]')!.textContent)])),
    );
    expect(shown).toEqual(counts);

    // Search answers from the index the upgrade built.
    await popup.type('[data-testid="search"]', codeOf(213));
    await popup.waitForFunction((id) => {
      const items = document.querySelectorAll('[data-testid="library-item"]');
      return items.length === 1 && items[0]!.getAttribute('data-article-id') === id;
    }, { timeout: 10_000 }, library.articles[213]!.id);
    expect(await itemIds(popup)).toEqual([library.articles[213]!.id]);

    // What is stored is what the old version wrote, in the current shape.
    const after = await popup.evaluate(readRawLibrary, { name: LIBRARY_DB, stores: ['articles', 'bodies', 'images', 'settings'] });
    expect(after.shape).toEqual(sorted(SHAPES[CURRENT]));
    expect(after.tables).toEqual({
      articles: { rows: order(library.articles, (r) => r.id) },
      bodies: { rows: order(library.bodies, (r) => r.id) },
      images: { rows: order(library.images, (r) => `${r.articleId}\u0000${r.url}`) },
      settings: { rows: order(library.settings, (r) => r.key) },
    });

    // The reader shows an old article's saved images (3×2 and 4×2 PNGs).
    const withImages = library.articles[23]!;
    const reader = await firefox.openExtensionPage(`reader.html?id=${encodeURIComponent(withImages.id)}`);
    await reader.waitForSelector('[data-testid="reader-title"]');
    expect(await reader.$eval('[data-testid="reader-title"]', (el) => el.textContent)).toBe(withImages.title);
    await reader.waitForFunction(() => [...document.querySelectorAll<HTMLImageElement>('[data-testid="reader-body"] img')].every((img) => img.complete));
    const images = await reader.$$eval('[data-testid="reader-body"] img', (imgs) =>
      (imgs as HTMLImageElement[]).map((img) => [img.src.slice(0, 5), img.naturalWidth, img.naturalHeight]),
    );
    expect(images).toEqual([
      ['blob:', 3, 2],
      ['blob:', 4, 2],
    ]);
    await Promise.all([popup.close(), reader.close()]);
  });
});

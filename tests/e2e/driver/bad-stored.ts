/** What the library holds for a bad page (tests/fixtures/bad-pages.ts), in either browser. */
import { expect } from 'vitest';
import { blockTexts, SOURCE, type BadPage } from '../../fixtures/bad-pages';
import type { Tab } from './driver';
import { storedArticle } from './stored';

/** The whole article, or nothing at all (neither a row nor a body) for a page that failed. */
export async function expectStored(extensionPage: Pick<Tab, 'evaluate'>, bad: BadPage): Promise<void> {
  const { record, body } = await storedArticle(extensionPage, bad.infoCode);
  if (!bad.expected.ok) {
    expect(record, `${bad.slug}: stored although it failed`).toBeUndefined();
    expect(body).toBeUndefined();
    return;
  }
  expect(record?.title, `${bad.slug}: title`).toBe(bad.expected.title);
  expect(record?.source).toBe(SOURCE);
  const texts = blockTexts(body?.html ?? '');
  expect(texts.length, `${bad.slug}: paragraphs`).toBe(bad.expected.paragraphs.length);
  expect(texts, `${bad.slug}: body`).toEqual(bad.expected.paragraphs);
}

import { describe, expect, it } from 'vitest';
import { WARN_FROM_ARTICLES, warnAboutStorage } from '../../lib/library/storage-warning';

describe('the storage warning', () => {
  it('shows only when the browser refused persistence and the library is large', () => {
    expect(warnAboutStorage(false, WARN_FROM_ARTICLES)).toBe(true);
    expect(warnAboutStorage(false, WARN_FROM_ARTICLES - 1)).toBe(false);
    expect(warnAboutStorage(true, 50_000)).toBe(false);
    expect(warnAboutStorage(undefined, 50_000)).toBe(false);
  });
});

import type { ArticleRecord } from '../../lib/library/records';

/** A stored record of a page from another site, dated 2026-03-02: what the post-name and post-writing tests name and write. */
export function webRecord(id: string, title = 'Market update'): ArticleRecord {
  return {
    id,
    url: id,
    canonicalUrl: id,
    title,
    publishedAt: '2026-03-02T09:00:00+08:00',
    site: 'example.com',
    images: [],
    savedAt: 1,
    updatedAt: 1,
    sortTime: 1,
    tags: [],
    read: false,
  };
}

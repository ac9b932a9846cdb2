import { tagFor } from '../finews/source-tag';
import type { Group } from './groups';
import type { ArticleRecord } from './records';

/**
 * The tags the user gave an article: every tag but the automatic
 * `<source>新闻`, which only repeats the source for the blog's export.
 * The popup shows these; the export still writes them all.
 */
export function userTags(record: Pick<ArticleRecord, 'tags' | 'source'>): string[] {
  const automatic = automaticTag(record);
  return record.tags.filter((tag) => tag !== automatic);
}

/**
 * The automatic `<source>新闻` tag, when the article carries it: the row
 * menu's tag editor shows it fixed (not the user's to remove), since the
 * export writes it whatever the user does with their own.
 */
export function automaticTag(record: Pick<ArticleRecord, 'tags' | 'source'>): string | undefined {
  const automatic = record.source ? tagFor(record.source) : undefined;
  return automatic !== undefined && record.tags.includes(automatic) ? automatic : undefined;
}

/** Whether a tag is the automatic tag of some source in `sources`. */
export function isAutomaticTag(tag: string, sources: ReadonlySet<string>): boolean {
  return tag.endsWith('新闻') && sources.has(tag.slice(0, -'新闻'.length));
}

/**
 * The tag groups without the automatic ones: by tag then lists what the
 * reader tagged, instead of the sources again with 新闻 appended.
 */
export function withoutAutomaticTags(tags: Group[], categories: Group[]): Group[] {
  const sources = new Set(categories.map((group) => group.key));
  return tags.filter((group) => !isAutomaticTag(group.key, sources));
}

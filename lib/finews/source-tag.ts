/**
 * The blog's tag for a news source: always the name plus 新闻, even when it
 * already ends in 新闻 (`每日经济新闻` → `每日经济新闻新闻`). The library tags
 * every finews article with it and the export writes it.
 */
export function tagFor(source: string): string {
  return `${source}新闻`;
}

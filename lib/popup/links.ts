/** Addresses the popup opens, inside the extension (the caller makes them absolute). */
import { scopeToQuery, type ExportScope } from '../export/scope';
import { listRefParam, type ListRef } from '../library/neighbours';

/** The reader for one article: `from` gives it the list for previous/next, `query` the words to mark (opened from search results). */
export function readerPath(id: string, from?: ListRef, query?: string): `/reader.html${string}` {
  const list = from ? `&from=${encodeURIComponent(listRefParam(from))}` : '';
  const words = query?.trim() ? `&q=${encodeURIComponent(query.trim())}` : '';
  return `/reader.html?id=${encodeURIComponent(id)}${list}${words}`;
}

export function exportPath(scope: ExportScope): `/export.html${string}` {
  return `/export.html?${scopeToQuery(scope)}`;
}

/** `?tab=<id>` lets tests and scripts drive the popup from an ordinary tab; anything else means the active tab. */
export function tabFromQuery(search: string): number | undefined {
  const id = Number(new URLSearchParams(search).get('tab'));
  return Number.isInteger(id) && id > 0 ? id : undefined;
}

/**
 * A stored body made safe to show in an extension page. Bodies saved by
 * extraction are clean already; a restored backup may hold anything.
 *
 * Two passes, DOM-free first: Chromium checks the page's content security
 * policy when an inline handler (`onerror=…`) is merely parsed, even into an
 * inert DOMParser document, and reports a violation. So the string allow-list
 * of the export (no DOM) removes handlers, scripts and the like before any
 * parser in the page sees them; DOMPurify, with extraction's rules, then
 * decides what is shown. On a clean body the first pass changes nothing and
 * costs ~10 ms per 500 KB.
 */
import { sanitizeHtml } from '../extract/sanitize';
import { parseAllowListed, serializeHtml } from './allow-list';

export function bodyForDisplay(win: Parameters<typeof sanitizeHtml>[0], html: string): string {
  return sanitizeHtml(win, serializeHtml(parseAllowListed(html)));
}

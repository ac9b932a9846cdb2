import { createDocument } from '@mixmark-io/domino';
import { service } from './markdown';
import { markdownSource } from './post';

/**
 * The Markdown body `postBody` makes, on a thread without a DOM (the
 * export's worker): the same Turndown and rules, over domino's HTML parser
 * instead of the platform's DOMParser. Turndown in Node parses with domino
 * too, so the golden posts hold for it; tests/e2e/converters.test.ts holds
 * it to Chromium's own DOM. A module of its own, so that only the worker
 * loads domino.
 */
export function markdownBodyWithoutDom(html: string): string {
  return markdownOfWithoutDom(markdownSource(html));
}

/** `markdownOf` over domino. */
function markdownOfWithoutDom(blocksHtml: string): string {
  // Parsed into one element kept for every body (Turndown converts a copy of
  // it): a new document per body cost a sixth more. The element is the
  // wrapper Turndown itself puts around a string before parsing it.
  root ??= createDocument('<x-turndown id="turndown-root"></x-turndown>').getElementById('turndown-root')!;
  root.innerHTML = blocksHtml;
  return service().turndown(root);
}

let root: HTMLElement | undefined;

/**
 * The finews metadata printed around the body: the title heading, the info line
 * (time, source) next to it, the `（文章来源：…）` line and, on the blog, the tags
 * line. Read from the page without touching it; the elements that are metadata
 * rather than body are returned so the working copy can leave them out.
 */
import { squash, textOf } from './dom';
import { sourceFromInfoLine, sourceFromMediaLine } from './noise';
import { findFinewsTime } from './published-time';

export interface FinewsMeta {
  title?: string;
  publishedAt?: string;
  source?: string;
  /** Text of the `em_media` source line, to restore it should Readability drop it. */
  mediaLine?: string;
  /** The title heading, info line and tags line: metadata, not body text. */
  drop: Element[];
}

// Info lines are short; a long neighbour is body text and may quote other dates.
const MAX_INFO_LENGTH = 200;
const MAX_HEADINGS = 8;

export function readFinewsMeta(doc: Document): FinewsMeta {
  const meta: FinewsMeta = { drop: [] };
  const body = doc.body;
  if (!body) return meta;

  const heading = findTitleHeading(body);
  if (heading) {
    meta.title = textOf(heading.element) || undefined;
    meta.drop.push(heading.element);
    for (const info of heading.info) {
      const text = textOf(info);
      const time = findFinewsTime(text);
      const source = sourceFromInfoLine(text);
      meta.publishedAt ??= time;
      meta.source ??= source;
      if (time || source) meta.drop.push(info);
    }
  }

  const media = lastMediaLine(doc);
  if (media) {
    meta.mediaLine = textOf(media);
    // The source line is the convention the blog's categories come from: it wins.
    meta.source = sourceFromMediaLine(meta.mediaLine) ?? meta.source;
  }

  // The blog's post layout ends with `<small>tags: <em>定西日报新闻</em></small>`.
  for (const small of Array.from(body.getElementsByTagName('small'))) {
    if (!/^tags\s*:/i.test(textOf(small))) continue;
    const tag = squash(small.getElementsByTagName('em')[0]?.textContent);
    // The tag is always the source plus 新闻, even when the source ends in 新闻 itself.
    if (tag) meta.source ??= tag.endsWith('新闻') && tag.length > 2 ? tag.slice(0, -2) : tag;
    meta.drop.push(small);
  }
  return meta;
}

export function lastMediaLine(doc: Document): Element | undefined {
  const lines = doc.getElementsByClassName('em_media');
  return lines[lines.length - 1];
}

interface TitleHeading {
  element: Element;
  info: Element[];
}

/** The `<h1>` with a time next to it (the blog's header also has an h1), else the first titled h1. */
function findTitleHeading(body: HTMLElement): TitleHeading | undefined {
  let fallback: TitleHeading | undefined;
  for (const element of Array.from(body.getElementsByTagName('h1')).slice(0, MAX_HEADINGS)) {
    if (!textOf(element)) continue;
    const info = neighbours(element);
    if (info.some((el) => findFinewsTime(textOf(el)))) return { element, info };
    fallback ??= { element, info };
  }
  return fallback;
}

/** Short visible elements just before and after the heading (or the wrapper it is alone in). */
function neighbours(heading: Element): Element[] {
  let anchor = heading;
  for (let depth = 0; depth < 3; depth++) {
    const parent = anchor.parentElement;
    if (!parent || parent.localName === 'body' || parent.childElementCount !== 1) break;
    anchor = parent;
  }
  const found: Element[] = [];
  for (let el = anchor.nextElementSibling, n = 0; el && n < 3; el = el.nextElementSibling, n++) {
    if (isInfoLike(el)) found.push(el);
  }
  for (let el = anchor.previousElementSibling, n = 0; el && n < 2; el = el.previousElementSibling, n++) {
    if (isInfoLike(el)) found.push(el);
  }
  return found;
}

// A short body (one paragraph and its source line) may sit right under the title:
// never take it for an info line. Hidden elements are not what the reader sees.
function isInfoLike(el: Element): boolean {
  if ((el.textContent ?? '').length > MAX_INFO_LENGTH) return false;
  if (el.hasAttribute('hidden') || /display\s*:\s*none/i.test(el.getAttribute('style') ?? '')) return false;
  return !el.classList.contains('em_media') && !el.querySelector('.em_media, p + p');
}

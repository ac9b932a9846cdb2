/**
 * The finews metadata printed around the body — title, time, source — read
 * from every signal the page offers rather than from one layout. Read from
 * the page without touching it; the elements that are metadata rather than
 * body are returned so the working copy can leave them out.
 *
 * When signals disagree, this order decides (README › What the extractor reads):
 * - title: the element showing it (see findTitleElement), else og:title,
 *   twitter:title, JSON-LD headline, then `<title>` without the site's suffix;
 * - time: a line beside the title, then the header area down to the body
 *   (a labelled `发布时间：`/`时间：`/`日期：` time before an unlabelled one,
 *   never one labelled as an update), then `<time datetime>`, then meta tags
 *   (`article:published_time`…), then JSON-LD `datePublished`;
 * - source: the `em_media` line (the blog's categories come from it), then
 *   `文章来源：`, then `来源：` in those lines, then a `source` meta tag, then
 *   the blog's tags line.
 */
import { squash, textOf } from './dom';
import { headerLines, linesBeside } from './info-lines';
import { readMachineMeta, readTime } from './machine-meta';
import { sourceFromInfoLine, sourceFromMediaLine } from './noise';
import { findPublishedTime } from './published-time';
import { findTitleElement, titleWithoutSuffix } from './title';

export interface FinewsMeta {
  title?: string;
  publishedAt?: string;
  source?: string;
  /** Text of the `em_media` source line, to restore it should Readability drop it. */
  mediaLine?: string;
  /** The title element, info lines and tags line: metadata, not body text. */
  drop: Element[];
}

export function readFinewsMeta(doc: Document, bodyBlock?: Element): FinewsMeta {
  const meta: FinewsMeta = { drop: [] };
  const body = doc.body;
  if (!body) return meta;

  const machine = readMachineMeta(doc);
  const hints = [...machine.titles, titleWithoutSuffix(doc.title)].filter(Boolean);
  const hasTime = (el: Element) => linesBeside(el).some((line) => findPublishedTime(textOf(line)));
  const heading = findTitleElement(body, hints, hasTime);
  if (heading) meta.drop.push(heading.element);
  meta.title = heading?.text ?? hints[0];

  // Lines beside the title first, then the rest of the header area.
  const beside = heading ? linesBeside(heading.element) : [];
  // A title inside the body block (one wrapper for all) leaves the long paragraphs to say where the body starts.
  const stop = heading && bodyBlock?.contains(heading.element) ? undefined : bodyBlock;
  const header = headerLines(doc, heading?.element, stop).filter((line) => !beside.includes(line));
  for (const lines of [beside, header]) {
    const read = readLines(lines);
    meta.publishedAt ??= read.time;
    meta.source ??= read.source;
    for (const line of read.used) if (!meta.drop.some((d) => d.contains(line))) meta.drop.push(line);
  }
  meta.publishedAt ??= timeElement(doc, bodyBlock) ?? machine.publishedAt;

  const media = lastMediaLine(doc);
  if (media) {
    meta.mediaLine = textOf(media);
    // The source line is the convention the blog's categories come from: it wins.
    meta.source = sourceFromMediaLine(meta.mediaLine) ?? meta.source;
  }
  meta.source ??= machine.source;

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

interface ReadLines {
  time?: string;
  source?: string;
  /** The lines that gave the time or the source. */
  used: Element[];
}

/** The time (a labelled one first) and source (`文章来源：` first) of a run of info lines. */
function readLines(lines: Element[]): ReadLines {
  const read: ReadLines = { used: [] };
  let unlabelled: { time: string; line: Element } | undefined;
  let source: { name: string; line: Element; full: boolean } | undefined;
  for (const line of lines) {
    const text = textOf(line);
    const time = findPublishedTime(text);
    if (time?.labelled && !read.time) {
      read.time = time.iso;
      read.used.push(line);
    } else if (time && !unlabelled) unlabelled = { time: time.iso, line };
    const name = sourceFromInfoLine(text);
    const full = /文章来源/.test(text);
    if (name && (!source || (full && !source.full))) source = { name, line, full };
  }
  if (!read.time && unlabelled) {
    read.time = unlabelled.time;
    read.used.push(unlabelled.line);
  }
  if (source) {
    read.source = source.name;
    if (!read.used.includes(source.line)) read.used.push(source.line);
  }
  return read;
}

/** The first `<time datetime>` outside the body and any link list. */
function timeElement(doc: Document, bodyBlock: Element | undefined): string | undefined {
  for (const el of Array.from(doc.querySelectorAll('time[datetime]')).slice(0, 20)) {
    if (bodyBlock?.contains(el) || el.closest('li, a, nav, footer')) continue;
    const iso = readTime(el.getAttribute('datetime') ?? '');
    if (iso) return iso;
  }
  return undefined;
}

export function lastMediaLine(doc: Document): Element | undefined {
  const lines = doc.getElementsByClassName('em_media');
  return lines[lines.length - 1];
}

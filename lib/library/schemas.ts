/**
 * The shapes of what the library stores, as schemas: an article as it
 * arrives to be saved, its stored row (with the user's edits) and the
 * settings. Each boundary (a runtime message, a backup line, the settings
 * form) checks with these; the types in ../article.ts and records.ts are
 * what the code writes, these are what it accepts from outside.
 */
import * as v from 'valibot';
import type { Article } from '../article';
import { checkEdit, type EditRequest } from '../finews/edits';
import { finiteNumber, objectMessage, text } from '../protocol/validate';
import type { ArticleRecord } from './records';

/** Bounds on what an article may carry: far above any real page, far below what would hurt the library. */
export const ARTICLE_LIMITS = {
  /** Ids, addresses (and each image address). */
  address: 2_048,
  /** The extractor keeps a page's whole title (pages with 10,000-character titles exist). */
  title: 100_000,
  /** A page's source line, taken as it stands (hostile pages carry long ones). */
  source: 10_000,
  site: 253,
  /** Characters of body HTML (the extractor refuses pages of more than 5 million characters of text). */
  html: 20_000_000,
  /** Image addresses listed; only the first IMAGE_LIMITS.maxImages are ever fetched. */
  images: 500,
  tags: 1_000,
  /** A tag: the user's own, or a source's `<source>新闻`. */
  tag: 10_010,
};

const L = ARTICLE_LIMITS;

/** A time as ISO 8601; `what` names the field in the message. */
const isoDate = (what: string) =>
  v.pipe(
    v.string(`${what} must be a string when present`),
    v.maxLength(64, `${what} must be an ISO date`),
    v.check((value) => !Number.isNaN(Date.parse(value)), `${what} must be an ISO date`),
  );

/**
 * The fields an article and its row share, messages naming them as
 * `<prefix> "<field>"`. `images` is left to each caller: rows of older
 * versions may list any address, a new article only http(s) ones.
 */
function articleFields(prefix: string) {
  const name = (key: string) => `${prefix} "${key}"`;
  const string = (key: string, max: number) => text(max, `${name(key)} must be a string`, `${name(key)} is too long`);
  return {
    id: v.pipe(string('id', L.address), v.minLength(1, `${name('id')} must not be empty`)),
    infoCode: v.optional(text(64, `${name('infoCode')} must be a string when present`, `${name('infoCode')} is too long`)),
    url: string('url', L.address),
    canonicalUrl: string('canonicalUrl', L.address),
    title: string('title', L.title),
    publishedAt: v.optional(isoDate(name('publishedAt'))),
    source: v.optional(text(L.source, `${name('source')} must be a string when present`, `${name('source')} is too long`)),
    site: string('site', L.site),
  };
}

/** An http(s) address of bounded length: the only kind the background ever fetches. */
export const httpAddress = (message: string) =>
  v.pipe(v.string(message), v.maxLength(L.address, message), v.regex(/^https?:\/\/[^\s]+$/i, message));

/** An extracted article, as the content script sends it to be saved. */
export const ArticleSchema = v.strictObject(
  {
    ...articleFields('article'),
    html: text(L.html, 'article "html" must be a string', 'article "html" is too long'),
    images: v.pipe(
      v.array(httpAddress('article "images" must be a list of http(s) addresses'), 'article "images" must be a list of http(s) addresses'),
      v.maxLength(L.images, `article "images" lists more than ${L.images} addresses`),
    ),
  },
  objectMessage('article', 'the article must be an object'),
) satisfies v.GenericSchema<unknown, Article>;

/** The user's edits: each field as an edit would store it (checkEdit), and when it was made. */
const EditsSchema = v.pipe(
  v.strictObject(
    {
      title: v.optional(v.string('record "edited.title" must be a string')),
      publishedAt: v.optional(v.string('record "edited.publishedAt" must be a string')),
      source: v.optional(v.string('record "edited.source" must be a string')),
      at: finiteNumber('record "edited.at" must be a number'),
    },
    objectMessage('record "edited"', 'record "edited" must be an object'),
  ),
  v.rawCheck(({ dataset, addIssue }) => {
    if (!dataset.typed) return;
    const { at: _at, ...fields } = dataset.value;
    const checked = checkEdit(fields as EditRequest);
    if (!checked.ok) addIssue({ message: `record "edited" has an invalid ${checked.problem}` });
  }),
);

const stringList = (message: string, max: number, maxEach: number) =>
  v.pipe(v.array(text(maxEach, message), message), v.maxLength(max, message));

/** A stored article row, as a backup carries it. */
export const ArticleRecordSchema = v.strictObject(
  {
    ...articleFields('record'),
    images: stringList('record "images" must be a list of strings', L.images, L.address),
    savedAt: finiteNumber('record "savedAt" must be a number'),
    updatedAt: finiteNumber('record "updatedAt" must be a number'),
    sortTime: finiteNumber('record "sortTime" must be a number'),
    tags: stringList('record "tags" must be a list of strings', L.tags, L.tag),
    read: v.boolean('record "read" must be true or false'),
    edited: v.optional(EditsSchema),
  },
  objectMessage('article record', 'article "record" must be an object'),
) satisfies v.GenericSchema<unknown, ArticleRecord>;

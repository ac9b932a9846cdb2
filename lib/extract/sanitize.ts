/** The last safety pass: DOMPurify, created from the page's own window. */
import createDOMPurify, { type Config, type DOMPurify, type WindowLike } from 'dompurify';
import { MEDIA_CLASS, OUTPUT_TAGS } from './body-tags';

const SAFE_URL = /^(?:https?:|mailto:)/i;

const CONFIG: Config = {
  // body is the root DOMPurify parses into: left out, it counts as disallowed and
  // DOMPurify copies the whole body out of it on every call. It cannot smuggle
  // anything in: the parser folds a <body> tag in the input into the existing one.
  ALLOWED_TAGS: [...OUTPUT_TAGS, 'body'],
  ALLOWED_ATTR: ['href', 'src', 'alt', 'colspan', 'rowspan', 'class'],
  ALLOWED_URI_REGEXP: SAFE_URL,
  // DOMPurify checks every attribute not listed as URI-safe against the URL pattern.
  ADD_URI_SAFE_ATTR: ['colspan', 'rowspan'],
  ALLOW_DATA_ATTR: false,
  ALLOW_ARIA_ATTR: false,
  ALLOW_UNKNOWN_PROTOCOLS: false,
};

interface Purifiers {
  /** Returns sanitized HTML. */
  toHtml: DOMPurify;
  /** Same rules, returns the sanitized tree: used when only `removed` matters. */
  check: DOMPurify;
}

// Configured instances per window: creating and configuring one costs more than a sanitize.
const instances = new WeakMap<object, Purifiers | null>();

function create(win: WindowLike, config: Config): DOMPurify | null {
  const purify = createDOMPurify(win);
  if (!purify.isSupported) return null;
  purify.setConfig(config);
  purify.addHook('uponSanitizeAttribute', (node, data) => {
    // class survives only as the source line's marker; DOMPurify lets data: images
    // through by default, and this body allows no data: URL at all.
    if (data.attrName === 'class') {
      data.keepAttr = node.nodeName === 'P' && data.attrValue === MEDIA_CLASS;
    } else if ((data.attrName === 'src' || data.attrName === 'href') && !SAFE_URL.test(data.attrValue.trim())) {
      data.keepAttr = false;
    }
  });
  return purify;
}

function purifiersFor(win: WindowLike): Purifiers | null {
  let purifiers = instances.get(win);
  if (purifiers !== undefined) return purifiers;
  const toHtml = create(win, CONFIG);
  const check = toHtml && create(win, { ...CONFIG, RETURN_DOM: true });
  purifiers = toHtml && check ? { toHtml, check } : null;
  instances.set(win, purifiers);
  return purifiers;
}

function required(win: WindowLike): Purifiers {
  const purifiers = purifiersFor(win);
  if (!purifiers) throw new Error('DOMPurify is not supported in this window');
  return purifiers;
}

/** Whether `win` can host DOMPurify (a document made by DOMParser has no window). */
export function canSanitize(win: WindowLike | null): win is WindowLike {
  return !!win && purifiersFor(win) !== null;
}

/** Any stored body HTML, sanitized with the same rules (for surfaces that display it). */
export function sanitizeHtml(win: WindowLike, html: string): string {
  return String(required(win).toHtml.sanitize(html));
}

/**
 * The body, sanitized. `bare` is the blocks back to back; `laidOut` the same
 * blocks with whitespace between them (the stored layout). DOMPurify's cost is
 * per node, and those whitespace text nodes are a third of a long body's nodes,
 * so `bare` is what DOMPurify goes through. When it removes nothing (`removed`
 * lists every element and attribute it takes out), our clean-up produced only
 * what it allows, and `laidOut`, which adds nothing but inert whitespace between
 * those blocks, is returned as it is; a consumer parsing it gets exactly the tree
 * DOMPurify approved. Otherwise the laid-out string is sanitized and DOMPurify's
 * output returned. Strings, not nodes: DOMPurify's node and in-place modes walk
 * the tree in script first, which costs more than a native parse.
 */
export function sanitizeBody(win: WindowLike, bare: string, laidOut: string): string {
  const { check, toHtml } = required(win);
  check.sanitize(bare);
  if (check.removed.length === 0) return laidOut;
  return String(toHtml.sanitize(laidOut));
}

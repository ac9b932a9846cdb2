/**
 * Front matter the way the blog writes it, made safe: every value must parse
 * back as YAML (Jekyll reads it with Psych, YAML 1.1) to exactly what it was.
 */
export interface FrontMatter {
  title: string;
  /** `YYYY-MM-DD HH:MM:SS +0800` */
  date: string;
  category: string;
  tag: string;
}

export function frontMatter(fm: FrontMatter): string {
  return [
    '---',
    'layout: post',
    `title: ${yamlDoubleQuoted(printedEntities(fm.title))}`,
    `date: ${fm.date}`,
    `categories: ${printedScalar(fm.category)}`,
    `tags: ${printedScalar(fm.tag)}`,
    '---',
    '',
  ].join('\n');
}

/**
 * The blog's layouts print the title, the categories and the tags into HTML
 * unescaped (`{{ page.title }}`, `tags: <em>{{ page.tags }}</em>`), so in
 * each the three characters that could start markup or an entity are written
 * as entities: a source read from a hostile page (`<img onerror=…>`) becomes
 * a category and a tag too. (Liquid never runs over front matter, and a
 * printed variable is not rendered again, so `{{` stays inert as it is.)
 */
export function printedEntities(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

// A library has few sources, so an export writes the same few categories and tags thousands of times.
const printedScalars = new Map<string, string>();

function printedScalar(value: string): string {
  let printed = printedScalars.get(value);
  if (printed === undefined) {
    if (printedScalars.size >= 1000) printedScalars.clear();
    printed = yamlScalar(printedEntities(value));
    printedScalars.set(value, printed);
  }
  return printed;
}

const NAMED_ESCAPES: Record<string, string> = {
  '\\': '\\\\',
  '"': '\\"',
  '\0': '\\0',
  '\x07': '\\a',
  '\b': '\\b',
  '\t': '\\t',
  '\n': '\\n',
  '\v': '\\v',
  '\f': '\\f',
  '\r': '\\r',
  '\x1b': '\\e',
};

/** A YAML double-quoted scalar on one line; anything not printable is escaped. */
export function yamlDoubleQuoted(value: string): string {
  if (VERBATIM.test(value)) return `"${value}"`;
  let out = '"';
  for (const ch of value) {
    const named = NAMED_ESCAPES[ch];
    if (named) {
      out += named;
      continue;
    }
    const cp = ch.codePointAt(0)!;
    if (cp >= 0xd800 && cp <= 0xdfff) {
      // A lone surrogate cannot be written in UTF-8 at all.
      out += '\\uFFFD';
    } else if (!isYamlPrintable(cp)) {
      out += `\\u${cp.toString(16).toUpperCase().padStart(4, '0')}`;
    } else {
      out += ch;
    }
  }
  return `${out}"`;
}

// What the loop below keeps as it is (printable, not `"` or `\`), without surrogates: most titles.
const VERBATIM = /^[\x20\x21\x23-\x5b\x5d-\x7e\u00a0-\u2027\u202a-\ud7ff\ue000-\ufefe\uff00-\ufffd]*$/;

// YAML's printable set, minus the characters YAML treats as line breaks or
// a byte-order mark (U+0085, U+2028, U+2029, U+FEFF), which are escaped too.
function isYamlPrintable(cp: number): boolean {
  if (cp === 0x85 || cp === 0x2028 || cp === 0x2029 || cp === 0xfeff) return false;
  return (
    (cp >= 0x20 && cp <= 0x7e) ||
    (cp >= 0xa0 && cp <= 0xd7ff) ||
    (cp >= 0xe000 && cp <= 0xfffd) ||
    (cp >= 0x10000 && cp <= 0x10ffff)
  );
}

/**
 * A scalar written bare when that is certainly read back as the same string
 * (`dingxiribao`, `定西日报新闻`, `21shijijingjibaodao`), else double-quoted.
 * Bare means: starts with a letter or digit, holds only letters, digits,
 * marks, non-ASCII printable characters and `()._·-`, and does not look like
 * a YAML 1.1 number, boolean or null.
 */
export function yamlScalar(value: string): string {
  return isSafePlain(value) ? value : yamlDoubleQuoted(value);
}

const PLAIN = /^[\p{L}\p{N}][\p{L}\p{N}\p{M}()._\-\u00b7]*$/u;
const NON_ASCII_OK = /^[^\p{C}\p{Z}\u0085\u2028\u2029\ufeff]$/u;
const YAML11_WORDS = /^(?:y|yes|n|no|true|false|on|off|null)$/i;
// Anything number-like in YAML 1.1 (ints in any base, floats, sexagesimal, dates).
const NUMBERISH = /^[-+]?[0-9][0-9a-fA-FxXoObB._:eE+-]*$/;

function isSafePlain(value: string): boolean {
  if (value === '' || YAML11_WORDS.test(value) || NUMBERISH.test(value)) return false;
  for (const ch of value) {
    if (ch.codePointAt(0)! > 0x7f && !NON_ASCII_OK.test(ch)) return false;
  }
  // Non-ASCII characters outside the letter classes (fullwidth punctuation,
  // emoji) are fine in a plain scalar; only ASCII indicators are dangerous.
  const asciiPart = value.replace(/[^\x00-\x7f]/gu, 'a');
  return PLAIN.test(asciiPart) && /^[\p{L}\p{N}]/u.test(value);
}

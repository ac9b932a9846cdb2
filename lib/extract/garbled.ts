/**
 * Text read in the wrong encoding. A page that declares UTF-8 but holds GBK
 * bytes (a mirror that re-served an old page without converting it) decodes
 * to U+FFFD, the replacement character, for most of its Chinese: saving that
 * would store an unreadable article, so it is refused with its own message.
 * A stray bad byte or two in a real article is not garbled.
 */
const REPLACEMENT = /\uFFFD/g;
// Share of characters that are U+FFFD above which the text is unreadable.
const MAX_REPLACEMENT_SHARE = 0.05;
const MIN_REPLACEMENTS = 3;

/** Whether the U+FFFD in `text`, which holds `length` characters of words, make it unreadable. */
export function isGarbled(text: string, length: number): boolean {
  const replacements = text.match(REPLACEMENT)?.length ?? 0;
  return replacements >= MIN_REPLACEMENTS && replacements > length * MAX_REPLACEMENT_SHARE;
}

import { pinyin } from 'pinyin-pro';

/**
 * The blog's category slug for a source name: every Chinese character read
 * alone, in its most common reading (the crawler did not segment words, so
 * 重庆 is `zhongqing`), toneless and lower-case with `ü` written `v`; every
 * other character kept as it is. An override (source → slug) wins.
 */
export function categorySlug(source: string, overrides?: Record<string, string>): string {
  const override = overrides && Object.hasOwn(overrides, source) ? overrides[source] : undefined;
  if (override !== undefined && override.trim() !== '') return override.trim();
  let slug = sourceSlugs.get(source);
  if (slug === undefined) {
    // A library has few sources and many posts per source: each is read once
    // (reading per character was a tenth of an export's time).
    if (sourceSlugs.size >= 10_000) sourceSlugs.clear();
    slug = readEachCharacter(source);
    sourceSlugs.set(source, slug);
  }
  return slug;
}

const sourceSlugs = new Map<string, string>();

export { tagFor } from '../../finews/source-tag';

/**
 * An ASCII slug, `[a-z0-9-]` only, at most `maxLength` characters: Chinese
 * goes through the category reading first. Empty when nothing is left.
 */
export function asciiSlug(text: string, maxLength = 80): string {
  const slug = readEachCharacter(text.normalize('NFKD'))
    .replace(/\p{M}/gu, '') // Accents, split off by NFKD.
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  if (slug.length <= maxLength) return slug;
  const cut = slug.slice(0, maxLength);
  // Prefer ending at a word boundary when one is reasonably close.
  const dash = cut.lastIndexOf('-');
  return (dash >= maxLength / 2 ? cut.slice(0, dash) : cut).replace(/-+$/, '');
}

const HAN = /\p{Script=Han}/u;

function readEachCharacter(text: string): string {
  let out = '';
  for (const ch of text) {
    // One call per character: pinyin-pro would otherwise read by words.
    out += HAN.test(ch) ? pinyin(ch, { toneType: 'none', v: true }).toLowerCase() : ch;
  }
  return out;
}

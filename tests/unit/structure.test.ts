// Fails when the layout drifts from what README's "Architecture" describes,
// so a newcomer can keep trusting it.
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '..', '..');

/** Every .ts/.tsx file below `dir`, as a path from the repository's root with `/` separators. */
function sourceFiles(dir: string): string[] {
  return readdirSync(join(ROOT, dir), { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile() && /\.tsx?$/.test(entry.name))
    .map((entry) => relative(ROOT, join(entry.parentPath, entry.name)).split(sep).join('/'))
    .sort();
}

/** The module names a file imports (static, dynamic and type-only imports alike). */
function importsOf(file: string): string[] {
  const text = readFileSync(join(ROOT, file), 'utf8');
  return [...text.matchAll(/(?:\bfrom\s*|\bimport\s*\(?\s*)['"]([^'"]+)['"]/g)].map((m) => m[1]!);
}

/** Lines of a file, as `wc -l` counts them. */
function lineCount(file: string): number {
  return readFileSync(join(ROOT, file), 'utf8').split('\n').length - 1;
}

const MAX_LINES = 300;
/**
 * Product files allowed over MAX_LINES for now, each with its reason:
 * clean-body.ts is being reworked on another branch; split it once that lands.
 */
const KNOWN_LONG = new Set(['lib/extract/clean-body.ts']);
const MAX_LOOSE_LIB_FILES = 4;

describe('lib/', () => {
  const lib = sourceFiles('lib');

  it('runs outside the browser: only lib/platform/ imports WXT, the browser API or Preact', () => {
    const bound = lib
      .filter((file) => !file.startsWith('lib/platform/'))
      .flatMap((file) =>
        importsOf(file)
          .filter((name) => /^(wxt|@wxt-dev|webextension-polyfill|preact)(\/|$)/.test(name))
          .map((name) => `${file} imports ${name}`),
      );
    expect(bound).toEqual([]);
  });

  it('does not use the extension API outside lib/platform/', () => {
    const uses = lib
      .filter((file) => !file.startsWith('lib/platform/'))
      .filter((file) => /\b(browser|chrome)\.(runtime|tabs|storage|i18n|permissions|scripting|action|contextMenus|commands)\b/.test(readFileSync(join(ROOT, file), 'utf8')));
    expect(uses).toEqual([]);
  });

  it(`is made of domain folders, with at most ${MAX_LOOSE_LIB_FILES} loose files at its top`, () => {
    const loose = lib.filter((file) => file.split('/').length === 2);
    expect(loose.length, loose.join(', ')).toBeLessThanOrEqual(MAX_LOOSE_LIB_FILES);
  });
});

describe('components/', () => {
  it('stays presentational: no browser API, database or platform helper except the words (i18n)', () => {
    const reaching = sourceFiles('components').flatMap((file) =>
      importsOf(file)
        .filter((name) => /^wxt(\/|$)|lib\/library\/(db|articles|save|manage|settings)$|lib\/platform\/(?!i18n$)/.test(name))
        .map((name) => `${file} imports ${name}`),
    );
    expect(reaching).toEqual([]);
  });
});

describe('product files', () => {
  it(`stay under ${MAX_LINES} lines (known exceptions listed with their reason)`, () => {
    const product = ['lib', 'entrypoints', 'components'].flatMap(sourceFiles);
    const long = product.filter((file) => !KNOWN_LONG.has(file) && lineCount(file) > MAX_LINES);
    expect(long).toEqual([]);
  });

  it('keep no stale exception: each known long file exists and is still long', () => {
    for (const file of KNOWN_LONG) expect(lineCount(file), file).toBeGreaterThan(MAX_LINES);
  });
});

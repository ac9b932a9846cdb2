// Fails when the layout drifts from what README's "Architecture" describes,
// so a newcomer can keep trusting it.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
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
/** Product files allowed over MAX_LINES, each with its reason (none now). */
const KNOWN_LONG = new Set<string>([]);
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

/** The modules a file loads when it runs: its imports less the type-only ones (`import type …`), resolved. */
function runtimeImportsOf(file: string): { files: string[]; packages: string[] } {
  const text = readFileSync(join(ROOT, file), 'utf8');
  const names = [...text.matchAll(/^(?:import|export)\s+(?!type\s)(?:[^'";]*?\sfrom\s*)?['"]([^'"]+)['"]/gm)].map((m) => m[1]!);
  const files: string[] = [];
  const packages: string[] = [];
  for (const name of names) {
    if (!name.startsWith('.')) {
      packages.push(name.startsWith('@') ? name.split('/').slice(0, 2).join('/') : name.split('/')[0]!);
      continue;
    }
    const base = relative(ROOT, join(ROOT, file, '..', name)).split(sep).join('/');
    const found = [base, `${base}.ts`, `${base}.tsx`, `${base}/index.ts`].find((candidate) => /\.tsx?$/.test(candidate) && existsSync(join(ROOT, candidate)));
    if (found) files.push(found);
  }
  return { files, packages };
}

/** Every package the code reached from `entry` loads when it runs. */
function packagesLoadedBy(entry: string): Set<string> {
  const seen = new Set<string>();
  const packages = new Set<string>();
  const visit = (file: string) => {
    if (seen.has(file)) return;
    seen.add(file);
    const imports = runtimeImportsOf(file);
    imports.packages.forEach((name) => packages.add(name));
    imports.files.forEach(visit);
  };
  visit(entry);
  return packages;
}

describe('the scripts that run in web pages', () => {
  // Dexie holds a U+FFFF key sentinel, and Chrome refuses to load an extension whose content
  // script holds one ("isn't UTF-8 encoded"): the whole extension then fails to load.
  it.each(['entrypoints/finews.content/index.tsx', 'entrypoints/page-extract.ts'])('%s never loads Dexie (the library lives in extension pages)', (entry) => {
    expect([...packagesLoadedBy(entry)]).not.toContain('dexie');
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

/** A relative import from `file`, resolved to the source file it names; undefined for packages. */
function resolveImport(file: string, name: string): string | undefined {
  if (!name.startsWith('.')) return undefined;
  const base = relative(ROOT, join(ROOT, file, '..', name)).split(sep).join('/');
  return [base, `${base}.ts`, `${base}.tsx`, `${base}/index.ts`].find((candidate) => /\.tsx?$/.test(candidate) && existsSync(join(ROOT, candidate)));
}

/** A file's text without its comments, so a name in a comment is not a use. */
function codeOf(file: string): string {
  return readFileSync(join(ROOT, file), 'utf8').replace(/\/\*[\s\S]*?\*\//g, '').replace(/^\s*\/\/.*$/gm, '');
}

/**
 * What product code imports, as `file#name`; a namespace or dynamic import
 * (`import * as`, `import('…')`) counts as `file#*`.
 */
function productImports(files: string[]): Set<string> {
  const used = new Set<string>();
  for (const file of files) {
    const code = codeOf(file);
    for (const [, clause, name] of code.matchAll(/\b(?:import|export)\s+(?:type\s+)?([^'";]*?)\s*from\s*['"]([^'"]+)['"]/g)) {
      const target = resolveImport(file, name!);
      if (!target) continue;
      if (clause!.includes('*')) used.add(`${target}#*`);
      if (/^\w/.test(clause!)) used.add(`${target}#default`);
      for (const part of clause!.match(/\{([^}]*)\}/)?.[1]?.split(',') ?? []) used.add(`${target}#${part.trim().replace(/^type\s+/, '').split(/\s+as\s+/)[0]}`);
    }
    for (const [, name] of code.matchAll(/\bimport\(\s*['"]([^'"]+)['"]\s*\)/g)) {
      const target = resolveImport(file, name!);
      if (target) used.add(`${target}#*`);
    }
  }
  return used;
}

/** Product code outside the three folders: the user-facing command, and the manifest's source. */
const PRODUCT_COMMANDS = ['scripts/post.ts', 'wxt.config.ts'];
/**
 * lib/ exports that only tests call, each with its reason. (Folders end in
 * `/`.) Anything else that only tests or the bench run belongs in tests/ or
 * scripts/, not in the product.
 */
const TEST_ONLY_EXPORTS = new Map([
  ['lib/library/integrity.ts#checkIntegrity', 'issue 13 asks for a library integrity check that tests can call; it reads the schema, so it lives beside db.ts'],
]);

describe('lib/ exports', () => {
  it('hold no code that only tests or the bench run (a function or constant no product file imports and its own file does not use)', () => {
    const used = productImports([...['lib', 'entrypoints', 'components'].flatMap(sourceFiles), ...PRODUCT_COMMANDS]);
    const testOnly = sourceFiles('lib')
      .filter((file) => !used.has(`${file}#*`) && ![...TEST_ONLY_EXPORTS.keys()].some((key) => key.endsWith('/') && file.startsWith(key)))
      .flatMap((file) => {
        const code = codeOf(file);
        return [...code.matchAll(/^export\s+(?:async\s+)?(?:function\*?|const|let|class)\s+(\w+)/gm)]
          .map((m) => m[1]!)
          .filter((name) => !used.has(`${file}#${name}`) && code.match(new RegExp(`\\b${name}\\b`, 'g'))!.length === 1)
          .map((name) => `${file}#${name}`);
      })
      .filter((entry) => !TEST_ONLY_EXPORTS.has(entry));
    expect(testOnly).toEqual([]);
  });

  it('keep no stale exception: each listed test-only export still exists', () => {
    for (const key of TEST_ONLY_EXPORTS.keys()) {
      const [file, name] = key.split('#');
      expect(existsSync(join(ROOT, file!)), key).toBe(true);
      if (name) expect(codeOf(file!), key).toMatch(new RegExp(`^export\\s+(?:async\\s+)?function\\s+${name}\\b`, 'm'));
    }
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

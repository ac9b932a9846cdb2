/**
 * Where the Firefox tests find their parts: the Firefox executable (or a
 * message saying how to get one), the built MV2 folder, and the store zip a
 * user installs, refused when older than the build it should hold.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { ROOT } from './chromium';

export const FIREFOX_EXTENSION_DIR = path.join(ROOT, '.output', 'firefox-mv2');
/** Any fixed UUID: it makes the extension's address the same in every run. */
export const FIREFOX_EXTENSION_UUID = '5b0f3c1e-7d2a-4e8f-9c61-3a4d2e1f0b7c';

const CANDIDATES = ['/usr/bin/firefox-esr', '/usr/bin/firefox'];
/** The manifest's `strict_min_version` (wxt.config.ts). */
export const MIN_FIREFOX = 142;

/** `FIREFOX_PATH`, else a Firefox found on the machine; else a message saying how to get one. */
export function findFirefox(): string {
  const fromEnv = process.env.FIREFOX_PATH;
  if (fromEnv) {
    if (!existsSync(fromEnv)) throw new Error(`FIREFOX_PATH points to ${fromEnv}, which does not exist.`);
    return fromEnv;
  }
  const found = CANDIDATES.find((candidate) => existsSync(candidate));
  if (found) return found;
  throw new Error(
    'No Firefox found. Install one (Debian/Ubuntu: `sudo apt-get install -y firefox-esr`, 142 or newer) ' +
      'or set FIREFOX_PATH to a Firefox executable.',
  );
}

/** The zip `npm run zip` makes for Firefox: what a user installs. */
export function firefoxPackage(): string {
  const { version } = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { version: string };
  const zip = path.join(ROOT, '.output', `finews-reader-${version}-firefox.zip`);
  if (!existsSync(zip)) throw new Error(`The Firefox package is missing (${path.relative(ROOT, zip)}): run \`npm run zip\` first.`);
  // A build made after the zip means the zip tests old code.
  const built = path.join(FIREFOX_EXTENSION_DIR, 'manifest.json');
  if (existsSync(built) && statSync(built).mtimeMs > statSync(zip).mtimeMs + 1000) {
    throw new Error(`The Firefox package ${path.relative(ROOT, zip)} is older than the build: run \`npm run zip\` again.`);
  }
  return zip;
}

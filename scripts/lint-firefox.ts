/**
 * `web-ext lint` on the Firefox build, failing on any error and on any
 * warning that the README does not explain. The explained ones are
 * innerHTML assignments inside libraries and the export worker's domino,
 * recognised by the code around them.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { ROOT } from './chromium';

const SOURCE = path.join(ROOT, '.output', 'firefox-mv2');

/** Each explained warning: where it comes from, and a fragment of the code it flags. */
const EXPLAINED = [
  { library: 'Readability (restores a candidate while it pages through the article)', near: '_attempts' },
  { library: 'Readability (unwraps single images out of <noscript>)', near: '_isSingleImage' },
  { library: 'DOMPurify (parses the HTML to clean inside an inert template document)', near: 'createDocument(' },
  { library: 'Preact (dangerouslySetInnerHTML support, in every Preact bundle; only the reader uses it, with DOMPurify output)', near: '__html' },
  { library: 'the export worker (parses a cleaned body into domino\'s document, a plain JavaScript object: no page, nothing runs)', near: 'turndown-root' },
];

interface Message {
  code: string;
  message: string;
  file?: string;
  line?: number;
  column?: number;
}

let raw: string;
try {
  raw = execFileSync('npx', ['web-ext', 'lint', '--source-dir', SOURCE, '--self-hosted', '--output', 'json'], { cwd: ROOT, encoding: 'utf8' });
} catch (error) {
  // web-ext exits non-zero when it finds errors; its report is still on stdout.
  raw = (error as { stdout?: string }).stdout ?? '';
}
const report = JSON.parse(raw) as { errors: Message[]; warnings: Message[]; notices: Message[] };

const unexplained: string[] = [];
const explained = new Map<string, number>();
for (const warning of report.warnings) {
  const code = warning.file ? readFileSync(path.join(SOURCE, warning.file), 'utf8').split('\n')[(warning.line ?? 1) - 1] ?? '' : '';
  const around = code.slice(Math.max(0, (warning.column ?? 0) - 200), (warning.column ?? 0) + 100);
  const known = warning.code === 'UNSAFE_VAR_ASSIGNMENT' ? EXPLAINED.find((entry) => around.includes(entry.near)) : undefined;
  if (known) explained.set(known.library, (explained.get(known.library) ?? 0) + 1);
  else unexplained.push(`${warning.code} ${warning.file ?? ''}:${warning.line ?? ''} ${warning.message}`);
}

for (const [library, count] of explained) console.log(`explained warning ×${count}: ${library}`);
for (const error of report.errors) console.error(`error: ${error.code} ${error.file ?? ''} ${error.message}`);
for (const line of unexplained) console.error(`unexplained warning: ${line}`);
console.log(`web-ext lint: ${report.errors.length} errors, ${report.warnings.length} warnings (${unexplained.length} unexplained), ${report.notices.length} notices`);
if (report.errors.length || unexplained.length) process.exit(1);

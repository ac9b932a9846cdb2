// The extension's own messages (public/_locales) as a page gets them from
// browser.i18n, for unit and browser tests that check what the reader is told in each
// language: placeholders ($HOST$) resolve to their substitution ($1).
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { failureKey } from '../lib/platform/i18n';
import type { SyncWords } from '../lib/sync/sync-words';
import type { MessageKey } from '../lib/words';

interface Entry {
  message: string;
  placeholders?: Record<string, { content: string }>;
}

const dir = path.resolve(import.meta.dirname, '../public/_locales');

export type Locale = 'zh_CN' | 'en';

export function localeMessages(locale: Locale): Record<string, Entry> {
  return JSON.parse(readFileSync(path.join(dir, locale, 'messages.json'), 'utf8')) as Record<string, Entry>;
}

/** The words of one locale; a missing key throws, so a test cannot pass on a key shown raw. */
export function localeWords(locale: Locale): SyncWords {
  const messages = localeMessages(locale);
  const t = (key: MessageKey, ...subs: string[]): string => {
    const entry = messages[key];
    if (!entry) throw new Error(`no message ${key} in ${locale}`);
    return entry.message.replace(/\$([A-Za-z_]+)\$/g, (_, name: string) => {
      const content = entry.placeholders?.[name.toLowerCase()]?.content ?? '';
      return content.replace(/\$(\d)/g, (__, n: string) => subs[Number(n) - 1] ?? '');
    });
  };
  return { t, reason: (reason) => t(failureKey(reason)), when: (at) => new Date(at).toISOString() };
}

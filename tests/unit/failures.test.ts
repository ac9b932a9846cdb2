// Every failure reason has its own words in both languages: none is shown
// as another (the popup once showed "tag empty" as a storage failure).
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { FailureReason } from '../../lib/errors';
import { failureKey } from '../../lib/platform/i18n';
import { extractArticle } from '../../lib/extract/index';

const dir = path.resolve(import.meta.dirname, '../../public/_locales');
const load = (locale: string) => JSON.parse(readFileSync(path.join(dir, locale, 'messages.json'), 'utf8')) as Record<string, { message: string }>;

// A Record, so that a reason added to FailureReason without being listed here fails typecheck.
const REASONS: Record<FailureReason, true> = {
  'not-article': true,
  'no-body': true,
  'too-large': true,
  garbled: true,
  'extract-error': true,
  unreachable: true,
  permission: true,
  interrupted: true,
  quota: true,
  upgrade: true,
  storage: true,
  'invalid-input': true,
  'not-found': true,
  forbidden: true,
  unexpected: true,
};

describe('failure reasons', () => {
  it('each has its own message, in both languages', () => {
    const reasons = Object.keys(REASONS) as FailureReason[];
    const keys = reasons.map(failureKey);
    expect(new Set(keys).size).toBe(reasons.length);
    for (const locale of ['en', 'zh_CN']) {
      const messages = load(locale);
      for (const key of keys) expect(messages[key]?.message, `${locale} ${key}`).toBeTruthy();
    }
  });

  it('an exception inside the extractor is its own reason, logged, not "not an article"', () => {
    const errors: unknown[] = [];
    const original = console.error;
    console.error = (...args: unknown[]) => void errors.push(args);
    try {
      // A document whose body cannot even be read: the extractor throws on it.
      const broken = { get body(): never { throw new Error('boom'); } } as unknown as Document;
      expect(extractArticle(broken, 'https://news.example.com/a')).toMatchObject({ ok: false, reason: 'extract-error' });
    } finally {
      console.error = original;
    }
    expect(errors).toHaveLength(1);
  });
});

import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const dir = path.resolve(import.meta.dirname, '../../public/_locales');
const load = (locale: string) => JSON.parse(readFileSync(path.join(dir, locale, 'messages.json'), 'utf8')) as Record<string, { message: string }>;

describe('locales', () => {
  it('zh_CN and en define the same messages, none empty', () => {
    const zh = load('zh_CN');
    const en = load('en');
    expect(Object.keys(zh).sort()).toEqual(Object.keys(en).sort());
    for (const [key, value] of [...Object.entries(zh), ...Object.entries(en)]) expect(value.message.trim(), key).not.toBe('');
  });
});

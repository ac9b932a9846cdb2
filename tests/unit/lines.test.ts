import { describe, expect, it } from 'vitest';
import { splitLines } from '../../lib/backup/lines';
import { formatSlugOverrides, parseSlugOverrides } from '../../lib/library/settings';

async function collect(chunks: string[]): Promise<string[]> {
  const out: string[] = [];
  async function* source() {
    yield* chunks;
  }
  for await (const line of splitLines(source())) out.push(line);
  return out;
}

describe('splitLines', () => {
  it('joins lines cut across chunks and drops line endings', async () => {
    expect(await collect(['a\r\nb', 'c\n', '\nd'])).toEqual(['a', 'bc', '', 'd']);
    expect(await collect(['x\n'])).toEqual(['x']);
    expect(await collect([])).toEqual([]);
  });
});

describe('slug override text', () => {
  it('round-trips and reports the bad line', () => {
    const overrides = { 重庆商报: 'chongqingshangbao', '上海证券报·中国证券网': 'cnstock' };
    expect(parseSlugOverrides(formatSlugOverrides(overrides))).toEqual(overrides);
    expect(parseSlugOverrides('\n a = b \n\n')).toEqual({ a: 'b' });
    expect(() => parseSlugOverrides('ok = x\nno equals sign')).toThrow(/line 2/);
  });
});

import { describe, expect, it } from 'vitest';
import { highlightPieces } from '../../lib/library/search/highlight';

describe('highlightPieces', () => {
  it('marks every word of the query in the title, ignoring case, longest first', () => {
    expect(highlightPieces('潍柴动力(000338)：新能源重卡订单快速增长', '重卡 订单')).toEqual([
      { text: '潍柴动力(000338)：新能源', hit: false },
      { text: '重卡', hit: true },
      { text: '订单', hit: true },
      { text: '快速增长', hit: false },
    ]);
    expect(highlightPieces('HFO-1234yf 制冷剂', 'hfo')).toEqual([
      { text: 'HFO', hit: true },
      { text: '-1234yf 制冷剂', hit: false },
    ]);
    expect(highlightPieces('营商环境', '营商 营商环境')).toEqual([{ text: '营商环境', hit: true }]);
    expect(highlightPieces('没有', '  ')).toEqual([{ text: '没有', hit: false }]);
  });
});

describe('markWords', () => {
  it('marks the words in the text of a body, never its markup', async () => {
    const { JSDOM } = await import('jsdom');
    const { markWords } = await import('../../lib/library/search/mark-words');
    const { document } = new JSDOM('<div><p>重卡<b>订单</b>增长，重卡</p><p title="重卡">&lt;重卡&gt;</p></div>').window;
    const root = document.querySelector('div')!;
    expect(markWords(root, '重卡 订单')).toBe(4);
    expect(root.innerHTML).toBe('<p><mark>重卡</mark><b><mark>订单</mark></b>增长，<mark>重卡</mark></p><p title="重卡">&lt;<mark>重卡</mark>&gt;</p>');
    expect(markWords(root, ' ')).toBe(0);
  });
});

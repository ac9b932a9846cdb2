/** The small rules extraction is built from: times, page kinds, furniture lines. */
import { describe, expect, it } from 'vitest';
import { isLinksOnly, isNoiseLine, isRelatedHeading, sourceFromInfoLine, sourceFromMediaLine } from '../../lib/extract/noise';
import { classifyPage } from '../../lib/extract/page-kind';
import { findFinewsTime, normalizeIsoTime } from '../../lib/extract/published-time';

describe('findFinewsTime', () => {
  it.each([
    ['2022-02-10 08:10:19', '2022-02-10T08:10:19+08:00'],
    ['2022-02-10 08:10', '2022-02-10T08:10:00+08:00'],
    ['2022年02月10日 08:10', '2022-02-10T08:10:00+08:00'],
    ['2022年2月5日 8:05', '2022-02-05T08:05:00+08:00'],
    ['(GMT+8, Asia/Shanghai, CST) 2022-02-10 08:10:19', '2022-02-10T08:10:19+08:00'],
    ['2022-02-28 09:45　来源：经济参考报', '2022-02-28T09:45:00+08:00'],
    ['发布时间：2022/03/01 23:59:59', '2022-03-01T23:59:59+08:00'],
  ])('%s → %s', (text, iso) => {
    expect(findFinewsTime(text)).toBe(iso);
  });

  it.each(['', '来源：定西日报', '2022-02-10', '2022-02-30 08:10', '2022-13-01 08:10', '2022-02-10 24:10', '2022-02-10 08:60'])(
    'finds no time in %j',
    (text) => {
      expect(findFinewsTime(text)).toBeUndefined();
    },
  );
});

describe('normalizeIsoTime', () => {
  it.each([
    ['2022-02-10T08:10:19+08:00', '2022-02-10T08:10:19+08:00'],
    ['2022-02-10T00:10:19Z', '2022-02-10T00:10:19+00:00'],
    ['2022-02-10T08:10+0800', '2022-02-10T08:10:00+08:00'],
    ['2022-02-10T08:10:19.123-05:00', '2022-02-10T08:10:19-05:00'],
  ])('%s → %s', (value, iso) => {
    expect(normalizeIsoTime(value)).toBe(iso);
  });

  it('leaves times without an offset unknown', () => {
    expect(normalizeIsoTime('2022-02-10T08:10:19')).toBeUndefined();
    expect(normalizeIsoTime('yesterday')).toBeUndefined();
    expect(normalizeIsoTime(null)).toBeUndefined();
  });
});

describe('classifyPage', () => {
  it.each([
    ['http://finews.zning.xyz/html_News/NewsShare.html?infoCode=NW202202102271830933', 'share', 'NW202202102271830933'],
    ['https://choicewzp1.eastmoney.com/html_News/NewsShare.html?infoCode=202112082206672930', 'share', '202112082206672930'],
    ['https://finews.withounder.com/2022/02/10/NW202202102271830933.html', 'blog', 'NW202202102271830933'],
    ['https://finews.withounder.com/2022/02/10/not-a-code.html', 'blog', undefined],
    ['https://finance.eastmoney.com/a/202202102271830933.html', 'finance', undefined],
    ['https://finews.withounder.com/category/dingxiribao.html', 'other', undefined],
    ['https://finews.withounder.com/', 'other', undefined],
    ['https://finance.eastmoney.com/', 'other', undefined],
    ['https://example.com/a/1.html', 'other', undefined],
    ['not a url', 'other', undefined],
  ])('%s is %s', (url, kind, infoCode) => {
    expect(classifyPage(url)).toEqual({ kind, infoCode });
  });
});

describe('furniture lines', () => {
  it.each([
    '在东方财富看资讯行情，选东方财富证券一站式开户交易>>',
    '（责任编辑：DF537）',
    '(责任编辑：王某)',
    '责任编辑：DF385',
    '打开APP',
    '打开东方财富APP，查看更多精彩资讯',
    '打开东方财富APP 查看更多行情',
    '下载东方财富APP',
    '郑重声明：东方财富网发布此信息的目的在于传播更多信息，与本站立场无关。',
    'Copyright 2004-2022 东方财富网 版权所有',
    '正在加载…',
    '抱歉，该资讯不存在或已被删除。',
  ])('%s is furniture', (text) => {
    expect(isNoiseLine(text)).toBe(true);
  });

  it.each([
    '分析人士指出，当前银行板块估值处于历史低位。',
    '该公司表示将通过APP向用户推送服务通知，打开APP即可查看。'.repeat(12),
    '东方财富发布2021年年度报告，营业总收入同比增长。',
    '责任编辑部门表示，相关工作正在推进。',
  ])('%s is text', (text) => {
    expect(isNoiseLine(text)).toBe(false);
  });

  it('recognises related-news headings', () => {
    expect(isRelatedHeading('相关阅读：')).toBe(true);
    expect(isRelatedHeading('相关新闻')).toBe(true);
    expect(isRelatedHeading('相关部门表示')).toBe(false);
  });

  it('recognises lines made of links only', () => {
    expect(isLinksOnly('返回定西日报新闻｜返回首页', '返回定西日报新闻返回首页'.length)).toBe(true);
    expect(isLinksOnly('详情请见公告全文', 2)).toBe(false);
    expect(isLinksOnly('没有链接', 0)).toBe(false);
  });

  it('reads sources', () => {
    expect(sourceFromMediaLine('（文章来源：定西日报）')).toBe('定西日报');
    expect(sourceFromMediaLine('(文章来源：中国证券报·中证网)')).toBe('中国证券报·中证网');
    expect(sourceFromMediaLine('（文章来源：安信国际证券(香港)）')).toBe('安信国际证券(香港)');
    expect(sourceFromMediaLine('来源不明')).toBeUndefined();
    expect(sourceFromInfoLine('2022-02-10 08:10:19来源：定西日报')).toBe('定西日报');
    expect(sourceFromInfoLine('2022-02-28 09:45　来源：经济参考报')).toBe('经济参考报');
    expect(sourceFromInfoLine('来源： 证券日报 | 作者：某某')).toBe('证券日报');
    expect(sourceFromInfoLine('2022-02-10 08:10:19')).toBeUndefined();
  });
});

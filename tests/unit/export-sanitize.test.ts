import { describe, expect, it } from 'vitest';
import { bodyBlocks } from '../../lib/export/post/blocks';
import { parseHtml } from '../../lib/html/parse';
import { safeUrl, parseAllowListed, serializeHtml } from '../../lib/html/allow-list';

const clean = (html: string) => serializeHtml(parseAllowListed(html));

describe('parseHtml', () => {
  it('builds a tree the way HTML does for the common cases', () => {
    expect(serializeHtml(parseHtml('<p>a<p>b<div>c</div>'))).toBe('<p>a</p><p>b</p><div>c</div>');
    expect(serializeHtml(parseHtml('<ul><li>a<li>b</ul>'))).toBe('<ul><li>a</li><li>b</li></ul>');
    expect(serializeHtml(parseHtml('<p>x</span>y</p>'))).toBe('<p>xy</p>');
    expect(parseHtml('<p>a<!-- c --> b</p><!--->')).toEqual([{ type: 'element', tag: 'p', attrs: [], children: [{ type: 'text', raw: 'a b' }] }]);
  });

  it('reads attributes in every quoting style', () => {
    const [el] = parseHtml(`<img SRC=a.jpg alt='x "y"' title="t" hidden src="second">`);
    expect(el).toMatchObject({ tag: 'img', attrs: [['src', 'a.jpg'], ['alt', 'x "y"'], ['title', 't'], ['hidden', '']] });
  });
});

describe('parseAllowListed', () => {
  it('keeps clean article markup as it is', () => {
    const html = '<p>本报讯 “十四五”</p><p class="em_media">（文章来源：定西日报）</p>';
    expect(clean(html)).toBe(html);
    const table = '<table><thead><tr><th colspan="2" align="center">a</th></tr></thead><tbody><tr><td>1</td><td>2</td></tr></tbody></table>';
    expect(clean(table)).toBe(table);
  });

  it.each([
    ['<p>a<script>alert(1)</script>b</p>', '<p>ab</p>'],
    ['<p>a<SCRIPT type="x">if (a</p>) {}</SCRIPT>b</p>', '<p>ab</p>'],
    ['<p onclick="x()" onmouseover=y style="color:red" id="i">a</p>', '<p>a</p>'],
    ['<a href="javascript:alert(1)">x</a>', '<a>x</a>'],
    ['<a href="  JaVaScRiPt:alert(1)">x</a>', '<a>x</a>'],
    ['<a href="jav&#x61;script:alert(1)">x</a>', '<a>x</a>'],
    ['<a href="jav&#97script:alert(1)">x</a>', '<a>x</a>'],
    ['<a href="java&Tab;script:alert(1)">x</a>', '<a>x</a>'],
    ['<a href="java&UnknownEntity;script:alert(1)">x</a>', '<a>x</a>'],
    ['<a href="java\tscript:alert(1)">x</a>', '<a>x</a>'],
    ['<a href="data:text/html,<script>alert(1)</script>">x</a>', '<a>x</a>'],
    ['<a href="vbscript:x">x</a>', '<a>x</a>'],
    ['<img src="javascript:alert(1)">', ''],
    ['<img src="x.jpg" onerror="alert(1)">', ''],
    ['<img src="data:image/svg+xml,<svg onload=alert(1)>">', ''],
    ['<iframe src="https://evil.example/"></iframe>x', 'x'],
    ['<iframe srcdoc="<script>alert(1)</script>">y</iframe>x', 'x'],
    ['<object data="x.swf"><param name="a"><embed src="x.swf"></object>x', 'x'],
    ['<svg><script>alert(1)</script><a xlink:href="javascript:x">t</a></svg>x', 'x'],
    ['<math><mi xlink:href="javascript:alert(1)">t</mi></math>x', 'x'],
    ['<style>*{}</style><link rel="stylesheet" href="x.css"><meta http-equiv="refresh" content="0;url=javascript:x">x', 'x'],
    ['<form action="javascript:x"><input value="v"><button formaction="javascript:y">b</button>t</form>', 't'],
    ['<noscript><img src=x onerror=alert(1)></noscript>x', 'x'],
    ['<template><script>alert(1)</script></template>x', 'x'],
    ['<textarea><script>alert(1)</script></textarea>x', 'x'],
    ['<p style="display: none">hidden</p><p hidden>h2</p>x', 'x'],
    ['<base href="javascript:x"><p>t</p>', '<p>t</p>'],
    ['<video src="v.mp4" onplay="x()"></video><audio src="a.mp3"></audio>x', 'x'],
    ['<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>', '<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>'],
    ['<p>a < b & c > d</p>', '<p>a &lt; b &amp; c &gt; d</p>'],
    ['<p>x<', '<p>x&lt;</p>'],
    ['<p title="a&quot; onclick=&quot;x">t</p>', '<p>t</p>'],
    ['<abbr title="a&quot; onclick=&quot;x">t</abbr>', '<abbr title="a&quot; onclick=&quot;x">t</abbr>'],
    ['<img src="https://a.example/x.jpg" alt="a&quot;b" title=\'"\'>', '<img src="https://a.example/x.jpg" alt="a&quot;b" title="&quot;">'],
    ['<font color="red"><center>t</center></font>', 't'],
  ])('%s → %s', (input, output) => {
    expect(clean(input)).toBe(output);
  });

  it('never lets active markup through a hostile corpus', () => {
    const hostile = [
      '<scr<script>ipt>alert(1)</script>',
      '<<script>script>alert(1)<</script>/script>',
      '<img/src="x"/onerror=alert(1)>',
      '<a href=javascript&colon;alert(1)>x</a>',
      '<a/href="javascript:alert(1)">x</a>',
      '<p <script>>x</p>',
      '<!--><script>alert(1)</script>-->',
      '<![CDATA[<script>alert(1)</script>]]>',
      '<div><iframe/src=x></div>',
      '<table><tr><td><script>alert(1)</script></td></tr></table>',
      '<a href="https://ok.example/" onclick="x">ok</a>',
      '<img src="https://a.example/a.jpg" srcset="javascript:x 1x">',
      '<p><a href="&#1;javascript:alert(1)">x</a></p>',
      '<p style="background:url(javascript:alert(1))">x</p>',
    ].join('');
    const out = clean(hostile);
    expect(out).not.toMatch(/<(?:script|iframe|object|embed|svg|math|style|form|input|button|meta|link|base)\b/i);
    expect(out).not.toMatch(/\son[a-z]+\s*=/i);
    expect(out).not.toMatch(/(?:href|src|srcset)="\s*(?:javascript|vbscript|data):/i);
    expect(out).not.toMatch(/\sstyle=/i);
  });
});

describe('safeUrl', () => {
  it('allows only the listed schemes, and relative addresses when asked', () => {
    expect(safeUrl('https://a.example/x?y=1', ['http', 'https'])).toBe('https://a.example/x?y=1');
    expect(safeUrl('mailto:a@b.c', ['http', 'https'])).toBeUndefined();
    expect(safeUrl('/x', ['http'])).toBeUndefined();
    expect(safeUrl('/x', ['http'], true)).toBe('/x');
    expect(safeUrl('//cdn.example/x', ['http'], true)).toBe('//cdn.example/x');
  });

  it('percent-encodes what Markdown, Liquid or HTML would act on', () => {
    expect(safeUrl('https://a.example/a b/{{x}}/(c)|"<>`', ['https'])).toBe(
      'https://a.example/a%20b/%7B%7Bx%7D%7D/%28c%29%7C%22%3C%3E%60',
    );
  });
});

describe('bodyBlocks', () => {
  const blocks = (html: string) => bodyBlocks(html).map((b) => serializeHtml([b]));

  it('flattens wrappers, wraps loose text, drops empty paragraphs and indents', () => {
    expect(blocks('<div id="readability-page-1"><div><p>　　a</p><p> </p><p><br></p>text <b>bold</b><div>line</div></div></div>')).toEqual([
      '<p>a</p>',
      '<p>text <b>bold</b></p>',
      '<p>line</p>',
    ]);
    expect(blocks('<p>&#12288;&#12288;a<br>\n　　b</p>')).toEqual(['<p>a<br>b</p>']);
  });

  it('keeps images and tables as blocks', () => {
    expect(blocks('<img src="https://a.example/x.jpg"><table><tr><td>1</td></tr></table>')).toEqual([
      '<p><img src="https://a.example/x.jpg"></p>',
      '<table><tr><td>1</td></tr></table>',
    ]);
  });
});

/**
 * Eastmoney page furniture recognised by its text: lines that sit inside or next
 * to article bodies but are not article text.
 */

// Only short blocks can be furniture; a long paragraph that mentions "打开APP" is text.
const MAX_NOISE_LENGTH = 300;
// Every pattern below needs one of these: one scan rules out most paragraphs.
const NOISE_HINT = /责任编辑|东方财富|东财|天天基金|choice|开户|app|声明|风险提示|版权所有|copyright|©|\(c\)|加载|抱歉|对不起/i;

// A share page's error state in place of the body: 抱歉，该资讯不存在或已被删除。
const ARTICLE_GONE = /^(?:抱歉|对不起)\s*[，,！!]?.{0,30}(?:不存在|已删除|已被删除|已下线|无法访问|加载失败)/;

const NOISE_LINES: RegExp[] = [
  // (责任编辑：DF537) and 责任编辑：王某
  /^[(（]?\s*责任编辑\s*[：:].{0,40}[)）]?$/,
  // 在东方财富看资讯行情，选东方财富证券一站式开户交易>> and its variants
  /^在东方财富.{0,30}(?:开户|交易|行情)/,
  /一站式开户交易\s*(?:>>|》》|＞＞|>)?$/,
  /^(?:东方财富|天天基金|Choice).{0,30}(?:>>|》》|＞＞)$/i,
  // "打开APP" banners
  /^(?:点击)?(?:打开|下载|安装)\s*(?:东方财富|东财)?\s*APP/i,
  /(?:打开|下载)\s*(?:东方财富|东财)?\s*APP\s*(?:，|,)?\s*(?:查看|阅读|看)/i,
  // disclaimers
  /^(?:【\s*)?郑重声明\s*[：:】]/,
  /^(?:免责声明|风险提示)\s*[：:].{0,200}(?:投资建议|风险自担|仅供参考)/,
  // page footers that Readability sometimes pulls in with the body
  /^(?:copyright|©|\(c\))\s/i,
  /版权所有\s*$/,
  // a share page's error state in place of the body
  ARTICLE_GONE,
];

// Headings that introduce a related-news list.
const RELATED_HEADING =
  /^(?:相关(?:新闻|阅读|资讯|文章|报道|推荐|链接)|延伸阅读|推荐阅读|猜你喜欢|热门(?:文章|资讯|推荐))\s*[：:]?$/;

// The loading placeholder share pages show until their body arrives.
const PLACEHOLDER = /^(?:正在)?加载中?(?:\.{2,}|…+|，请稍[候后]\S*)?$/;

export function isNoiseLine(text: string): boolean {
  if (text.length > MAX_NOISE_LENGTH || !NOISE_HINT.test(text)) return false;
  return PLACEHOLDER.test(text) || NOISE_LINES.some((re) => re.test(text));
}

/** Whether a line is the share page's own "this article is gone" message. */
export function isArticleGoneLine(text: string): boolean {
  return text.length <= MAX_NOISE_LENGTH && ARTICLE_GONE.test(text);
}

export function isRelatedHeading(text: string): boolean {
  return RELATED_HEADING.test(text);
}

/** `（文章来源：定西日报）` → `定西日报`; a source may hold brackets itself: `安信国际证券(香港)`. */
export function sourceFromMediaLine(text: string): string | undefined {
  const m = /文章来源\s*[：:]\s*(.+?)\s*[）)]?\s*$/.exec(text);
  return m ? m[1] : undefined;
}

/** An info line such as `2022-02-10 08:10:19 来源：定西日报` → `定西日报`. */
export function sourceFromInfoLine(text: string): string | undefined {
  const m = /来源\s*[：:]\s*([^\s|｜,，;；]+)/.exec(text);
  return m ? m[1] : undefined;
}

// Separators between links in a links-only line: `返回定西日报新闻｜返回首页`.
const LINK_SEPARATORS = /[\s|｜·•、，,。.：:>》<《\-–—]/g;

/** Whether a block's words are all inside links (a blog back-link line, a "more" link). */
export function isLinksOnly(text: string, linkText: number): boolean {
  return linkText > 0 && text.replace(LINK_SEPARATORS, '').length <= linkText;
}

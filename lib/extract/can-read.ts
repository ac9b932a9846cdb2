/**
 * Whether the extension can read a tab at `url` at all. Browsers keep
 * extensions out of their own pages (chrome://, about:, the web store…), so
 * the popup disables its save button there and says why, instead of
 * failing after a click. An unknown address (the popup may not see it) is
 * given the benefit of the doubt.
 */
export function canReadTab(url: string | undefined): boolean {
  if (!url) return true;
  if (!/^(https?|file):/i.test(url)) return false;
  return !/^https:\/\/(chromewebstore\.google\.com|chrome\.google\.com\/webstore|addons\.mozilla\.org|microsoftedge\.microsoft\.com\/addons)\b/i.test(url);
}

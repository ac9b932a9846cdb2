/**
 * The languages the Firefox harness (firefox.ts) can run Firefox in, which
 * the extension then speaks. English is built into Firefox; Chinese is a
 * language pack, on Debian a package of its own.
 */
export type FirefoxLocale = 'en' | 'zh_CN';

const LANGUAGES: Record<FirefoxLocale, { requested: string; pack?: string }> = {
  en: { requested: 'en-US' },
  zh_CN: { requested: 'zh-CN', pack: 'firefox-esr-l10n-zh-cn' },
};

export interface FirefoxLanguage {
  /** The value for the `intl.locale.requested` pref. */
  requested: string;
  /** What is wrong when Firefox says it runs in `uiLanguage` (its i18n.getUILanguage()), or undefined. */
  problem(uiLanguage: string): string | undefined;
}

export function firefoxLanguage(locale: FirefoxLocale): FirefoxLanguage {
  const { requested, pack } = LANGUAGES[locale];
  const primary = requested.split('-')[0]!;
  return {
    requested,
    problem(uiLanguage) {
      // Any English will do for en-US; Chinese must be the simplified one the tests expect.
      if (pack ? uiLanguage.toLowerCase() === requested.toLowerCase() : uiLanguage.startsWith(primary)) return undefined;
      const missing = pack ? `: its language pack is missing (Debian/Ubuntu: \`sudo apt-get install -y ${pack}\`).` : '.';
      return `Firefox runs in ${uiLanguage}, not ${requested}, although intl.locale.requested asks for it${missing}`;
    },
  };
}

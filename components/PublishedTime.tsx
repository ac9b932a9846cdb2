import type { ArticleRecord } from '../lib/library/records';
import { formatPublication } from '../lib/finews/time-format';
import { t } from '../lib/platform/i18n';

/** The publication time; only the day, said so, when the page showed no time (its infoCode gives the day). */
export function PublishedTime({ item, testId }: { item: ArticleRecord; testId?: string }) {
  const shown = formatPublication(item);
  if (!shown) return <span data-testid={testId} data-time-known="false">{t('unknownTime')}</span>;
  return (
    <time data-testid={testId} dateTime={item.publishedAt ?? shown.text} data-time-known={String(shown.timeKnown)}>
      {shown.timeKnown ? shown.text : `${shown.text} · ${t('timeOfDayUnknown')}`}
    </time>
  );
}

import { publicationOf } from './publication';

/**
 * When an article was published, the way finews shows it (`2022-02-10
 * 08:10:19`), in Beijing time whatever the machine's zone; only the day
 * (`timeKnown: false`) when the page showed no time and the infoCode gives
 * the day; undefined when nothing is known.
 */
export function formatPublication(article: { publishedAt?: string; infoCode?: string }): { text: string; timeKnown: boolean } | undefined {
  const publication = publicationOf(article);
  if (!publication) return undefined;
  return publication.time
    ? { text: `${publication.day} ${publication.time}`, timeKnown: true }
    : { text: publication.day, timeKnown: false };
}

/**
 * Shows a stored ISO time the way finews does (`2022-02-10 08:10:19`), in the
 * article's own offset: the reader is in Beijing time whatever the machine's
 * zone.
 */
export function formatPublished(iso: string): string {
  const match = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2}(?::\d{2})?)/.exec(iso);
  return match ? `${match[1]} ${match[2]}` : iso;
}

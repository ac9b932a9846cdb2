/**
 * Whether opening an article in the reader marks it read: on unless the
 * reader turned it off in the options. Kept in the extension's localStorage
 * (shared by its pages), like the text size, not in the library's settings,
 * which are the export's and travel in backups.
 */
const KEY = 'finews-reader:mark-read-on-open';

export function markReadOnOpen(storage: Pick<Storage, 'getItem'> = localStorage): boolean {
  return storage.getItem(KEY) !== 'false';
}

export function setMarkReadOnOpen(on: boolean, storage: Pick<Storage, 'setItem'> = localStorage): void {
  storage.setItem(KEY, String(on));
}

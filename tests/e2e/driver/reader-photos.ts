import type { Tab } from './driver';

export interface ReaderPhotos {
  /** Every photo the reader shows comes from the library's saved copy (a blob: address of the extension). */
  fromSavedCopies: boolean;
  /** Each shown photo: its original address and its decoded size. */
  sizes: [string | undefined, number, number][];
  /** The addresses of the photos the reader marks as not saved. */
  missing: (string | null)[];
}

/** What an open reader shows of its article's photos; `origin` is the extension's. */
export function readerPhotos(reader: Tab, origin: string): Promise<ReaderPhotos> {
  return reader.evaluate(async (origin) => {
    const imgs = [...document.querySelectorAll<HTMLImageElement>('[data-testid="reader-body"] img')];
    await Promise.all(imgs.map((img) => img.decode().catch(() => undefined)));
    return {
      fromSavedCopies: imgs.every((img) => img.src.startsWith(`blob:${origin}/`)),
      sizes: imgs.map((img): [string | undefined, number, number] => [img.dataset.original, img.naturalWidth, img.naturalHeight]),
      missing: [...document.querySelectorAll('[data-testid="image-missing"] a')].map((a) => a.getAttribute('href')),
    };
  }, origin);
}

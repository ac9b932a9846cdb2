/** The reader's text size, remembered in this extension's localStorage across articles. */

/** Body sizes in px, smallest to largest; 18 is the default. */
export const TEXT_SIZES = [14, 16, 18, 20, 22, 24, 28] as const;
const DEFAULT_INDEX = 2;
const KEY = 'finews-reader:text-size';

/** The remembered step (an index into TEXT_SIZES), or the default. */
export function loadTextStep(storage: Pick<Storage, 'getItem'> = localStorage): number {
  const size = Number(storage.getItem(KEY));
  const index = TEXT_SIZES.indexOf(size as (typeof TEXT_SIZES)[number]);
  return index >= 0 ? index : DEFAULT_INDEX;
}

export function saveTextStep(step: number, storage: Pick<Storage, 'setItem'> = localStorage): void {
  storage.setItem(KEY, String(TEXT_SIZES[step]));
}

/** `step` moved by `delta`, kept within the sizes. */
export function moveTextStep(step: number, delta: number): number {
  return Math.min(TEXT_SIZES.length - 1, Math.max(0, step + delta));
}

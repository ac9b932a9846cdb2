import type { Locator } from 'playwright-core';

/**
 * Opens an article row's "…" menu (export, tags, delete, select), as a
 * keyboard user does: focus inside it keeps it open while its controls are used.
 */
export async function openRowMenu(item: Locator): Promise<Locator> {
  await item.getByTestId('row-menu').focus();
  return item;
}

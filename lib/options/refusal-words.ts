/**
 * Why the options page refused a settings form or a backup file, in the
 * reader's language. The errors carry their problem and subject (English
 * messages stay for logs and the command line); words come from the
 * caller's `t`, so this runs in Node and is unit-tested.
 */
import { BackupError } from '../backup/format';
import { SettingsError } from '../library/settings';
import type { Words } from '../words';

/** Why the settings were refused. */
export function settingsProblem(error: unknown, t: Words): string {
  if (!(error instanceof SettingsError)) return error instanceof Error ? error.message : String(error);
  switch (error.problem) {
    case 'slug-line':
      return t('settingsSlugLine', error.subject);
    case 'slug':
      return t('settingsSlugBad', error.subject);
    case 'slug-map':
      return t('settingsSlugMapBad');
    case 'blog-base':
      return t('settingsBlogBaseBad');
    case 'share-base':
      return t('settingsShareBaseBad');
    case 'body-format':
      return t('settingsBodyFormatBad');
    case 'back-links':
      return t('settingsBackLinksBad');
    case 'unknown':
      return t('settingsUnknown', error.subject);
    case 'other':
      return t('settingsOther');
  }
}

/** Why a backup file was refused; a damaged line keeps its technical detail. */
export function backupProblem(error: unknown, t: Words): string {
  if (!(error instanceof BackupError)) return error instanceof Error ? error.message : String(error);
  if (error.kind === 'foreign') return t('backupForeign');
  if (error.kind === 'newer') return t('backupNewer');
  return t('backupDamagedLine', String(error.line), error.detail);
}

import { BackupError } from '../../lib/backup/format';
import { SettingsError } from '../../lib/library/settings';
import { t } from '../../lib/platform/i18n';

/** Why the settings were refused, in the reader's language. */
export function settingsProblem(error: unknown): string {
  if (!(error instanceof SettingsError)) return error instanceof Error ? error.message : String(error);
  switch (error.problem) {
    case 'slug-line':
      return t('settingsSlugLine', error.subject);
    case 'slug':
      return t('settingsSlugBad', error.subject);
    case 'blog-base':
      return t('settingsBlogBaseBad');
    case 'share-base':
      return t('settingsShareBaseBad');
    default:
      return error.message;
  }
}

/** Why a backup file was refused, in the reader's language; a damaged line keeps its technical detail. */
export function backupProblem(error: unknown): string {
  if (!(error instanceof BackupError)) return error instanceof Error ? error.message : String(error);
  if (error.kind === 'foreign') return t('backupForeign');
  if (error.kind === 'newer') return t('backupNewer');
  return t('backupDamagedLine', String(error.line), error.detail);
}

/**
 * What the options page does with the library, without the page: saving
 * the settings form, writing a backup, restoring one. Each ends in a line
 * for the page, in the caller's words; nothing here touches the browser.
 */
import { RestoreWriteError, restoreBackup } from '../backup/restore';
import { backupFileName, writeBackup } from '../backup/write';
import type { ExportSettings } from '../export/settings';
import { failureOf } from '../library/articles';
import type { LibraryDb } from '../library/db';
import { parseSlugOverrides, saveSettings } from '../library/settings';
import type { PageWords } from '../words';
import { backupProblem, settingsProblem } from './refusal-words';

export interface Line {
  kind: 'info' | 'error';
  text: string;
}

/** What the settings form sends: the overrides as the text the reader typed. */
export interface SettingsInput {
  bodyFormat: ExportSettings['bodyFormat'];
  blogBase: string;
  shareBase: string;
  backLinks: boolean;
  slugOverridesText: string;
}

/** Saves the form; the stored settings, or why they were not saved (a value the form cannot take, or a refused write). */
export async function saveSettingsForm(db: LibraryDb, input: SettingsInput, { t, reason }: PageWords): Promise<{ settings?: ExportSettings; line: Line }> {
  try {
    const { slugOverridesText, ...fields } = input;
    const settings = await saveSettings(db, { ...fields, slugOverrides: parseSlugOverrides(slugOverridesText) });
    return { settings, line: { kind: 'info', text: t('settingsSaved') } };
  } catch (error) {
    const failed = failureOf(error);
    if (failed.reason === 'unexpected') console.error('Finews Reader:', error);
    return { line: { kind: 'error', text: t('settingsInvalid', failed.reason === 'invalid-input' ? settingsProblem(error, t) : reason(failed.reason)) } };
  }
}

/** The whole library as a backup file's lines and name, or why it could not be read. */
export async function backupFile(db: LibraryDb, { t, reason }: PageWords, now = new Date()): Promise<{ lines?: string[]; name?: string; line: Line }> {
  try {
    const lines: string[] = [];
    const { articles } = await writeBackup(db, (line) => void lines.push(`${line}\n`), now);
    return { lines, name: backupFileName(now), line: { kind: 'info', text: t('backupDone', String(articles)) } };
  } catch (error) {
    const failed = failureOf(error);
    if (failed.reason === 'unexpected') console.error('Finews Reader: backup failed', error);
    return { line: { kind: 'error', text: t('backupFailed', reason(failed.reason)) } };
  }
}

/**
 * Restores a backup read by `openLines` (called twice: the whole file is
 * checked before anything is written); what was restored, or why not.
 */
export async function restoreFile(db: LibraryDb, openLines: () => AsyncIterable<string>, { t, reason }: PageWords): Promise<Line> {
  try {
    const report = await restoreBackup(db, openLines);
    return { kind: 'info', text: t('restoreDone', String(report.added), String(report.updated), String(report.unchanged)) };
  } catch (error) {
    if (!(error instanceof RestoreWriteError)) return { kind: 'error', text: t('restoreRefused', backupProblem(error, t)) };
    if (error.nothingWritten) return { kind: 'error', text: t('restoreNotWritten', reason(error.reason)) };
    return { kind: 'error', text: t('restorePartial', error.message) };
  }
}

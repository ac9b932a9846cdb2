import { render } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { BackupPanel, type Props as BackupProps } from '../../components/BackupPanel';
import { failureKey, t } from '../../lib/platform/i18n';
import { PhotoAccess } from '../../components/PhotoAccess';
import { hasPhotoAccess, requestPhotoAccess } from '../../lib/platform/photo-access';
import { saveFile } from '../../lib/platform/save-file';
import { SettingsForm, type Props as FormProps, type SettingsInput } from '../../components/SettingsForm';
import { restoreBackup, RestoreWriteError } from '../../lib/backup/restore';
import { backupFileName, writeBackup } from '../../lib/backup/write';
import { LibraryDb } from '../../lib/library/db';
import { failureOf } from '../../lib/library/articles';
import type { ExportSettings } from '../../lib/export/settings';
import { splitLines } from '../../lib/backup/lines';
import { formatSlugOverrides, getSettings, parseSlugOverrides, saveSettings } from '../../lib/library/settings';
import './style.css';
import { markReadOnOpen, setMarkReadOnOpen } from '../../lib/platform/reader-prefs';
import { backupProblem, settingsProblem } from './error-words';
import { announceLibraryChanges } from '../../lib/platform/library-changes';
import { SyncSection } from './sync-section';

const db = new LibraryDb();
// A restore or an import changes the library: the background syncs after it.
announceLibraryChanges(db);

function textOf(file: File): AsyncIterable<string> {
  return file.stream().pipeThrough(new TextDecoderStream()) as unknown as AsyncIterable<string>;
}

function Options() {
  const [readOnOpen, setReadOnOpen] = useState(markReadOnOpen);
  const [settings, setSettings] = useState<ExportSettings>();
  const [formMessage, setFormMessage] = useState<FormProps['message']>();
  const [busy, setBusy] = useState(false);
  const [backupMessage, setBackupMessage] = useState<BackupProps['message']>();
  // Remounts the form with the stored values after a save or a restore.
  const [formKey, setFormKey] = useState(0);

  const [photosAllowed, setPhotosAllowed] = useState<boolean>();

  useEffect(() => {
    // A library that cannot be opened is said, not left as a blank form.
    getSettings(db).then(setSettings, (error: unknown) =>
      setFormMessage({ kind: 'error', text: t('libraryOpenFailed', failureOf(error).message) }),
    );
    void hasPhotoAccess().then(setPhotosAllowed);
  }, []);

  const onAllowPhotos = () => {
    void requestPhotoAccess().then(setPhotosAllowed);
  };

  const onSave = async (input: SettingsInput) => {
    try {
      const { slugOverridesText, ...fields } = input;
      setSettings(await saveSettings(db, { ...fields, slugOverrides: parseSlugOverrides(slugOverridesText) }));
      setFormKey((k) => k + 1);
      setFormMessage({ kind: 'info', text: t('settingsSaved') });
    } catch (error) {
      // A value the form cannot take is named in its own words (in the reader's language); a refused write (storage full…) by its reason.
      const failed = failureOf(error);
      if (failed.reason === 'unexpected') console.error('Finews Reader:', error);
      setFormMessage({ kind: 'error', text: t('settingsInvalid', failed.reason === 'invalid-input' ? settingsProblem(error) : t(failureKey(failed.reason))) });
    }
  };

  const onBackup = async () => {
    setBusy(true);
    try {
      const lines: string[] = [];
      const { articles } = await writeBackup(db, (line) => {
        lines.push(`${line}\n`);
      });
      saveFile(new Blob(lines, { type: 'application/x-ndjson' }), backupFileName(new Date()));
      setBackupMessage({ kind: 'info', text: t('backupDone', String(articles)) });
    } catch (error) {
      const failed = failureOf(error);
      if (failed.reason === 'unexpected') console.error('Finews Reader: backup failed', error);
      setBackupMessage({ kind: 'error', text: t('backupFailed', t(failureKey(failed.reason))) });
    } finally {
      setBusy(false);
    }
  };

  const onRestore = async (file: File) => {
    setBusy(true);
    try {
      // Read twice: a first pass checks the whole file before anything is written.
      const report = await restoreBackup(db, () => splitLines(textOf(file)));
      setBackupMessage({ kind: 'info', text: t('restoreDone', String(report.added), String(report.updated), String(report.unchanged)) });
      setSettings(await getSettings(db));
      setFormKey((k) => k + 1);
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      setBackupMessage({
        kind: 'error',
        text: !(error instanceof RestoreWriteError)
          ? t('restoreRefused', backupProblem(error))
          : error.nothingWritten
            ? t('restoreNotWritten', t(failureKey(error.reason)))
            : t('restorePartial', reason),
      });
    } finally {
      setBusy(false);
    }
  };

  return (
    <main>
      <h1>{t('optionsHeading')}</h1>
      {settings ? (
        <SettingsForm
          key={formKey}
          settings={settings}
          slugOverridesText={formatSlugOverrides(settings.slugOverrides)}
          message={formMessage}
          onSave={(input) => void onSave(input)}
        />
      ) : null}
      <PhotoAccess allowed={photosAllowed} onAllow={onAllowPhotos} />
      <section aria-labelledby="reading-title">
        <h2 id="reading-title">{t('readerTitle')}</h2>
        <label class="inline">
          <input type="checkbox" data-testid="mark-read-on-open" checked={readOnOpen} onChange={(event) => (setMarkReadOnOpen(event.currentTarget.checked), setReadOnOpen(event.currentTarget.checked))} />
          {t('settingMarkReadOnOpen')}
        </label>
      </section>
      <BackupPanel busy={busy} message={backupMessage} onBackup={() => void onBackup()} onRestore={(file) => void onRestore(file)} />
      <SyncSection db={db} />
    </main>
  );
}

document.documentElement.lang = navigator.language;
document.title = t('optionsPageTitle');
render(<Options />, document.getElementById('app')!);

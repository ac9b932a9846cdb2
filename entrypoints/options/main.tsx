import { render } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { BackupPanel, type Props as BackupProps } from '../../components/BackupPanel';
import { pageWords, t } from '../../lib/platform/i18n';
import { PhotoAccess } from '../../components/PhotoAccess';
import { hasPhotoAccess, requestPhotoAccess } from '../../lib/platform/photo-access';
import { saveFile } from '../../lib/platform/save-file';
import { SettingsForm, type Props as FormProps } from '../../components/SettingsForm';
import type { SettingsInput } from '../../lib/options/option-actions';
import { LibraryDb } from '../../lib/library/db';
import { failureOf } from '../../lib/library/articles';
import type { ExportSettings } from '../../lib/export/settings';
import { splitLines } from '../../lib/backup/lines';
import { formatSlugOverrides, getSettings } from '../../lib/library/settings';
import { backupFile, restoreFile, saveSettingsForm } from '../../lib/options/option-actions';
import './style.css';
import { markReadOnOpen, setMarkReadOnOpen } from '../../lib/platform/reader-prefs';
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
    const { settings: saved, line } = await saveSettingsForm(db, input, pageWords);
    if (saved) {
      setSettings(saved);
      setFormKey((k) => k + 1);
    }
    setFormMessage(line);
  };

  const onBackup = async () => {
    setBusy(true);
    try {
      const { lines, name, line } = await backupFile(db, pageWords);
      if (lines && name) saveFile(new Blob(lines, { type: 'application/x-ndjson' }), name);
      setBackupMessage(line);
    } finally {
      setBusy(false);
    }
  };

  const onRestore = async (file: File) => {
    setBusy(true);
    try {
      const line = await restoreFile(db, () => splitLines(textOf(file)), pageWords);
      setBackupMessage(line);
      // A restore may bring settings: the form shows the stored ones.
      if (line.kind === 'info') {
        setSettings(await getSettings(db));
        setFormKey((k) => k + 1);
      }
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

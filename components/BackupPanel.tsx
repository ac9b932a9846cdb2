import { t } from '../lib/platform/i18n';

export interface Props {
  busy: boolean;
  message?: { kind: 'info' | 'error'; text: string };
  onBackup: () => void;
  onRestore: (file: File) => void;
}

/** Download the whole library as one file, or merge one back in. */
export function BackupPanel({ busy, message, onBackup, onRestore }: Props) {
  return (
    <section class="backup">
      <h2>{t('backupTitle')}</h2>
      <button type="button" data-testid="backup-download" disabled={busy} onClick={onBackup}>
        {t('backupDownload')}
      </button>
      <label>
        {t('restoreLabel')}
        <input
          type="file"
          accept=".jsonl,application/x-ndjson,application/json,text/plain"
          data-testid="restore-file"
          disabled={busy}
          onChange={(event) => {
            const input = event.currentTarget;
            const file = input.files?.[0];
            if (file) onRestore(file);
            input.value = '';
          }}
        />
      </label>
      {message ? (
        <p data-testid="backup-message" data-kind={message.kind} role={message.kind === 'error' ? 'alert' : 'status'}>
          {message.text}
        </p>
      ) : null}
    </section>
  );
}

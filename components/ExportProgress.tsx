import type { RefusedPost } from '../lib/protocol/messages';
import { t } from '../lib/platform/i18n';

export interface Props {
  done: number;
  total: number;
  /** Set once the zip has been handed to the browser. */
  fileName?: string;
  error?: string;
  /** Posts left out because they have no date. */
  refused?: RefusedPost[];
  /** Nothing to export: the whole library is empty (`library`), or what was chosen no longer exists (`scope`). */
  empty?: 'library' | 'scope';
}

/** Progress of a zip export, then its result. */
export function ExportProgress({ done, total, fileName, error, refused = [], empty }: Props) {
  // No bar over nothing: say why there is nothing, and how to have something.
  if (empty)
    return (
      <main class="export export-empty" data-testid="export-empty" data-empty={empty}>
        <h1>{t('exportTitle')}</h1>
        <h2>{empty === 'library' ? t('exportEmptyTitle') : t('exportNothing')}</h2>
        <p>{empty === 'library' ? t('exportEmptyHint') : t('exportEmptyScope')}</p>
      </main>
    );
  return (
    <main class="export">
      <h1>{t('exportTitle')}</h1>
      <progress max={Math.max(total, 1)} value={done} aria-label={t('exportTitle')} />
      <p data-testid="export-progress" aria-live="polite">
        {t('exportProgress', String(done), String(total))}
      </p>
      {fileName ? (
        <p data-testid="export-done" role="status">
          {t('exportDone', String(done), fileName)}
        </p>
      ) : null}
      {refused.length ? (
        <div data-testid="export-refused" role="alert">
          <p>{t('exportRefusedUndated', String(refused.length))}</p>
          <ul>
            {refused.map((post) => (
              <li key={post.id} data-article-id={post.id}>
                {post.title}
              </li>
            ))}
          </ul>
        </div>
      ) : null}
      {error ? (
        <p data-testid="export-error" role="alert">
          {error}
        </p>
      ) : null}
    </main>
  );
}

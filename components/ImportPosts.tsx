import { t } from '../lib/platform/i18n';

export interface Props {
  busy: boolean;
  message?: { kind: 'info' | 'error'; text: string };
  onFiles: (files: File[]) => void;
}

/** Reads the blog's own posts into the library: post files, a zip of `_posts`, or the folder itself. */
export function ImportPosts({ busy, message, onFiles }: Props) {
  const take = (event: { currentTarget: HTMLInputElement }) => {
    const input = event.currentTarget;
    const files = [...(input.files ?? [])];
    input.value = '';
    if (files.length) onFiles(files);
  };
  return (
    <section class="import-posts" aria-labelledby="import-posts-title">
      <h2 id="import-posts-title">{t('importPostsTitle')}</h2>
      <p class="hint">{t('importPostsHint')}</p>
      <label>
        {t('importPostsFiles')}
        <input type="file" multiple accept=".md,.markdown,.html,.zip,text/markdown,application/zip" data-testid="import-posts" disabled={busy} onChange={take} />
      </label>
      <label>
        {t('importPostsFolder')}
        {/* webkitdirectory: every browser picks a folder with it; Preact's types do not name it. */}
        <input type="file" data-testid="import-posts-folder" disabled={busy} onChange={take} ref={(input) => input?.setAttribute('webkitdirectory', '')} />
      </label>
      {message ? (
        <p data-testid="import-posts-message" data-kind={message.kind} role={message.kind === 'error' ? 'alert' : 'status'}>
          {message.text}
        </p>
      ) : null}
    </section>
  );
}

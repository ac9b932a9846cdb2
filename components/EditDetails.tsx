import { useState } from 'preact/hooks';
import type { EditRequest } from '../lib/finews/edits';
import type { ArticleRecord } from '../lib/library/records';
import { formatPublication } from '../lib/finews/time-format';
import { t } from '../lib/platform/i18n';

export interface Props {
  article: ArticleRecord;
  /** Saves the edit; resolves to an error message, or undefined when saved. */
  onSave: (request: EditRequest) => Promise<string | undefined>;
}

/**
 * Correcting title, time and source by hand: a button that opens a small
 * form. Only changed fields are sent, so an untouched field keeps following
 * what the page says.
 */
export function EditDetails({ article, onSave }: Props) {
  const [open, setOpen] = useState(false);
  const [error, setError] = useState<string>();
  const [saved, setSaved] = useState(false);
  const shownTime = formatPublication(article);
  const timeValue = shownTime?.timeKnown ? shownTime.text : '';

  if (!open) {
    return (
      <>
        <button type="button" data-testid="edit-article" aria-expanded="false" onClick={() => (setOpen(true), setSaved(false))}>
          {t('editArticle')}
        </button>
        {saved ? (
          <span class="edit-saved" role="status" data-testid="edit-saved">
            {t('editSaved')}
          </span>
        ) : null}
      </>
    );
  }

  const submit = async (event: Event) => {
    event.preventDefault();
    const form = event.currentTarget as HTMLFormElement;
    const value = (name: string) => (form.elements.namedItem(name) as HTMLInputElement).value;
    const request: EditRequest = {};
    if (value('title') !== article.title) request.title = value('title');
    if (value('time') !== timeValue) request.publishedAt = value('time');
    if (value('source') !== (article.source ?? '')) request.source = value('source');
    const problem = await onSave(request);
    setError(problem);
    if (!problem) {
      setOpen(false);
      setSaved(true);
    }
  };

  return (
    <form class="edit-details" data-testid="edit-form" onSubmit={(event) => void submit(event)}>
      <label>
        {t('editTitle')}
        <input name="title" data-testid="edit-title" defaultValue={article.title} required />
      </label>
      <label>
        {t('editTime')}
        <input name="time" data-testid="edit-time" defaultValue={timeValue} placeholder="2022-05-30 22:00:29" inputMode="numeric" />
      </label>
      <label>
        {t('editSource')}
        <input name="source" data-testid="edit-source" defaultValue={article.source ?? ''} />
      </label>
      {error ? (
        <p role="alert" data-testid="edit-error">
          {error}
        </p>
      ) : null}
      <span class="edit-buttons">
        <button type="submit" data-testid="edit-save">
          {t('editSave')}
        </button>
        <button type="button" data-testid="edit-cancel" onClick={() => (setOpen(false), setError(undefined))}>
          {t('editCancel')}
        </button>
      </span>
    </form>
  );
}

import type { ExportSettings } from '../lib/export/settings';
import { t } from '../lib/platform/i18n';

import type { SettingsInput } from '../lib/options/option-actions';

export interface Props {
  settings: ExportSettings;
  slugOverridesText: string;
  message?: { kind: 'info' | 'error'; text: string };
  onSave: (input: SettingsInput) => void;
}

/** The export settings. Uncontrolled inputs: the values are read once, on submit. */
export function SettingsForm({ settings, slugOverridesText, message, onSave }: Props) {
  const submit = (event: Event) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget as HTMLFormElement);
    onSave({
      bodyFormat: form.get('bodyFormat') === 'html' ? 'html' : 'markdown',
      blogBase: String(form.get('blogBase') ?? ''),
      shareBase: String(form.get('shareBase') ?? ''),
      backLinks: form.get('backLinks') === 'on',
      slugOverridesText: String(form.get('slugOverrides') ?? ''),
    });
  };
  return (
    <form class="settings" onSubmit={submit}>
      <h2>{t('settingsTitle')}</h2>
      <label>
        {t('settingBodyFormat')}
        <select name="bodyFormat" data-testid="setting-body-format" defaultValue={settings.bodyFormat}>
          <option value="markdown">{t('bodyMarkdown')}</option>
          <option value="html">{t('bodyHtml')}</option>
        </select>
      </label>
      <label>
        {t('settingBlogBase')}
        <input name="blogBase" data-testid="setting-blog-base" defaultValue={settings.blogBase} />
      </label>
      <label>
        {t('settingShareBase')}
        <input name="shareBase" data-testid="setting-share-base" defaultValue={settings.shareBase} />
      </label>
      <label class="inline">
        <input type="checkbox" name="backLinks" data-testid="setting-back-links" defaultChecked={settings.backLinks} />
        {t('settingBackLinks')}
      </label>
      <label>
        {t('settingSlugOverrides')}
        <textarea name="slugOverrides" rows={5} data-testid="setting-slug-overrides" defaultValue={slugOverridesText} />
      </label>
      <button type="submit" data-testid="settings-save">
        {t('settingsSave')}
      </button>
      {message ? (
        <p data-testid="settings-message" data-kind={message.kind} role={message.kind === 'error' ? 'alert' : 'status'}>
          {message.text}
        </p>
      ) : null}
    </form>
  );
}

import { t } from '../lib/platform/i18n';

export interface Props {
  /** The user's tags, shown as removable chips. */
  tags: string[];
  /** The automatic `<source>新闻` tag, shown first, marked as such and without a ×: the export always writes it. */
  fixed?: string;
  placeholder: string;
  onAdd: (tag: string) => void;
  onRemove: (tag: string) => void;
}

/** Tag chips with a × each (the automatic one fixed), and a box that adds the typed tag on Enter. */
export function TagEditor({ tags, fixed, placeholder, onAdd, onRemove }: Props) {
  return (
    <>
      {fixed ? (
        <span class="tag tag-fixed" data-testid="tag-automatic" data-tag={fixed} title={t('automaticTagTitle')}>
          {fixed}
          <span class="tag-note">{t('automaticTagNote')}</span>
        </span>
      ) : null}
      {tags.map((tag) => (
        <span key={tag} class="tag" data-testid="tag" data-tag={tag}>
          {tag}
          <button type="button" class="tag-remove" data-testid="remove-tag" aria-label={t('removeTag', tag)} onClick={() => onRemove(tag)}>
            ×
          </button>
        </span>
      ))}
      <input
        class="tag-input"
        data-testid="tag-input"
        aria-label={t('tagInputLabel')}
        placeholder={placeholder}
        onKeyDown={(event) => {
          const input = event.currentTarget;
          if (event.key === 'Enter' && input.value.trim()) {
            onAdd(input.value.trim());
            input.value = '';
          }
          event.stopPropagation(); // typing here must not trigger list or reader shortcuts
        }}
      />
    </>
  );
}

import { t } from '../lib/platform/i18n';

export interface Props {
  /** The tags shown as removable chips. */
  tags: string[];
  placeholder: string;
  onAdd: (tag: string) => void;
  onRemove: (tag: string) => void;
}

/** Tag chips with a × each, and a box that adds the typed tag on Enter. */
export function TagEditor({ tags, placeholder, onAdd, onRemove }: Props) {
  return (
    <>
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

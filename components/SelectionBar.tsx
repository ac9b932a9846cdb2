import { t } from '../lib/platform/i18n';

export interface Props {
  /** How many articles are chosen. */
  count: number;
  /** The rows drawn now, for "select all shown". */
  shown: string[];
  onSelectShown: (ids: string[]) => void;
  onExportSelected: () => void;
  onDone: () => void;
}

/**
 * The selection mode's bar, above the list: how many are chosen, choose
 * every row shown, export the chosen as one zip, and leave the mode (Esc
 * too). Rows show a checkbox while it is on; Space checks the focused row.
 */
export function SelectionBar({ count, shown, onSelectShown, onExportSelected, onDone }: Props) {
  return (
    <div class="select-bar" role="toolbar" aria-label={t('selectModeLabel')} data-testid="select-bar">
      <span class="select-count" role="status" data-testid="select-count">
        {t('selectedCount', String(count))}
      </span>
      <button type="button" data-testid="select-shown" disabled={!shown.length} onClick={() => onSelectShown(shown)}>
        {t('selectShown')}
      </button>
      <button type="button" class="primary" data-testid="export-selected" disabled={!count} onClick={onExportSelected}>
        {t('exportSelected', String(count))}
      </button>
      <button type="button" data-testid="select-done" onClick={onDone}>
        {t('selectDone')}
      </button>
    </div>
  );
}

export interface Props {
  kind: 'info' | 'error';
  /** It worked, but not wholly (a save that left photos out): drawn as a warning. */
  partial?: boolean;
  text: string;
  /** A button that follows up on what happened (e.g. allowing photos). */
  action?: { label: string; testId: string; onClick: () => void };
}

/** One line telling the reader what just happened; its follow-up button stays outside the clamped text. */
export function StatusMessage({ kind, partial, text, action }: Props) {
  return (
    <div
      class={`status status-${partial ? 'warning' : kind}`}
      role={kind === 'error' ? 'alert' : 'status'}
      data-testid="status-message"
      data-kind={kind}
      data-partial={partial ? 'true' : undefined}
    >
      <span class="status-text">{text}</span>
      {action ? (
        <button type="button" class="status-action" data-testid={action.testId} onClick={action.onClick}>
          {action.label}
        </button>
      ) : null}
    </div>
  );
}

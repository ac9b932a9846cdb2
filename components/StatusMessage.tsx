export interface Props {
  kind: 'info' | 'error';
  text: string;
  /** A button that follows up on what happened (e.g. allowing photos). */
  action?: { label: string; testId: string; onClick: () => void };
}

/** One line telling the reader what just happened. */
export function StatusMessage({ kind, text, action }: Props) {
  return (
    <p class={`status status-${kind}`} role={kind === 'error' ? 'alert' : 'status'} data-testid="status-message" data-kind={kind}>
      {text}
      {action ? (
        <button type="button" class="status-action" data-testid={action.testId} onClick={action.onClick}>
          {action.label}
        </button>
      ) : null}
    </p>
  );
}

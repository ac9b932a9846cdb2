export interface Props {
  kind: 'info' | 'error';
  text: string;
}

/** One line telling the reader what just happened. */
export function StatusMessage({ kind, text }: Props) {
  return (
    <p class={`status status-${kind}`} role={kind === 'error' ? 'alert' : 'status'} data-testid="status-message" data-kind={kind}>
      {text}
    </p>
  );
}

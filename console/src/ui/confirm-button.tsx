import { useEffect, useId, useRef, useState } from 'react';

interface ConfirmButtonProps {
  /** The button's name, e.g. "Delete". */
  label: string;
  /** What is asked, e.g. "Delete the instance Shop and all its data?" */
  question: string;
  confirmLabel: string;
  onConfirm: () => void | Promise<void>;
  disabled?: boolean;
  danger?: boolean;
}

/**
 * A button that asks first: the question and its two answers appear in place, focus moves
 * to the safe answer, Escape cancels.
 */
export function ConfirmButton({ label, question, confirmLabel, onConfirm, disabled, danger }: ConfirmButtonProps) {
  const [asking, setAsking] = useState(false);
  const cancelRef = useRef<HTMLButtonElement>(null);
  const questionId = useId();
  useEffect(() => {
    if (asking) cancelRef.current?.focus();
  }, [asking]);
  if (!asking) {
    return (
      <button type="button" className={danger ? 'danger' : undefined} disabled={disabled} onClick={() => setAsking(true)}>
        {label}
      </button>
    );
  }
  return (
    <div role="alertdialog" aria-labelledby={questionId} className="confirm" onKeyDown={(event) => event.key === 'Escape' && setAsking(false)}>
      <p id={questionId}>{question}</p>
      <button
        type="button"
        className={danger ? 'danger' : undefined}
        onClick={async () => {
          setAsking(false);
          await onConfirm();
        }}
      >
        {confirmLabel}
      </button>
      <button type="button" ref={cancelRef} onClick={() => setAsking(false)}>
        Cancel
      </button>
    </div>
  );
}

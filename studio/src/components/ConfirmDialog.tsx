import { type ReactNode, useEffect, useState } from 'react';
import { BusyButton } from './BusyButton';

/**
 * Asks before an action that takes effect at once and cannot simply be undone (publishing,
 * deactivating, revoking): what will happen, a confirm button and Cancel, which sends nothing.
 */
export function ConfirmDialog({
  label,
  confirmText,
  danger = false,
  onConfirm,
  onCancel,
  children,
}: {
  label: string;
  confirmText: string;
  danger?: boolean;
  onConfirm: () => void;
  onCancel: () => void;
  children: ReactNode;
}) {
  return (
    <div className="card confirm" role="alertdialog" aria-label={label}>
      <p>{children}</p>
      <div className="row">
        <button type="button" className={danger ? 'danger' : undefined} onClick={onConfirm}>
          {confirmText}
        </button>
        <button type="button" className="secondary" onClick={onCancel}>
          取消 Cancel
        </button>
      </div>
    </div>
  );
}

/** A Publish button that says what publishing will change and waits for confirmation. */
export function PublishButton({ what, busy, onPublish, children }: { what: string; busy: boolean; onPublish: () => void; children: ReactNode }) {
  const [asking, setAsking] = useState(false);
  // Publishing is this button's request once confirmed: it shows as running until the answer comes.
  const [confirmed, setConfirmed] = useState(false);
  useEffect(() => {
    if (!busy) setConfirmed(false);
  }, [busy]);
  if (!asking)
    return (
      <BusyButton busy={busy} working={confirmed} onClick={() => setAsking(true)}>
        发布 Publish
      </BusyButton>
    );
  return (
    <ConfirmDialog
      label={`confirm publish ${what}`}
      confirmText="确认发布 Confirm publish"
      onConfirm={() => {
        setAsking(false);
        setConfirmed(true);
        onPublish();
      }}
      onCancel={() => setAsking(false)}
    >
      {children}
    </ConfirmDialog>
  );
}

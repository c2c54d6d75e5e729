import { type ReactNode, useState } from 'react';

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
  if (!asking)
    return (
      <button type="button" disabled={busy} onClick={() => setAsking(true)}>
        发布 Publish
      </button>
    );
  return (
    <ConfirmDialog
      label={`confirm publish ${what}`}
      confirmText="确认发布 Confirm publish"
      onConfirm={() => {
        setAsking(false);
        onPublish();
      }}
      onCancel={() => setAsking(false)}
    >
      {children}
    </ConfirmDialog>
  );
}

import { type ReactNode, useEffect, useRef } from 'react';

/**
 * A list with the details of its selected row beside it: the panel sticks to the top of the
 * window, so the details of row 1 and of row 50 open where the user is looking, and the list
 * stays in view. Opening moves the focus to the panel; Escape or the close button closes it.
 */
export function ListWithDetail({ list, detail, label, onClose }: { list: ReactNode; detail: ReactNode | undefined; label: string; onClose: () => void }) {
  const panel = useRef<HTMLElement>(null);
  const open = detail !== undefined && detail !== null && detail !== false;
  useEffect(() => {
    if (open) panel.current?.focus({ preventScroll: true });
  }, [open, detail]);
  return (
    <div className={open ? 'list-with-detail open' : 'list-with-detail'}>
      <div className="list-part">{list}</div>
      {open && (
        <aside
          ref={panel}
          className="side-panel"
          aria-label={label}
          tabIndex={-1}
          onKeyDown={(event) => {
            if (event.key === 'Escape') onClose();
          }}
        >
          <button type="button" className="link close" onClick={onClose} aria-label={`关闭 Close ${label}`}>
            ✕ 关闭 Close
          </button>
          {detail}
        </aside>
      )}
    </div>
  );
}

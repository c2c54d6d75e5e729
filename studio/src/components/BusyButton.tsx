import { useEffect, useState, type ButtonHTMLAttributes } from 'react';
import './busy.css';
import { useElapsedSeconds } from './elapsed';

type BusyButtonProps = ButtonHTMLAttributes<HTMLButtonElement> & {
  /** A request of this button's panel is running: the button cannot start another. */
  busy: boolean;
  /** Whether the running request is this button's; by default, when this button was the one pressed (give it for a button that opens a confirmation). */
  working?: boolean;
};

/**
 * A button that starts a request. While its request runs it keeps its label, shows a spinner and
 * aria-busy, and after one second says for how long ("处理中 Working… 3 s"), so a slow answer never
 * looks like a dead, greyed-out button. Beside it, buttons sharing the panel's `busy` are only
 * disabled: the indicator belongs to the one that was pressed.
 */
export function BusyButton({ busy, working, disabled, onClick, children, className, type = 'button', ...rest }: BusyButtonProps) {
  const [pressed, setPressed] = useState(false);
  useEffect(() => {
    if (!busy) setPressed(false);
  }, [busy]);
  const mine = busy && (working ?? pressed);
  const seconds = useElapsedSeconds(mine);
  return (
    <>
      <button
        {...rest}
        type={type}
        className={[className, mine ? 'busy' : undefined].filter(Boolean).join(' ') || undefined}
        disabled={busy || disabled}
        aria-busy={mine || undefined}
        onClick={(event) => {
          setPressed(true);
          onClick?.(event);
        }}
        // A press that started nothing (it opened a confirmation, or was refused) is forgotten when the user moves on.
        onBlur={(event) => {
          if (!busy) setPressed(false);
          rest.onBlur?.(event);
        }}
      >
        {mine && <span className="spinner" aria-hidden="true" />}
        {children}
      </button>
      {mine && seconds >= 1 && (
        <span className="muted busy-note" aria-live="polite" data-testid="busy-note">
          处理中 Working… {seconds} s
        </span>
      )}
    </>
  );
}

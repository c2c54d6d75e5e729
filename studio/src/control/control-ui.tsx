import { useId, type FormEvent, type ReactNode } from 'react';
import { ApiError } from '../api/client';
import { BusyButton } from '../components/BusyButton';
import { ErrorView } from '../components/ErrorView';
import { Status } from '../components/Status';
import type { ControlArea } from '../../../server/generated/schema-types';
import { AREA_LABELS, CONTROL_TERMS as T } from './terms';

/** The lines of a textarea, trimmed, without the empty ones. */
export const lines = (text: string) =>
  text
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean);

/** Lines of "a | b" pairs (steps, contacts). */
export const pairs = (text: string) => lines(text).map((line) => line.split('|').map((part) => part.trim()));

/**
 * How an action went, in words: a stale revision (409 stale_version) says the record changed meanwhile and offers a
 * reload; anything else (422 with its field details, 403 maker_checker or out_of_scope, 409 invalid_state) shows as
 * the error view shows it everywhere.
 */
export function ActionStatus({ error, onReload, onDismiss }: { error: unknown; onReload?: () => void; onDismiss?: () => void }) {
  if (error instanceof ApiError && error.status === 409 && error.code === 'stale_version')
    return (
      <p className="error" role="alert">
        {T.stale}{' '}
        {onReload && (
          <button type="button" className="link" onClick={onReload}>
            {T.reload}
          </button>
        )}
      </p>
    );
  return <ErrorView error={error} onDismiss={onDismiss} />;
}

/** A form of one action: its fields, its error and its submit button (progress shown while the request runs). */
export function ActionForm({
  label,
  submit,
  busy,
  error,
  onSubmit,
  onReload,
  children,
}: {
  label: string;
  submit: string;
  busy: boolean;
  error?: unknown;
  onSubmit: () => void;
  onReload?: () => void;
  children: ReactNode;
}) {
  const handle = (event: FormEvent) => {
    event.preventDefault();
    onSubmit();
  };
  return (
    <form aria-label={label} onSubmit={handle} className="control-form">
      {children}
      <ActionStatus error={error} onReload={onReload} />
      <BusyButton type="submit" busy={busy}>
        {submit}
      </BusyButton>
    </form>
  );
}

/** A labelled select (label for=id, so the options' text does not name it). */
export function Select({
  label,
  value,
  options,
  onChange,
}: {
  label: string;
  value: string;
  options: readonly (readonly [string, string])[];
  onChange: (value: string) => void;
}) {
  const id = useId();
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <select id={id} value={value} onChange={(event) => onChange(event.target.value)}>
        {options.map(([option, text]) => (
          <option key={option} value={option}>
            {text}
          </option>
        ))}
      </select>
    </div>
  );
}

/** The control areas as checkboxes (a plan's scope, an inspection's areas within it). */
export function AreaChecks({ value, onChange, allowed }: { value: ControlArea[]; onChange: (value: ControlArea[]) => void; allowed?: readonly ControlArea[] }) {
  const areas = allowed ?? (Object.keys(AREA_LABELS) as ControlArea[]);
  return (
    <fieldset>
      <legend>{T.areas}</legend>
      {areas.map((area) => (
        <label key={area} className="inline">
          <input
            type="checkbox"
            checked={value.includes(area)}
            onChange={(event) => onChange(event.target.checked ? [...value, area] : value.filter((item) => item !== area))}
          />{' '}
          {AREA_LABELS[area]}
        </label>
      ))}
    </fieldset>
  );
}

/** A paged table: the rows, the busy and error state, and the older-page button. */
export function PagedTable<T>({
  label,
  items,
  nextBefore,
  loading,
  error,
  load,
  head,
  row,
}: {
  label: string;
  items: T[] | undefined;
  nextBefore: string | undefined;
  loading: boolean;
  error: unknown;
  load: (before?: string) => Promise<void> | void;
  head: ReactNode;
  row: (item: T) => ReactNode;
}) {
  return (
    <>
      <Status error={error} busy={loading} />
      {items && (
        <section className="card" aria-busy={loading} aria-label={label}>
          <div className="scroll">
            <table className="grid">
              <thead>{head}</thead>
              <tbody>{items.map(row)}</tbody>
            </table>
          </div>
          {items.length === 0 && !loading && <p className="muted">{T.none}</p>}
          {nextBefore && (
            <button type="button" className="secondary" disabled={loading} onClick={() => void load(nextBefore)}>
              {T.older}
            </button>
          )}
        </section>
      )}
    </>
  );
}

export { Text } from '../components/TextField';

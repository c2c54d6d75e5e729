import { type FormEvent, useState } from 'react';
import { INDICATOR_CRITERION_VALUES, INDICATOR_FREQUENCY_VALUES, type IndicatorContent } from '../../../server/generated/schema-types';
import { BusyButton } from '../components/BusyButton';
import { Status } from '../components/Status';
import { indicatorEndpoints, type IndicatorDetail } from './indicator-endpoints';
import { CRITERION_LABELS, FREQUENCY_LABELS, INDICATOR_TERMS as T } from './terms';

const TEXTS: [keyof IndicatorContent, string][] = [
  ['label', T.label],
  ['definition', T.definition],
  ['formula', T.formula],
  ['owner', T.owner],
  ['process', T.process],
];

/** The edit form of an entry: saves a revision on the one read (409 stale_version when someone saved meanwhile). */
export function IndicatorEditor({ detail, onSaved }: { detail: IndicatorDetail; onSaved: (saved: IndicatorDetail) => void }) {
  const [content, setContent] = useState<IndicatorContent>(detail.indicator.content);
  const [note, setNote] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      onSaved(await indicatorEndpoints.edit(detail.indicator.indicatorId, { revision: detail.indicator.revision, content, ...(note ? { note } : {}) }));
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(false);
    }
  };
  const toggle = (criterion: IndicatorContent['criteria'][number], on: boolean) =>
    setContent({ ...content, criteria: on ? [...content.criteria, criterion] : content.criteria.filter((item) => item !== criterion) });
  return (
    <form className="indicator-editor" aria-label="edit indicator" onSubmit={(event) => void submit(event)}>
      {TEXTS.map(([field, label]) => (
        <label key={field}>
          {label}
          <textarea aria-label={field} value={content[field] as string} onChange={(event) => setContent({ ...content, [field]: event.target.value })} />
        </label>
      ))}
      <label>
        {T.frequency}{' '}
        <select
          aria-label="frequency"
          value={content.frequency}
          onChange={(event) => setContent({ ...content, frequency: event.target.value as IndicatorContent['frequency'] })}
        >
          {INDICATOR_FREQUENCY_VALUES.map((value) => (
            <option key={value} value={value}>
              {FREQUENCY_LABELS[value]}
            </option>
          ))}
        </select>
      </label>
      <fieldset>
        <legend>{T.criteria}</legend>
        {INDICATOR_CRITERION_VALUES.map((criterion) => (
          <label key={criterion} className="inline">
            <input type="checkbox" checked={content.criteria.includes(criterion)} onChange={(event) => toggle(criterion, event.target.checked)} />{' '}
            {CRITERION_LABELS[criterion]}
          </label>
        ))}
      </fieldset>
      <label>
        {T.note} <input aria-label="note" value={note} onChange={(event) => setNote(event.target.value)} />
      </label>
      <Status error={error} onDismiss={() => setError(undefined)} />
      <BusyButton type="submit" busy={busy}>
        {T.save}
      </BusyButton>
    </form>
  );
}

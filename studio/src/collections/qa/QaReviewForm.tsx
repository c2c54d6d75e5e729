import { type FormEvent, useState } from 'react';
import { BusyButton } from '../../components/BusyButton';
import { ActionError } from '../../monitoring/common';
import { qaEndpoints, type ConductTag, type FindingSeverity, type QaItem } from './qa-endpoints';
import { CONDUCT_TAG_LABELS, QA_TERMS, SEVERITY_LABELS } from './terms';

/** The review of a sample: clean, or a finding with its Art. 13 tags, severity and evidence (stored in the findings register). */
export function QaReviewForm({ item, onDone, onReload }: { item: QaItem; onDone: (item: QaItem) => void; onReload: () => void }) {
  const [result, setResult] = useState<'clean' | 'finding'>(item.contentTags.length > 0 ? 'finding' : 'clean');
  const [tags, setTags] = useState<ConductTag[]>(item.contentTags);
  const [severity, setSeverity] = useState<FindingSeverity>('medium');
  const [note, setNote] = useState('');
  const [references, setReferences] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      const refs = references
        .split('\n')
        .map((line) => line.trim())
        .filter(Boolean);
      const evidence = { note, ...(refs.length > 0 ? { references: refs } : {}) };
      onDone(
        await qaEndpoints.review(
          item.activityId,
          result === 'finding' ? { revision: item.revision, result, tags, severity, evidence } : { revision: item.revision, result, evidence },
        ),
      );
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(false);
    }
  };

  const toggle = (tag: ConductTag) => setTags((current) => (current.includes(tag) ? current.filter((known) => known !== tag) : [...current, tag]));

  return (
    <form className="card" aria-label="review" onSubmit={(event) => void submit(event)}>
      <fieldset>
        <legend>{QA_TERMS.review}</legend>
        <label className="inline">
          <input type="radio" name="result" checked={result === 'clean'} onChange={() => setResult('clean')} /> {QA_TERMS.clean}
        </label>
        <label className="inline">
          <input type="radio" name="result" checked={result === 'finding'} onChange={() => setResult('finding')} /> {QA_TERMS.finding}
        </label>
      </fieldset>
      {result === 'finding' && (
        <>
          <fieldset aria-label="conduct tags">
            <legend>{QA_TERMS.tags}</legend>
            {(Object.keys(CONDUCT_TAG_LABELS) as ConductTag[]).map((tag) => (
              <label key={tag} className="inline">
                <input type="checkbox" checked={tags.includes(tag)} onChange={() => toggle(tag)} /> {CONDUCT_TAG_LABELS[tag]}
              </label>
            ))}
          </fieldset>
          <label>
            {QA_TERMS.severity}{' '}
            <select aria-label="severity" value={severity} onChange={(event) => setSeverity(event.target.value as FindingSeverity)}>
              {Object.entries(SEVERITY_LABELS).map(([value, text]) => (
                <option key={value} value={value}>
                  {text}
                </option>
              ))}
            </select>
          </label>
        </>
      )}
      <label>
        {QA_TERMS.evidence}
        <textarea aria-label="evidence" required rows={3} value={note} onChange={(event) => setNote(event.target.value)} />
      </label>
      <label>
        {QA_TERMS.references}
        <textarea aria-label="references" rows={2} value={references} onChange={(event) => setReferences(event.target.value)} />
      </label>
      <BusyButton type="submit" busy={busy} disabled={result === 'finding' && tags.length === 0}>
        {QA_TERMS.review}
      </BusyButton>
      <ActionError error={error} onReload={onReload} />
    </form>
  );
}

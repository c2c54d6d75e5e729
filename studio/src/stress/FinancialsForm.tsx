import { useState, type FormEvent } from 'react';
import { ApiError } from '../api/client';
import { BusyButton } from '../components/BusyButton';
import { Status } from '../components/Status';
import { stressEndpoints, type StressFinancialsRequest } from './stress-endpoints';
import { STRESS_TERMS as T } from './terms';

const AMOUNTS = [
  ['premiumCollected', T.premiumCollected],
  ['recoveries', T.recoveries],
  ['reinsuranceRecoveries', T.reinsuranceRecoveries],
  ['claimsPaid', T.claimsPaid],
  ['expenses', T.expenses],
  ['cededPremium', T.cededPremium],
  ['taxRatePercent', T.taxRatePercent],
  ['actualCapital', T.actualCapital],
  ['coreCapital', T.coreCapital],
  ['minimumCapital', T.minimumCapital],
] as const;
type Amount = (typeof AMOUNTS)[number][0];

/**
 * A unit's financials and capital for a base period (docs/stress-tests.md#inputs-and-where-they-come-from): 读取 Load
 * fetches the stored figures and their revision (none stored: revision 0), 保存 Save stores them; the server checks
 * each field and answers a stale revision with 409, shown in words.
 */
export function FinancialsForm({ orgUnit: initialUnit }: { orgUnit: string }) {
  const [orgUnit, setOrgUnit] = useState(initialUnit);
  const [period, setPeriod] = useState('');
  const [values, setValues] = useState<Record<Amount, string>>(() => Object.fromEntries(AMOUNTS.map(([field]) => [field, ''])) as Record<Amount, string>);
  const [note, setNote] = useState('');
  const [revision, setRevision] = useState<number>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();
  const [notice, setNotice] = useState<string>();

  const act = async (call: () => Promise<void>) => {
    setBusy(true);
    setError(undefined);
    setNotice(undefined);
    try {
      await call();
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(false);
    }
  };
  const load = () =>
    act(async () => {
      try {
        const stored = await stressEndpoints.financials(orgUnit.trim(), period.trim());
        setValues(Object.fromEntries(AMOUNTS.map(([field]) => [field, String(stored[field])])) as Record<Amount, string>);
        setNote(stored.note ?? '');
        setRevision(stored.revision);
      } catch (caught) {
        if (!(caught instanceof ApiError && caught.status === 404)) throw caught;
        setRevision(0);
      }
    });
  const save = (event: FormEvent) => {
    event.preventDefault();
    void act(async () => {
      const body = {
        orgUnit: orgUnit.trim(),
        period: period.trim(),
        revision: revision ?? 0,
        ...Object.fromEntries(AMOUNTS.map(([field]) => [field, Number(values[field])])),
        ...(note.trim() ? { note: note.trim() } : {}),
      } as StressFinancialsRequest;
      const stored = await stressEndpoints.saveFinancials(body);
      setRevision(stored.revision);
      setNotice(`${T.saved} · ${T.revision} ${stored.revision}`);
    });
  };
  return (
    <form className="card" aria-label="financials" onSubmit={save}>
      <h2>{T.financials}</h2>
      <Status error={error} notice={notice} />
      <label>
        {T.orgUnit} <input name="financials-orgUnit" value={orgUnit} onChange={(event) => setOrgUnit(event.target.value)} required />
      </label>{' '}
      <label>
        {T.period} <input name="financials-period" value={period} placeholder={T.periodHint} onChange={(event) => setPeriod(event.target.value)} required />
      </label>{' '}
      <BusyButton busy={busy} onClick={() => void load()}>
        {T.load}
      </BusyButton>
      {revision !== undefined && (
        <>
          <p className="muted" data-testid="financials-revision">
            {T.revision} {revision}
          </p>
          <div className="form-grid">
            {AMOUNTS.map(([field, label]) => (
              <label key={field}>
                {label}{' '}
                <input
                  name={field}
                  inputMode="decimal"
                  value={values[field]}
                  onChange={(event) => setValues((current) => ({ ...current, [field]: event.target.value }))}
                  required
                />
              </label>
            ))}
            <label>
              {T.note} <input name="note" value={note} onChange={(event) => setNote(event.target.value)} />
            </label>
          </div>
          <BusyButton type="submit" busy={busy}>
            {T.save}
          </BusyButton>
        </>
      )}
    </form>
  );
}

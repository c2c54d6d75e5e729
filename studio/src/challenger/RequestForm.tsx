import { type FormEvent, useState } from 'react';
import { CHALLENGER_FAMILY_VALUES, type ChallengerFamily } from '../../../server/generated/schema-types';
import { useServerCall } from '../api/useServerCall';
import { BusyButton } from '../components/BusyButton';
import { ErrorView, FieldErrors } from '../components/ErrorView';
import { navigate } from '../router';
import { challengerEndpoints, type ChallengerTest, type ChallengerTestRequest } from './challenger-endpoints';
import { CHALLENGER_TERMS as T } from './terms';

const EMPTY = { key: 'warning.obligor' as ChallengerFamily, version: '', share: '10', orgUnit: '', customerTier: '', channel: '', product: '', reason: '' };

/** Requests a test: an approved, unpublished version against the one in force, for a share of a unit's obligors and a segment. */
export function RequestForm() {
  const [form, setForm] = useState(EMPTY);
  const call = useServerCall<ChallengerTest>();
  const set = (patch: Partial<typeof EMPTY>) => setForm({ ...form, ...patch });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const segment = Object.fromEntries(
      (['customerTier', 'channel', 'product'] as const).filter((name) => form[name].trim() !== '').map((name) => [name, form[name].trim()]),
    );
    const body: ChallengerTestRequest = {
      key: form.key,
      challengerVersion: Number(form.version),
      // Percent in the form, basis points on the wire: 12.5 % is 1250.
      shareBasisPoints: Math.round(Number(form.share) * 100),
      ...(form.orgUnit.trim() ? { orgUnit: form.orgUnit.trim() } : {}),
      ...(Object.keys(segment).length > 0 ? { segments: [segment] } : {}),
      reason: form.reason,
    };
    void call.run(async () => {
      const requested = await challengerEndpoints.request(body);
      navigate(`/challenger/${encodeURIComponent(requested.testId)}`);
      return requested;
    });
  };
  const text = (name: keyof typeof EMPTY, label: string, path: string, extra: Record<string, unknown> = {}) => (
    <label>
      {label}
      <input aria-label={label} value={form[name]} onChange={(event) => set({ [name]: event.target.value })} {...extra} />
      <FieldErrors error={call.error} path={path} />
    </label>
  );
  return (
    <form className="card" aria-label="request a champion/challenger test" onSubmit={submit}>
      <h2>{T.request}</h2>
      <label>
        {T.ruleSet}
        <select aria-label={T.ruleSet} value={form.key} onChange={(event) => set({ key: event.target.value as ChallengerFamily })}>
          {CHALLENGER_FAMILY_VALUES.map((key) => (
            <option key={key} value={key}>
              {key}
            </option>
          ))}
        </select>
      </label>
      {text('version', T.challengerVersion, '/body/challengerVersion', { type: 'number', min: 1, required: true })}
      {text('share', T.share, '/body/shareBasisPoints', { type: 'number', min: 0, max: 100, step: 0.01, required: true })}
      {text('orgUnit', T.orgUnit, '/body/orgUnit')}
      <fieldset>
        <legend>{T.segment}</legend>
        {text('customerTier', T.customerTier, '/body/segments/0/customerTier')}
        {text('channel', T.channel, '/body/segments/0/channel')}
        {text('product', T.product, '/body/segments/0/product')}
      </fieldset>
      {text('reason', T.reason, '/body/reason', { required: true })}
      <ErrorView error={call.error} />
      <BusyButton type="submit" busy={call.busy}>
        {T.submit}
      </BusyButton>
    </form>
  );
}

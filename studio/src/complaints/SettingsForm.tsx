import { type FormEvent, useState } from 'react';
import type { PrincipalView } from '../api/types';
import { useServerCall } from '../api/useServerCall';
import { BusyButton } from '../components/BusyButton';
import { ErrorView, FieldErrors } from '../components/ErrorView';
import { complaintEndpoints, type ComplaintUnitSettings } from './complaint-endpoints';
import { COMPLAINT_TERMS as T } from './terms';
import { complaintAccess } from './workflow';

type Form = {
  title: string;
  userName: string;
  department: string;
  internetBusiness: boolean;
  hotline: string;
  mailbox: string;
  postalAddress: string;
  online: string;
};

const formOf = (settings: ComplaintUnitSettings): Form => ({
  title: settings.seniorManager?.title ?? '',
  userName: settings.seniorManager?.userName ?? '',
  department: settings.department ?? '',
  internetBusiness: settings.internetBusiness,
  hotline: settings.channels.hotline ?? '',
  mailbox: settings.channels.mailbox ?? '',
  postalAddress: settings.channels.postalAddress ?? '',
  online: settings.channels.online ?? '',
});

/**
 * A unit's complaint organisation and channels (Arts 24, 25; docs/complaints.md "Unit settings"): load a unit, edit,
 * save against the revision read (409 when someone saved meanwhile). HQ's admins save; everyone else reads.
 */
export function SettingsForm({ me }: { me: PrincipalView }) {
  const [orgUnit, setOrgUnit] = useState(me.orgUnit);
  const [form, setForm] = useState<Form>();
  const loaded = useServerCall<ComplaintUnitSettings>();
  const saved = useServerCall<ComplaintUnitSettings>();
  const settings = saved.result ?? loaded.result;
  const load = (event?: FormEvent) => {
    event?.preventDefault();
    void loaded.run(async () => {
      const next = await complaintEndpoints.settings(orgUnit);
      setForm(formOf(next));
      return next;
    });
  };
  const save = (event: FormEvent) => {
    event.preventDefault();
    if (!form || !settings) return;
    const channels = Object.fromEntries(
      (['hotline', 'mailbox', 'postalAddress', 'online'] as const).filter((name) => form[name].trim()).map((name) => [name, form[name].trim()]),
    );
    void saved.run(() =>
      complaintEndpoints.saveSettings(settings.orgUnit, {
        revision: settings.revision,
        seniorManager: { title: form.title, userName: form.userName },
        department: form.department,
        internetBusiness: form.internetBusiness,
        channels,
      }),
    );
  };
  const editable = complaintAccess.settings(me);
  const field = (name: Exclude<keyof Form, 'internetBusiness'>, label: string, path: string) => (
    <label>
      {label}
      <input value={form?.[name] ?? ''} disabled={!editable} onChange={(event) => setForm({ ...form!, [name]: event.target.value })} />
      <FieldErrors error={saved.error} path={path} />
    </label>
  );
  return (
    <>
      <form className="row filters" aria-label="settings unit" onSubmit={load}>
        <label className="inline">
          {T.orgUnit} <input aria-label="settings org unit" value={orgUnit} onChange={(event) => setOrgUnit(event.target.value.trim())} />
        </label>
        <BusyButton type="submit" busy={loaded.busy}>
          {T.load}
        </BusyButton>
      </form>
      {!editable && <p className="muted">{T.hqOnly}</p>}
      <ErrorView error={loaded.error} />
      {form && settings && (
        <form className="card complaint-steps" aria-label="complaint settings" onSubmit={save}>
          <h2>
            {T.settingsOf} {settings.orgUnit} · {T.revision} {settings.revision}
          </h2>
          {field('title', T.seniorManagerTitle, '/body/seniorManager/title')}
          {field('userName', T.seniorManagerUser, '/body/seniorManager/userName')}
          {field('department', T.department, '/body/department')}
          <label className="inline">
            <input
              type="checkbox"
              checked={form.internetBusiness}
              disabled={!editable}
              onChange={(event) => setForm({ ...form, internetBusiness: event.target.checked })}
            />{' '}
            {T.internetBusiness}
          </label>
          {field('hotline', T.hotline, '/body/channels/hotline')}
          {field('mailbox', T.mailbox, '/body/channels/mailbox')}
          {field('postalAddress', T.postalAddress, '/body/channels/postalAddress')}
          {field('online', T.online, '/body/channels/online')}
          <ErrorView error={saved.error} />
          {saved.result && !saved.busy && <p className="notice">{T.saved}</p>}
          {editable && (
            <div>
              <BusyButton type="submit" busy={saved.busy}>
                {T.save}
              </BusyButton>
            </div>
          )}
        </form>
      )}
    </>
  );
}

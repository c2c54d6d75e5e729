import type { PrincipalView } from '../api/types';
import { ComplaintFile } from '../complaints/ComplaintFile';
import { ComplaintQueue } from '../complaints/ComplaintQueue';
import { IntakeForm } from '../complaints/IntakeForm';
import { SettingsForm } from '../complaints/SettingsForm';
import { RootCausePanel, StatisticsPanel } from '../complaints/StatisticsPanel';
import { COMPLAINT_TERMS as T } from '../complaints/terms';
import { complaintAccess } from '../complaints/workflow';
import { NavLink } from '../router';
import '../complaints/complaints.css';

export const COMPLAINTS_PATH = '/complaints';
const VIEWS = { new: T.newComplaint, statistics: T.statistics, 'root-causes': T.rootCauses, settings: T.settings } as const;

/**
 * 投诉 Complaints (docs/complaints.md, Arts 24-31): /complaints the queue by deadline, /complaints/new the intake,
 * /complaints/statistics the month's figures, /complaints/root-causes, /complaints/settings, /complaints/:id the case file.
 */
export function ComplaintsPage({ path, me }: { path: string; me: PrincipalView }) {
  const rest = decodeURIComponent(path.slice(COMPLAINTS_PATH.length).replace(/^\/|\/$/g, ''));
  const view = rest === '' ? 'queue' : rest in VIEWS ? (rest as keyof typeof VIEWS) : 'file';
  return (
    <>
      <nav className="complaint-nav" aria-label="complaints">
        <NavLink to={COMPLAINTS_PATH} path={view === 'queue' ? COMPLAINTS_PATH : ''}>
          {T.queueLink}
        </NavLink>
        {complaintAccess.intake(me) && (
          <NavLink to={`${COMPLAINTS_PATH}/new`} path={path}>
            {T.newComplaint}
          </NavLink>
        )}
        <NavLink to={`${COMPLAINTS_PATH}/statistics`} path={path}>
          {T.statistics}
        </NavLink>
        <NavLink to={`${COMPLAINTS_PATH}/root-causes`} path={path}>
          {T.rootCauses}
        </NavLink>
        <NavLink to={`${COMPLAINTS_PATH}/settings`} path={path}>
          {T.settings}
        </NavLink>
      </nav>
      {view === 'queue' && (
        <>
          <h1>{T.queue}</h1>
          <ComplaintQueue />
        </>
      )}
      {view === 'new' && <IntakeForm />}
      {view === 'statistics' && (
        <>
          <h1>{T.statistics}</h1>
          <StatisticsPanel />
        </>
      )}
      {view === 'root-causes' && (
        <>
          <h1>{T.rootCauses}</h1>
          <RootCausePanel />
        </>
      )}
      {view === 'settings' && (
        <>
          <h1>{T.settings}</h1>
          <SettingsForm me={me} />
        </>
      )}
      {view === 'file' && <ComplaintFile key={rest} complaintId={rest} me={me} />}
    </>
  );
}

/** The page title for a complaints address. */
export function complaintsTitle(path: string): string {
  const rest = decodeURIComponent(path.slice(COMPLAINTS_PATH.length).replace(/^\/|\/$/g, ''));
  if (rest === '') return T.queue;
  return rest in VIEWS ? VIEWS[rest as keyof typeof VIEWS] : `${rest} · ${T.navigation}`;
}

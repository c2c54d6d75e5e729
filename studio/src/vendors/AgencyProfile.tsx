import type { Agency } from './vendor-endpoints';
import { AgencyStatusBadge } from './AgencyStatusBadge';
import { AGENCY_KIND_LABELS, labelOf, VENDOR_TERMS as T, WORK_KIND_LABELS } from './terms';

/** What the register holds about the agency; the legal representative arrives masked from the server (server/privacy). */
export function AgencyProfile({ agency }: { agency: Agency }) {
  return (
    <dl className="facts-list" aria-label="agency profile">
      <dt>{T.creditCode}</dt>
      <dd>
        <code>{agency.creditCode}</code>
      </dd>
      <dt>{T.kind}</dt>
      <dd>{labelOf(AGENCY_KIND_LABELS, agency.kind)}</dd>
      <dt>{T.workKinds}</dt>
      <dd>{agency.workKinds.map((kind) => labelOf(WORK_KIND_LABELS, kind)).join(', ')}</dd>
      <dt>{T.status}</dt>
      <dd>
        <AgencyStatusBadge status={agency.status} />
      </dd>
      <dt>{T.foundedOn}</dt>
      <dd>{agency.foundedOn}</dd>
      <dt>{T.bankExperience}</dt>
      <dd>{agency.bankExperienceMonths}</dd>
      <dt>{T.phoneTeam}</dt>
      <dd>{agency.phoneTeamSize}</dd>
      <dt>{T.ownSystems}</dt>
      <dd>{agency.systems.ownSystems ? '有 yes' : '无 no'}</dd>
      <dt>{T.securityEvidence}</dt>
      <dd>{agency.systems.securityEvidence.length > 0 ? agency.systems.securityEvidence.join(' · ') : '—'}</dd>
      <dt>{T.legalRepresentative}</dt>
      <dd data-testid="legal-representative">
        {agency.legalRepresentative.name} · {agency.legalRepresentative.idNumber} <span className="muted">{T.masked}</span>
      </dd>
      <dt>{T.checksDueOn}</dt>
      <dd>{agency.checksDueOn ?? '—'}</dd>
      <dt>{T.admittedOn}</dt>
      <dd>{agency.admittedOn ?? '—'}</dd>
      <dt>{T.revision}</dt>
      <dd data-testid="agency-revision">{agency.revision}</dd>
    </dl>
  );
}

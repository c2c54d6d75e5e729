import type { ReactNode } from 'react';
import type { PrincipalView } from '../api/types';
import { Pending, Status } from '../components/Status';
import { Tabs, type TabItem } from '../components/Tabs';
import { ActionError } from '../monitoring/common';
import { searchParam, useSearch } from '../monitoring/search';
import { Link, navigate } from '../router';
import { AdmissionPanel } from '../vendors/AdmissionPanel';
import { useAgency } from '../vendors/agency-actions';
import { AgencyHistory } from '../vendors/AgencyHistory';
import { AgencyProfile } from '../vendors/AgencyProfile';
import { AgencyStatusBadge } from '../vendors/AgencyStatusBadge';
import { ChecksPanel } from '../vendors/ChecksPanel';
import { StatusActions } from '../vendors/StatusActions';
import { VENDOR_TERMS as T } from '../vendors/terms';
import '../vendors/vendors.css';

type TabId = 'profile' | 'checks' | 'admission' | 'history';
const TABS: TabItem<TabId>[] = [
  { id: 'profile', label: T.profile },
  { id: 'checks', label: T.checks },
  { id: 'admission', label: T.admission },
  { id: 'history', label: T.history },
  // Slots for the later items of issue 19: agreements ('agreements', T.agreements), placements
  // ('placements', T.placements) and scorecards ('scorecards', T.scorecards) add their tab here and
  // their panel in `panel` below, reading the same `useAgency` state.
];

/** One agency (`/vendors/:agencyId?tab=…`): its profile, checks, admission and status history, and the changes HQ may make. */
export function VendorPage({ agencyId, me }: { agencyId: string; me: PrincipalView }) {
  const search = useSearch();
  const tab = (TABS.find((item) => item.id === searchParam(search, 'tab'))?.id ?? 'profile') as TabId;
  const actions = useAgency(agencyId);
  const { detail, loadError } = actions;
  if (loadError || !detail) return <Pending error={loadError} />;
  const { agency } = detail;

  const panel: Record<TabId, () => ReactNode> = {
    profile: () => (
      <>
        <AgencyProfile agency={agency} />
        <StatusActions me={me} actions={actions} />
      </>
    ),
    checks: () => <ChecksPanel me={me} actions={actions} />,
    admission: () => <AdmissionPanel me={me} actions={actions} />,
    history: () => <AgencyHistory history={detail.history} />,
  };

  return (
    <>
      <p>
        <Link to="/vendors">← {T.register}</Link>
      </p>
      <div className="page-header">
        <h1 data-testid="agency-name">{agency.agencyName}</h1>
        <AgencyStatusBadge status={agency.status} />
      </div>
      <Status notice={actions.notice} />
      <ActionError error={actions.actionError} onReload={() => void actions.reload()} />
      <Tabs
        label="agency"
        idPrefix="agency"
        tabs={TABS}
        selected={tab}
        onSelect={(id) => navigate(`/vendors/${encodeURIComponent(agencyId)}${id === 'profile' ? '' : `?tab=${id}`}`)}
        panelClassName="card"
      >
        {panel[tab]()}
      </Tabs>
    </>
  );
}

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
import { AgreementsPanel } from '../vendors/AgreementsPanel';
import { ChecksPanel } from '../vendors/ChecksPanel';
import { ExitPanel } from '../vendors/ExitPanel';
import { PlacementsPanel } from '../vendors/PlacementsPanel';
import { ScorecardsPanel } from '../vendors/ScorecardsPanel';
import { StatusActions } from '../vendors/StatusActions';
import { VENDOR_TERMS as T, WORK_TERMS as W } from '../vendors/terms';
import '../vendors/vendors.css';

type TabId = 'profile' | 'checks' | 'admission' | 'agreements' | 'placements' | 'scorecards' | 'exit' | 'history';
const TABS: TabItem<TabId>[] = [
  { id: 'profile', label: T.profile },
  { id: 'checks', label: T.checks },
  { id: 'admission', label: T.admission },
  { id: 'agreements', label: T.agreements },
  { id: 'placements', label: T.placements },
  { id: 'scorecards', label: T.scorecards },
  { id: 'exit', label: W.exit },
  { id: 'history', label: T.history },
];

/** One agency (`/vendors/:agencyId?tab=…`): its profile, checks, admission, agreements, placements, scorecards, exit and status history, and the changes HQ may make. */
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
    // These tabs read their own records (agreements, placements, scorecards, the exit) each time they open.
    agreements: () => <AgreementsPanel me={me} agency={agency} />,
    placements: () => <PlacementsPanel me={me} agencyId={agency.agencyId} />,
    scorecards: () => <ScorecardsPanel agencyId={agency.agencyId} />,
    exit: () => <ExitPanel me={me} agency={agency} />,
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

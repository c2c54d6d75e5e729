import type { PrincipalView } from '../api/types';
import { Tabs } from '../components/Tabs';
import { navigate } from '../router';
import { recoveryAccess } from '../recovery/access';
import { RecoveryCasePage } from '../recovery/CasePage';
import { RecoveryCasesList } from '../recovery/CasesList';
import { LookbackList, LookbackQuarter } from '../recovery/LookbackPage';
import { RECOVERY_TERMS as T } from '../recovery/terms';

/**
 * 追偿 Recovery (docs/recovery.md): /recovery the cases (filters in the address), /recovery/cases/:caseId a case
 * with its ledger, /recovery/lookbacks the quarters and /recovery/lookbacks/:quarter a quarter's figures.
 */
export function RecoveryPage({ path, me }: { path: string; me: PrincipalView }) {
  const one = /^\/recovery\/cases\/([^/]+)\/?$/.exec(path);
  if (one) return <RecoveryCasePage key={one[1]} caseId={decodeURIComponent(one[1]!)} me={me} />;
  const quarter = /^\/recovery\/lookbacks\/([^/]+)\/?$/.exec(path);
  if (quarter) return <LookbackQuarter key={quarter[1]} quarter={decodeURIComponent(quarter[1]!)} me={me} />;
  const view = path.startsWith('/recovery/lookbacks') ? 'lookbacks' : 'cases';
  return (
    <>
      <div className="page-header">
        <h1>{T.navigation}</h1>
      </div>
      <Tabs
        label="recovery views"
        idPrefix="recovery"
        tabs={[{ id: 'cases', label: T.cases }, ...(recoveryAccess.lookbacks(me) ? [{ id: 'lookbacks', label: T.lookbacks }] : [])]}
        selected={view}
        onSelect={(id) => navigate(id === 'cases' ? '/recovery' : '/recovery/lookbacks')}
      >
        {view === 'cases' ? <RecoveryCasesList /> : <LookbackList />}
      </Tabs>
    </>
  );
}

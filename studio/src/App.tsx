import { useCallback, useEffect, useState, type ReactNode } from 'react';
import { onUnauthenticated } from './api/client';
import { endpoints } from './api/endpoints';
import type { PrincipalView } from './api/types';
import { ErrorView } from './components/ErrorView';
import { can, MONITORING_TERMS } from './monitoring/labels';
import { AlertsPage } from './pages/AlertsPage';
import { ClaimsPage } from './pages/ClaimsPage';
import { WORKBENCH_PATH, WorkbenchPage } from './claims/WorkbenchPage';
import { CLAIM_TERMS } from './claims/terms';
import { DecisionPage } from './pages/DecisionPage';
import { JobsPage } from './pages/JobsPage';
import { LoginPage } from './pages/LoginPage';
import { AuditPage } from './pages/AuditPage';
import { EffectivePage } from './pages/EffectivePage';
import { GrantsPage } from './pages/GrantsPage';
import { OrgUnitsPage } from './pages/OrgUnitsPage';
import { OverlayPage } from './pages/OverlayPage';
import { PortfolioPage } from './pages/PortfolioPage';
import { REPORT_PATH, ReportPage } from './pages/ReportPage';
import { RuleSetPage } from './pages/RuleSetPage';
import { RuleSetsPage } from './pages/RuleSetsPage';
import { WebhooksPage } from './pages/WebhooksPage';
import { ObligorPage } from './pages/ObligorPage';
import { TasksPage } from './pages/TasksPage';
import { REPORT_TERMS } from './reports/labels';
import { ApiKeysPage } from './pages/ApiKeysPage';
import { InboxPage } from './pages/InboxPage';
import { NotFoundPage } from './pages/NotFoundPage';
import { UsersPage } from './pages/UsersPage';
import { ADMIN_TERMS } from './admin/terms';
import { REVIEW_TERMS } from './ruleset/review-terms';
import { VendorPage } from './pages/VendorPage';
import { VendorPublishedPage } from './pages/VendorPublishedPage';
import { VendorsPage } from './pages/VendorsPage';
import { vendorAccess } from './vendors/access';
import { VENDOR_TERMS } from './vendors/terms';
import { BureauPage } from './pages/BureauPage';
import { bureauAccess } from './bureau/access';
import { BUREAU_TERMS } from './bureau/terms';
import { COMPLAINTS_PATH, ComplaintsPage, complaintsTitle } from './pages/ComplaintsPage';
import { complaintAccess } from './complaints/workflow';
import { COMPLAINT_TERMS } from './complaints/terms';
import { ControlPage } from './control/ControlPage';
import { CONTROL_TERMS } from './control/terms';
import { PARTNERS_PATH, PartnersPage, partnerAccess } from './pages/PartnersPage';
import { PARTNER_TERMS } from './partners/terms';
import { UNDERWRITING_PATH, UnderwritingPage } from './pages/UnderwritingPage';
import { underwritingAccess } from './underwriting/access';
import { UNDERWRITING_TERMS } from './underwriting/terms';
import { CHALLENGER_PATH, ChallengerPage, challengerAccess } from './pages/ChallengerPage';
import { CHALLENGER_TERMS } from './challenger/terms';
import { BACKTESTS_PATH, BacktestPage } from './backtest/BacktestPage';
import { BACKTEST_TERMS } from './backtest/terms';
import { backtestAccess } from './backtest/access';
import { RecoveryPage } from './pages/RecoveryPage';
import { ACTUARIAL_PATH, ActuarialNoticesPage } from './actuarial/ActuarialNoticesPage';
import { ACTUARIAL_TERMS } from './actuarial/terms';
import { INDICATORS_PATH, IndicatorsPage } from './indicators/IndicatorsPage';
import { INDICATOR_TERMS } from './indicators/terms';
import { recoveryAccess } from './recovery/access';
import { RECOVERY_TERMS } from './recovery/terms';
import { STRESS_PATH, StressPage, stressAccess } from './stress/StressPage';
import { STRESS_TERMS } from './stress/terms';
import { CASES_PATH, CasesPage } from './collections/cases/CasesPage';
import { TimelinePage } from './collections/cases/TimelinePage';
import { COLLECTION_TERMS } from './collections/terms';
import { QaQueuePage } from './collections/qa/QaQueuePage';
import { QA_TERMS } from './collections/qa/terms';
import { Link, navigate, NavLink, usePageTitle, usePath } from './router';
import { TERMS } from './terms';
import { CompliancePage, DASHBOARD_PATH } from './collections/dashboard/CompliancePage';
import { DASHBOARD_TERMS } from './collections/dashboard/terms';

/**
 * Session, layout and the routes: /login, / (rule sets), /rulesets/:key[/v/:version], /inbox,
 * /portfolio, /webhooks, /org-units, /authority/grants, /authority/overlays, /authority/effective,
 * /audit, /alerts, /tasks, /claims, /obligors[/:id], /decisions/:id, /jobs,
 * /reports/business-quality, /vendors[/published | /:agencyId], /bureau, /recovery[/cases/:caseId | /lookbacks[/:quarter]], /complaints[/new | /statistics | /root-causes | /settings | /:complaintId], /stress-tests[/:resultId], /partners[/new | /:partnerId], /collection/cases, /collection/obligors/:id/timeline, /control, /underwriting, /challenger[/:testId], /backtests[/:backtestId], /actuarial/notices, /indicators, /users, /api-keys; anything else is not found.
 */
export function App() {
  const path = usePath();
  const [me, setMe] = useState<PrincipalView | null | undefined>(undefined);
  const [error, setError] = useState<unknown>();

  useEffect(() => {
    endpoints.me().then(setMe, () => setMe(null));
    return onUnauthenticated(() => setMe(null));
  }, []);

  const logout = useCallback(async () => {
    try {
      await endpoints.logout();
      setMe(null);
      navigate('/login');
    } catch (caught) {
      setError(caught);
    }
  }, []);

  if (me === undefined) return <p className="muted page">加载中 Loading…</p>;
  if (me === null) {
    return (
      <>
        <PageTitle title="登录 Log in" />
        <LoginPage
          onLogin={(principal) => {
            setMe(principal);
            if (path === '/login') navigate('/');
          }}
        />
      </>
    );
  }

  const route = resolve(path, me);
  return (
    <div className="layout">
      <header className="topbar">
        <Link to="/" className="brand">
          {TERMS.studio}
        </Link>
        <Navigation path={path} me={me} />
        <span className="who" data-testid="who">
          {me.name} · {me.orgUnit} · {me.roles.join(', ')}
        </span>
        <button type="button" className="secondary" onClick={logout}>
          退出 Log out
        </button>
      </header>
      <ErrorView error={error} onDismiss={() => setError(undefined)} />
      <main className="page">
        <PageTitle title={route.title} />
        {route.element}
      </main>
    </div>
  );
}

function PageTitle({ title }: { title: string }) {
  usePageTitle(title);
  return null;
}

/** The main navigation; the entry of the page shown is marked (aria-current and a style). */
function Navigation({ path, me }: { path: string; me: PrincipalView }) {
  const admin = me.roles.includes('admin');
  return (
    <nav aria-label="main">
      <NavLink to="/" path={path} also={['/rulesets/']}>
        {TERMS.ruleSets}
      </NavLink>
      {me.roles.includes('approver') && (
        <NavLink to="/inbox" path={path}>
          {REVIEW_TERMS.inbox}
        </NavLink>
      )}
      <NavLink to="/portfolio" path={path}>
        {PORTFOLIO}
      </NavLink>
      <NavLink to="/org-units" path={path}>
        {TERMS.orgUnits}
      </NavLink>
      <NavLink to="/authority/grants" path={path}>
        {TERMS.grants}
      </NavLink>
      <NavLink to="/authority/overlays" path={path}>
        {TERMS.overlays}
      </NavLink>
      <NavLink to="/authority/effective" path={path}>
        {TERMS.effective}
      </NavLink>
      {me.roles.some((role) => role !== 'integration') && (
        <NavLink to="/audit" path={path}>
          {TERMS.audit}
        </NavLink>
      )}
      <NavLink to="/webhooks" path={path}>
        {WEBHOOKS}
      </NavLink>
      {can.readQueues(me) && (
        <>
          <NavLink to="/alerts" path={path}>
            {MONITORING_TERMS.alerts}
          </NavLink>
          <NavLink to="/tasks" path={path}>
            {MONITORING_TERMS.tasks}
          </NavLink>
          <NavLink to="/claims" path={path}>
            {MONITORING_TERMS.claims}
          </NavLink>
          <NavLink to={WORKBENCH_PATH} path={path}>
            {CLAIM_TERMS.navigation}
          </NavLink>
          <NavLink to="/collection/qa" path={path}>
            {QA_TERMS.navigation}
          </NavLink>
          <NavLink to="/obligors" path={path}>
            {MONITORING_TERMS.obligor}
          </NavLink>
          <NavLink to={REPORT_PATH} path={path}>
            {REPORT_TERMS.navigation}
          </NavLink>
          <NavLink to={CASES_PATH} path={path} also={['/collection/obligors/']}>
            {COLLECTION_TERMS.navigation}
          </NavLink>
          <NavLink to={DASHBOARD_PATH} path={path}>
            {DASHBOARD_TERMS.navigation}
          </NavLink>
        </>
      )}
      {vendorAccess.read(me) && (
        <NavLink to="/vendors" path={path}>
          {VENDOR_TERMS.navigation}
        </NavLink>
      )}
      {bureauAccess.read(me) && (
        <NavLink to="/bureau" path={path}>
          {BUREAU_TERMS.navigation}
        </NavLink>
      )}
      {underwritingAccess.read(me) && (
        <NavLink to={UNDERWRITING_PATH} path={path}>
          {UNDERWRITING_TERMS.navigation}
        </NavLink>
      )}
      {complaintAccess.read(me) && (
        <NavLink to={COMPLAINTS_PATH} path={path}>
          {COMPLAINT_TERMS.navigation}
        </NavLink>
      )}
      {me.roles.some((role) => role !== 'integration') && (
        <NavLink to="/control" path={path}>
          {CONTROL_TERMS.navigation}
        </NavLink>
      )}
      {partnerAccess.read(me) && (
        <NavLink to={PARTNERS_PATH} path={path}>
          {PARTNER_TERMS.navigation}
        </NavLink>
      )}
      {challengerAccess.read(me) && (
        <NavLink to={CHALLENGER_PATH} path={path}>
          {CHALLENGER_TERMS.navigation}
        </NavLink>
      )}
      {backtestAccess.read(me) && (
        <NavLink to={BACKTESTS_PATH} path={path}>
          {BACKTEST_TERMS.navigation}
        </NavLink>
      )}
      {recoveryAccess.read(me) && (
        <NavLink to="/recovery" path={path}>
          {RECOVERY_TERMS.navigation}
        </NavLink>
      )}
      {stressAccess.read(me) && (
        <NavLink to={STRESS_PATH} path={path}>
          {STRESS_TERMS.navigation}
        </NavLink>
      )}
      {can.readQueues(me) && (
        <NavLink to={ACTUARIAL_PATH} path={path}>
          {ACTUARIAL_TERMS.navigation}
        </NavLink>
      )}
      {me.roles.some((role) => role !== 'integration') && (
        <NavLink to={INDICATORS_PATH} path={path}>
          {INDICATOR_TERMS.navigation}
        </NavLink>
      )}
      {can.readJobs(me) && (
        <NavLink to="/jobs" path={path}>
          {MONITORING_TERMS.jobs}
        </NavLink>
      )}
      {admin && (
        <NavLink to="/users" path={path}>
          {ADMIN_TERMS.users}
        </NavLink>
      )}
      {admin && (
        <NavLink to="/api-keys" path={path}>
          {ADMIN_TERMS.apiKeys}
        </NavLink>
      )}
    </nav>
  );
}

const PORTFOLIO = '资产组合 Portfolio';
const WEBHOOKS = '外发通知 Webhooks';

/** The page for an address, with its title; an address no page claims is not found (never the rule-set list). */
function resolve(path: string, me: PrincipalView): { title: string; element: ReactNode } {
  const ruleSet = /^\/rulesets\/([^/]+)(?:\/v\/(\d+))?\/?$/.exec(path);
  if (ruleSet) {
    const key = decodeURIComponent(ruleSet[1]!);
    return {
      title: `${key} · ${TERMS.ruleSets}`,
      element: <RuleSetPage key={ruleSet[1]} ruleSetKey={key} versionParam={ruleSet[2] ? Number(ruleSet[2]) : undefined} me={me} />,
    };
  }
  const obligor = /^\/obligors(?:\/([^/]+))?\/?$/.exec(path);
  if (obligor) return { title: MONITORING_TERMS.obligor, element: <ObligorPage key={obligor[1] ?? ''} obligorId={decodeURIComponent(obligor[1] ?? '')} /> };
  const decision = /^\/decisions\/([^/]+)\/?$/.exec(path);
  if (decision)
    return {
      title: `决策 Decision ${decodeURIComponent(decision[1]!)}`,
      element: <DecisionPage key={decision[1]} decisionId={decodeURIComponent(decision[1]!)} />,
    };
  const timeline = /^\/collection\/obligors\/([^/]+)\/timeline\/?$/.exec(path);
  if (timeline)
    return {
      title: `${decodeURIComponent(timeline[1]!)} · ${COLLECTION_TERMS.timeline}`,
      element: <TimelinePage key={timeline[1]} obligorId={decodeURIComponent(timeline[1]!)} />,
    };
  const vendor = /^\/vendors\/([^/]+)\/?$/.exec(path);
  if (vendor && vendor[1] === 'published') return { title: VENDOR_TERMS.published, element: <VendorPublishedPage /> };
  if (vendor)
    return {
      title: `${decodeURIComponent(vendor[1]!)} · ${VENDOR_TERMS.navigation}`,
      element: <VendorPage key={vendor[1]} agencyId={decodeURIComponent(vendor[1]!)} me={me} />,
    };
  const workbench = /^\/claim-workbench(?:\/([^/]+))?\/?$/.exec(path);
  if (workbench) {
    const caseId = workbench[1] ? decodeURIComponent(workbench[1]) : undefined;
    return {
      title: caseId ? `${caseId} · ${CLAIM_TERMS.caseFile}` : CLAIM_TERMS.navigation,
      element: <WorkbenchPage key={caseId ?? ''} me={me} caseId={caseId} />,
    };
  }
  const within = (prefix: string) => path === prefix || path.startsWith(`${prefix}/`);
  if (path === '/' || path === '/login') return { title: TERMS.ruleSets, element: <RuleSetsPage /> };
  if (within('/inbox')) return { title: REVIEW_TERMS.inbox, element: <InboxPage me={me} /> };
  if (within('/portfolio')) return { title: PORTFOLIO, element: <PortfolioPage /> };
  if (within('/org-units')) return { title: TERMS.orgUnits, element: <OrgUnitsPage me={me} /> };
  if (within('/authority/grants')) return { title: TERMS.grants, element: <GrantsPage me={me} /> };
  if (within('/authority/overlays')) return { title: TERMS.overlays, element: <OverlayPage me={me} /> };
  if (within('/authority/effective')) return { title: TERMS.effective, element: <EffectivePage /> };
  if (within('/audit')) return { title: TERMS.audit, element: <AuditPage /> };
  if (within('/webhooks')) return { title: WEBHOOKS, element: <WebhooksPage me={me} /> };
  if (within('/alerts')) return { title: MONITORING_TERMS.alerts, element: <AlertsPage me={me} /> };
  if (within('/tasks')) return { title: MONITORING_TERMS.tasks, element: <TasksPage me={me} /> };
  if (within('/claims')) return { title: MONITORING_TERMS.claims, element: <ClaimsPage me={me} /> };
  if (within('/collection/qa')) return { title: QA_TERMS.title, element: <QaQueuePage me={me} /> };
  if (within('/jobs')) return { title: MONITORING_TERMS.jobs, element: <JobsPage me={me} /> };
  if (within(DASHBOARD_PATH)) return { title: DASHBOARD_TERMS.navigation, element: <CompliancePage me={me} /> };
  if (within('/reports')) return { title: REPORT_TERMS.navigation, element: <ReportPage me={me} /> };
  if (within(CASES_PATH)) return { title: COLLECTION_TERMS.cases, element: <CasesPage me={me} /> };
  if (within('/vendors')) return { title: VENDOR_TERMS.register, element: <VendorsPage me={me} /> };
  if (within(PARTNERS_PATH)) return { title: PARTNER_TERMS.navigation, element: <PartnersPage path={path} me={me} /> };
  if (within(COMPLAINTS_PATH)) return { title: complaintsTitle(path), element: <ComplaintsPage path={path} me={me} /> };
  if (within(CHALLENGER_PATH)) return { title: CHALLENGER_TERMS.navigation, element: <ChallengerPage path={path} me={me} /> };
  if (within(BACKTESTS_PATH)) return { title: BACKTEST_TERMS.title, element: <BacktestPage path={path} /> };
  if (within('/recovery')) return { title: RECOVERY_TERMS.navigation, element: <RecoveryPage path={path} me={me} /> };
  if (within('/control')) return { title: CONTROL_TERMS.title, element: <ControlPage me={me} /> };
  if (within(STRESS_PATH)) return { title: STRESS_TERMS.navigation, element: <StressPage path={path} me={me} /> };
  if (within(ACTUARIAL_PATH)) return { title: ACTUARIAL_TERMS.navigation, element: <ActuarialNoticesPage /> };
  if (within(INDICATORS_PATH)) return { title: INDICATOR_TERMS.navigation, element: <IndicatorsPage me={me} /> };
  if (within(UNDERWRITING_PATH)) return { title: UNDERWRITING_TERMS.title, element: <UnderwritingPage me={me} /> };
  if (within('/bureau')) return { title: BUREAU_TERMS.title, element: <BureauPage me={me} /> };
  if (within('/users')) return { title: ADMIN_TERMS.users, element: <UsersPage me={me} /> };
  if (within('/api-keys')) return { title: ADMIN_TERMS.apiKeys, element: <ApiKeysPage me={me} /> };
  return { title: NOT_FOUND, element: <NotFoundPage path={path} /> };
}

const NOT_FOUND = '页面不存在 Page not found';

import { useCallback, useEffect, useState } from 'react';
import { onUnauthenticated } from './api/client';
import { endpoints } from './api/endpoints';
import type { PrincipalView } from './api/types';
import { ErrorView } from './components/ErrorView';
import { can, MONITORING_TERMS } from './monitoring/labels';
import { AlertsPage } from './pages/AlertsPage';
import { ClaimsPage } from './pages/ClaimsPage';
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
import { Link, navigate, usePath } from './router';
import { TERMS } from './terms';

/**
 * Session, layout and the routes: /login, / (rule sets), /rulesets/:key[/v/:version], /portfolio,
 * /webhooks, /org-units, /authority/grants, /authority/overlays, /authority/effective, /audit,
 * /alerts, /tasks, /claims, /obligors[/:id], /decisions/:id, /jobs, /reports/business-quality.
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
  if (me === null) return <LoginPage onLogin={(principal) => { setMe(principal); if (path === '/login') navigate('/'); }} />;

  const match = /^\/rulesets\/([^/]+)(?:\/v\/(\d+))?/.exec(path);
  const obligor = /^\/obligors(?:\/([^/]+))?/.exec(path);
  const decision = /^\/decisions\/([^/]+)/.exec(path);
  return (
    <div className="layout">
      <header className="topbar">
        <Link to="/" className="brand">{TERMS.studio}</Link>
        <nav aria-label="main">
          <Link to="/">{TERMS.ruleSets}</Link>
          <Link to="/portfolio">资产组合 Portfolio</Link>
          <Link to="/org-units">{TERMS.orgUnits}</Link>
          <Link to="/authority/grants">{TERMS.grants}</Link>
          <Link to="/authority/overlays">{TERMS.overlays}</Link>
          <Link to="/authority/effective">{TERMS.effective}</Link>
          {me.roles.some((role) => role !== 'integration') && <Link to="/audit">{TERMS.audit}</Link>}
          <Link to="/webhooks">外发通知 Webhooks</Link>
          {can.readQueues(me) && (
            <>
              <Link to="/alerts">{MONITORING_TERMS.alerts}</Link>
              <Link to="/tasks">{MONITORING_TERMS.tasks}</Link>
              <Link to="/claims">{MONITORING_TERMS.claims}</Link>
              <Link to="/obligors">{MONITORING_TERMS.obligor}</Link>
              <Link to={REPORT_PATH}>{REPORT_TERMS.navigation}</Link>
            </>
          )}
          {can.readJobs(me) && <Link to="/jobs">{MONITORING_TERMS.jobs}</Link>}
        </nav>
        <span className="who" data-testid="who">
          {me.name} · {me.orgUnit} · {me.roles.join(', ')}
        </span>
        <button type="button" className="secondary" onClick={logout}>
          退出 Log out
        </button>
      </header>
      <ErrorView error={error} onDismiss={() => setError(undefined)} />
      <main className="page">
        {match ? (
          <RuleSetPage key={match[1]} ruleSetKey={decodeURIComponent(match[1]!)} versionParam={match[2] ? Number(match[2]) : undefined} me={me} />
        ) : path.startsWith('/portfolio') ? (
          <PortfolioPage />
        ) : path.startsWith('/org-units') ? (
          <OrgUnitsPage me={me} />
        ) : path.startsWith('/authority/grants') ? (
          <GrantsPage me={me} />
        ) : path.startsWith('/authority/overlays') ? (
          <OverlayPage me={me} />
        ) : path.startsWith('/authority/effective') ? (
          <EffectivePage />
        ) : path.startsWith('/audit') ? (
          <AuditPage />
        ) : path.startsWith('/webhooks') ? (
          <WebhooksPage me={me} />
        ) : path.startsWith('/alerts') ? (
          <AlertsPage me={me} />
        ) : path.startsWith('/tasks') ? (
          <TasksPage me={me} />
        ) : path.startsWith('/claims') ? (
          <ClaimsPage me={me} />
        ) : obligor ? (
          <ObligorPage key={obligor[1] ?? ''} obligorId={decodeURIComponent(obligor[1] ?? '')} />
        ) : decision ? (
          <DecisionPage key={decision[1]} decisionId={decodeURIComponent(decision[1]!)} />
        ) : path.startsWith('/jobs') ? (
          <JobsPage me={me} />
        ) : path.startsWith('/reports') ? (
          <ReportPage me={me} />
        ) : (
          <RuleSetsPage />
        )}
      </main>
    </div>
  );
}

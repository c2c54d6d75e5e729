import { useCallback, useEffect, useState } from 'react';
import { onUnauthenticated } from './api/client';
import { endpoints } from './api/endpoints';
import type { PrincipalView } from './api/types';
import { ErrorView } from './components/ErrorView';
import { LoginPage } from './pages/LoginPage';
import { PortfolioPage } from './pages/PortfolioPage';
import { RuleSetPage } from './pages/RuleSetPage';
import { RuleSetsPage } from './pages/RuleSetsPage';
import { WebhooksPage } from './pages/WebhooksPage';
import { Link, navigate, usePath } from './router';
import { TERMS } from './terms';

/** Session, layout and the routes: /login, / (rule sets), /rulesets/:key[/v/:version], /portfolio, /webhooks. */
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
  return (
    <div className="layout">
      <header className="topbar">
        <Link to="/" className="brand">{TERMS.studio}</Link>
        <nav aria-label="main">
          <Link to="/">{TERMS.ruleSets}</Link>
          <Link to="/portfolio">资产组合 Portfolio</Link>
          <Link to="/webhooks">外发通知 Webhooks</Link>
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
        ) : path.startsWith('/webhooks') ? (
          <WebhooksPage me={me} />
        ) : (
          <RuleSetsPage />
        )}
      </main>
    </div>
  );
}

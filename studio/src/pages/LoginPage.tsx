import { useState } from 'react';
import { endpoints } from '../api/endpoints';
import type { PrincipalView } from '../api/types';
import { ErrorView, FieldErrors } from '../components/ErrorView';
import { TERMS } from '../terms';
import { BusyButton } from '../components/BusyButton';

export function LoginPage({ onLogin }: { onLogin: (me: PrincipalView) => void }) {
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);

  const submit = async (event: React.FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      await endpoints.login(username, password);
      onLogin(await endpoints.me());
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(false);
    }
  };

  return (
    <main className="login">
      <h1>{TERMS.studio}</h1>
      <p className="muted">保后管理策略平台 · Post-underwriting policy platform</p>
      <form onSubmit={submit} aria-label="login">
        <label>
          用户名 Username
          <input name="username" autoComplete="username" autoFocus value={username} onChange={(event) => setUsername(event.target.value)} />
        </label>
        <FieldErrors error={error} path="/body/username" />
        <label>
          密码 Password
          <input name="password" type="password" autoComplete="current-password" value={password} onChange={(event) => setPassword(event.target.value)} />
        </label>
        <FieldErrors error={error} path="/body/password" />
        <BusyButton busy={busy} type="submit">
          登录 Log in
        </BusyButton>
        <ErrorView error={error} />
      </form>
    </main>
  );
}

import { useEffect, useState } from 'react';
import type { Backtest } from '../../../server/generated/schema-types';
import { api, type Progress } from '../api/client';
import { ErrorView } from '../components/ErrorView';
import { ProgressView } from '../components/ProgressView';
import { BusyButton } from '../components/BusyButton';
import { Link } from '../router';
import { BacktestResultView } from './BacktestResultView';
import { BACKTEST_PHASES, BACKTEST_TERMS } from './terms';

const POLL_MS = 1000;

/** Polls a backtest until it has ended; the stored progress shows meanwhile. */
export function useBacktest(backtestId: string | undefined): { backtest?: Backtest; error?: unknown } {
  const [backtest, setBacktest] = useState<Backtest>();
  const [error, setError] = useState<unknown>();
  useEffect(() => {
    if (!backtestId) return undefined;
    let stopped = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const poll = async () => {
      try {
        const latest = await api<Backtest>('GET', `/backtests/${encodeURIComponent(backtestId)}`);
        if (stopped) return;
        setBacktest(latest);
        if (latest.status === 'queued' || latest.status === 'running') timer = setTimeout(() => void poll(), POLL_MS);
      } catch (caught) {
        if (!stopped) setError(caught);
      }
    };
    void poll();
    return () => {
      stopped = true;
      if (timer) clearTimeout(timer);
    };
  }, [backtestId]);
  return { backtest, error };
}

/** A backtest as it runs and once done: progress while queued or running, then the result. */
export function BacktestView({ backtestId }: { backtestId: string }) {
  const { backtest, error } = useBacktest(backtestId);
  const [cancelError, setCancelError] = useState<unknown>();
  // Cancel stops the job's work (a queued backtest at once, a running one at its next page); the polling shows the end.
  const cancel = () => void api<Backtest>('POST', `/backtests/${encodeURIComponent(backtestId)}/cancel`, {}).catch(setCancelError);
  if (error || cancelError) return <ErrorView error={error ?? cancelError} />;
  if (!backtest || backtest.status === 'queued' || backtest.status === 'running')
    return (
      <ProgressView
        label="backtest progress"
        // The backtest's phases (queued, facts, evaluation, measures) in words; the bar once a phase has a total.
        progress={backtest && ({ ...backtest.progress, phase: BACKTEST_PHASES[backtest.progress.phase] ?? backtest.progress.phase } as unknown as Progress)}
        onCancel={cancel}
      />
    );
  if (backtest.status === 'cancelled')
    return (
      <p className="muted" data-testid="backtest-cancelled">
        {BACKTEST_TERMS.cancelled}
      </p>
    );
  if (backtest.status === 'failed')
    return (
      <p className="error" role="alert">
        {BACKTEST_TERMS.failed}: {backtest.error}
      </p>
    );
  return <BacktestResultView backtest={backtest} />;
}

/**
 * On the review screen, beside the diff: runs a backtest of the version against the published one (12 month-ends,
 * 6 outcome months) and shows it, with a link that opens the backtest page.
 */
export function BacktestPanel({ ruleSetKey, version }: { ruleSetKey: string; version: number }) {
  const [backtestId, setBacktestId] = useState<string>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();
  // Blank: the server's defaults (the 12 month-ends up to 6 months before the last month-end).
  const [to, setTo] = useState('');
  const [months, setMonths] = useState('');
  const start = async () => {
    setBusy(true);
    setError(undefined);
    try {
      const body = { key: ruleSetKey, version, ...(to ? { to } : {}), ...(months ? { months: Number(months) } : {}) };
      setBacktestId((await api<Backtest>('POST', '/backtests', body)).backtestId);
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(false);
    }
  };
  return (
    <section aria-label="backtest" className="card">
      <label>
        {BACKTEST_TERMS.lastMonth} <input type="month" value={to} onChange={(event) => setTo(event.target.value)} />
      </label>{' '}
      <label>
        {BACKTEST_TERMS.months} <input type="number" min={1} max={36} value={months} placeholder="12" onChange={(event) => setMonths(event.target.value)} />
      </label>{' '}
      <BusyButton busy={busy} type="button" onClick={() => void start()}>
        {BACKTEST_TERMS.run}
      </BusyButton>
      {backtestId && (
        <>
          {' '}
          <Link to={`/backtests/${encodeURIComponent(backtestId)}`}>{BACKTEST_TERMS.openPage}</Link>
          <BacktestView backtestId={backtestId} />
        </>
      )}
      {error !== undefined && <ErrorView error={error} />}
    </section>
  );
}

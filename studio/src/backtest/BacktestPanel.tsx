import { useEffect, useState } from 'react';
import type { Backtest } from '../../../server/generated/schema-types';
import { api, type Progress } from '../api/client';
import { ErrorView } from '../components/ErrorView';
import { ProgressView } from '../components/ProgressView';
import { BusyButton } from '../components/BusyButton';
import { Link } from '../router';
import { BacktestResultView } from './BacktestResultView';
import { BACKTEST_TERMS } from './terms';

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
export function BacktestView({ backtestId, onHide }: { backtestId: string; onHide?: () => void }) {
  const { backtest, error } = useBacktest(backtestId);
  if (error) return <ErrorView error={error} />;
  if (!backtest || backtest.status === 'queued' || backtest.status === 'running')
    return (
      <ProgressView
        label="backtest progress"
        // The backtest's phases (facts, evaluation, measures) are shown by name where the preview's have labels.
        progress={backtest && backtest.progress.total > 0 ? (backtest.progress as unknown as Progress) : undefined}
        onCancel={onHide ?? (() => undefined)}
      />
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
  const start = async () => {
    setBusy(true);
    setError(undefined);
    try {
      setBacktestId((await api<Backtest>('POST', '/backtests', { key: ruleSetKey, version })).backtestId);
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(false);
    }
  };
  return (
    <section aria-label="backtest" className="card">
      <BusyButton busy={busy} type="button" onClick={() => void start()}>
        {BACKTEST_TERMS.run}
      </BusyButton>
      {backtestId && (
        <>
          {' '}
          <Link to={`/backtests/${encodeURIComponent(backtestId)}`}>{BACKTEST_TERMS.openPage}</Link>
          <BacktestView backtestId={backtestId} onHide={() => setBacktestId(undefined)} />
        </>
      )}
      {error !== undefined && <ErrorView error={error} />}
    </section>
  );
}

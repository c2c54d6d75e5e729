import { useEffect, useRef, useState } from 'react';
import type { Progress } from '../api/client';
import { endpoints } from '../api/endpoints';
import { useServerCall } from '../api/useServerCall';
import type { ImpactResult } from '../api/types';
import { BusyButton } from '../components/BusyButton';
import { ErrorView, FieldErrors } from '../components/ErrorView';
import { ProgressView } from '../components/ProgressView';
import { LEVEL_LABELS } from '../terms';

const LEVELS = ['red', 'orange', 'yellow', 'none'] as const;
const label = (level: string) => LEVEL_LABELS[level] ?? '无 none';

type Transitions = ImpactResult['totals'];

/** The from x to level matrix; off-diagonal cells are the obligors that move. */
function TransitionMatrix({ transitions, testId, caption }: { transitions: Transitions; testId?: string; caption: string }) {
  const count = (from: string, to: string) => transitions.find((cell) => cell.from === from && cell.to === to)?.count ?? 0;
  return (
    <table className="grid matrix" data-testid={testId} aria-label={caption}>
      <caption>{caption}</caption>
      <thead>
        <tr>
          <th>已发布 Published ↓ / 本版本 This version →</th>
          {LEVELS.map((to) => (
            <th key={to}>{label(to)}</th>
          ))}
        </tr>
      </thead>
      <tbody>
        {LEVELS.map((from) => (
          <tr key={from}>
            <th>{label(from)}</th>
            {LEVELS.map((to) => {
              const value = count(from, to);
              return (
                <td
                  key={to}
                  data-from={from}
                  data-to={to}
                  className={value && from !== to ? (LEVELS.indexOf(to) < LEVELS.indexOf(from) ? 'worse' : 'better') : ''}
                >
                  {value}
                </td>
              );
            })}
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** Impact preview: this version vs the published one over the latest obligor facts. */
export function ImpactPanel({
  ruleSetKey,
  version,
  beforeRun,
  autoRun = false,
}: {
  ruleSetKey: string;
  version: number;
  beforeRun: () => Promise<boolean>;
  autoRun?: boolean;
}) {
  const [asOf, setAsOf] = useState('');
  const [sample, setSample] = useState('2000');
  const { result, error, busy, run: call } = useServerCall<ImpactResult>();
  const [progress, setProgress] = useState<Progress>();
  const [cancelled, setCancelled] = useState(false);
  const running = useRef<AbortController | undefined>(undefined);
  const run = () => {
    // A new run replaces one still going: the older one is stopped on the server too.
    running.current?.abort();
    const controller = new AbortController();
    running.current = controller;
    setProgress(undefined);
    setCancelled(false);
    return call(async () =>
      (await beforeRun())
        ? endpoints.impact(
            ruleSetKey,
            version,
            { ...(asOf ? { asOf } : {}), ...(sample ? { sample: Number(sample) } : {}) },
            (line) => {
              if (!controller.signal.aborted) setProgress(line);
            },
            controller.signal,
          )
        : undefined,
    );
  };
  // Closing the connection stops the preview on the server.
  const cancel = () => {
    running.current?.abort();
    setCancelled(true);
  };
  // A reviewer sees the preview with the default sample at once; other dates and samples on demand.
  useEffect(() => {
    if (autoRun) void run();
  }, [autoRun, ruleSetKey, version]);
  // Leaving the page stops a preview nobody will read.
  useEffect(() => () => running.current?.abort(), []);

  return (
    <section aria-label="impact">
      <div className="row">
        <label className="inline">
          截至 As of <input type="date" aria-label="as of" value={asOf} onChange={(event) => setAsOf(event.target.value)} />
        </label>
        <label className="inline">
          样本上限 Sample limit{' '}
          <input type="number" aria-label="sample" min={1} max={2000000} value={sample} onChange={(event) => setSample(event.target.value)} />
        </label>
        <BusyButton busy={busy} working={false} onClick={run}>
          影响预览 Run impact preview
        </BusyButton>
      </div>
      {busy && <ProgressView label="impact preview progress" progress={progress} onCancel={cancel} />}
      {cancelled && !busy && (
        <p className="muted" role="status" data-testid="impact-cancelled">
          已取消 Preview cancelled
        </p>
      )}
      <FieldErrors error={error} path="/body/asOf" />
      <FieldErrors error={error} path="/body/sample" />
      <ErrorView error={error} />
      {result && (
        <>
          <p data-testid="impact-summary">
            v{result.version} 对比 vs {result.againstVersion ? `已发布 published v${result.againstVersion}` : '无已发布版本 nothing published'} · 截至 as of{' '}
            {result.asOf} · 评估 evaluated {result.evaluated} / {result.obligors} 履约义务人 obligors · 变化 changing:{' '}
            {result.totals.filter((cell) => cell.from !== cell.to).reduce((sum, cell) => sum + cell.count, 0)}
          </p>
          <TransitionMatrix transitions={result.totals} testId="impact-totals" caption="全部 All obligors" />
          <h3>按客群 By segment (客群资质 customer tier × 渠道 channel)</h3>
          <div className="segment-grid">
            {result.segments.map((segment) => (
              <TransitionMatrix
                key={`${segment.customerTier}/${segment.channel}`}
                transitions={segment.transitions}
                caption={`${segment.customerTier} · ${segment.channel} (${segment.obligors})`}
              />
            ))}
          </div>
          <h3>变化的履约义务人 Obligors that change{result.changesTruncated ? ' (first 500)' : ''}</h3>
          <table className="grid" aria-label="impact changes">
            <thead>
              <tr>
                <th>履约义务人 Obligor</th>
                <th>客群 Tier</th>
                <th>渠道 Channel</th>
                <th>逾期天数 dpd</th>
                <th>从 From</th>
                <th>到 To</th>
              </tr>
            </thead>
            <tbody>
              {result.changes.map((change) => (
                <tr key={change.obligorId}>
                  <td>{change.obligorId}</td>
                  <td>{change.customerTier}</td>
                  <td>{change.channel}</td>
                  <td>{change.dpd}</td>
                  <td>{label(change.from)}</td>
                  <td>{label(change.to)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
    </section>
  );
}

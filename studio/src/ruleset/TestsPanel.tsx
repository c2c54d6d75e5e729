import { useEffect } from 'react';
import { endpoints } from '../api/endpoints';
import { useServerCall } from '../api/useServerCall';
import type { TestRunResult } from '../api/types';
import { ErrorView } from '../components/ErrorView';
import { BusyButton } from '../components/BusyButton';

/** Runs the version's embedded tests on the server (unsaved edits are saved first by the caller). */
export function TestsPanel({
  ruleSetKey,
  version,
  beforeRun,
  onProblems,
  autoRun = false,
}: {
  ruleSetKey: string;
  version: number;
  beforeRun: () => Promise<boolean>;
  onProblems: (error: unknown) => void;
  autoRun?: boolean;
}) {
  const { result, error, busy, run: call } = useServerCall<TestRunResult>();
  const run = () => call(async () => ((await beforeRun()) ? endpoints.runTests(ruleSetKey, version) : undefined), onProblems);
  // A reviewer sees the results without asking for them (the version is frozen, so they hold).
  useEffect(() => {
    if (autoRun) void run();
  }, [autoRun, ruleSetKey, version]);
  return (
    <section aria-label="tests">
      <BusyButton busy={busy} type="button" onClick={run}>
        运行测试 Run tests
      </BusyButton>
      <ErrorView error={error} />
      {result && (
        <>
          <p className={result.passed ? 'pass' : 'fail'} data-testid="tests-summary">
            {result.passed ? '全部通过 All passed' : '有失败 Some failed'}: {result.results.filter((item) => item.passed).length} / {result.results.length}
          </p>
          <table className="grid" aria-label="test results">
            <thead>
              <tr>
                <th>结果 Result</th>
                <th>用例 Case</th>
                <th>问题 Problems</th>
              </tr>
            </thead>
            <tbody>
              {result.results.map((item) => (
                <tr key={item.name} className={item.passed ? 'pass' : 'fail'}>
                  <td>{item.passed ? '✓ 通过 pass' : '✗ 失败 fail'}</td>
                  <td>{item.name}</td>
                  <td>{(item.problems ?? []).join('; ')}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
    </section>
  );
}

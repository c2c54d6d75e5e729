import { lazy, Suspense, useEffect, useState } from 'react';
import { endpoints } from '../api/endpoints';
import type { RuleSetDiff, RuleSetSummary } from '../api/types';
import { ErrorView } from '../components/ErrorView';

const DiffEditor = lazy(() => import('./DiffEditor'));

const pretty = (value: unknown) => JSON.stringify(value, null, 2);

/** Any two versions: the server's readable summary, then the full JSON side by side. */
export function DiffPanel({ summary, defaultFrom, defaultTo }: { summary: RuleSetSummary; defaultFrom: number; defaultTo: number }) {
  const [from, setFrom] = useState(defaultFrom);
  const [to, setTo] = useState(defaultTo);
  const [diff, setDiff] = useState<RuleSetDiff>();
  const [texts, setTexts] = useState<{ original: string; modified: string }>();
  const [error, setError] = useState<unknown>();

  useEffect(() => {
    let live = true;
    setError(undefined);
    Promise.all([endpoints.diff(summary.key, from, to), endpoints.version(summary.key, from), endpoints.version(summary.key, to)]).then(
      ([difference, before, after]) => {
        if (!live) return;
        setDiff(difference);
        setTexts({ original: pretty(before.ruleSet), modified: pretty(after.ruleSet) });
      },
      (caught) => live && setError(caught),
    );
    return () => {
      live = false;
    };
  }, [summary.key, from, to]);

  const picker = (label: string, value: number, set: (value: number) => void) => (
    <label className="inline">
      {label}{' '}
      <select aria-label={label} value={value} onChange={(event) => set(Number(event.target.value))}>
        {summary.versions.map((version) => (
          <option key={version.version} value={version.version}>
            v{version.version} ({version.state})
          </option>
        ))}
      </select>
    </label>
  );

  return (
    <section aria-label="diff">
      <div className="row">
        {picker('从 From', from, setFrom)}
        {picker('到 To', to, setTo)}
      </div>
      <ErrorView error={error} />
      {diff && (
        <div className="card diff-summary" data-testid="diff-summary">
          <h3>
            变更摘要 Summary v{diff.from} → v{diff.to}
          </h3>
          <ul>
            <li>新增规则 Rules added: {diff.rules.added.join(', ') || '—'}</li>
            <li>删除规则 Rules removed: {diff.rules.removed.join(', ') || '—'}</li>
            <li>
              修改规则 Rules changed:{' '}
              {diff.rules.changed.length === 0 ? '—' : diff.rules.changed.map((rule) => `${rule.name} (${rule.fields.join(', ')})`).join('; ')}
            </li>
            <li>新增参数 Parameters added: {diff.parameters.added.join(', ') || '—'}</li>
            <li>删除参数 Parameters removed: {diff.parameters.removed.join(', ') || '—'}</li>
            <li>
              修改参数 Parameters changed:{' '}
              {diff.parameters.changed.length === 0
                ? '—'
                : diff.parameters.changed
                    .map(
                      (parameter) =>
                        `${parameter.name}: ${JSON.stringify((parameter.before as { value?: unknown } | undefined)?.value ?? parameter.before)} → ${JSON.stringify((parameter.after as { value?: unknown } | undefined)?.value ?? parameter.after)}`,
                    )
                    .join('; ')}
            </li>
            {diff.descriptionChanged && <li>说明已修改 Description changed</li>}
            {diff.testsBefore !== undefined && (
              <li>
                测试用例 Tests: {diff.testsBefore} → {diff.testsAfter}
              </li>
            )}
          </ul>
        </div>
      )}
      {texts && (
        <Suspense fallback={<p className="muted">加载编辑器 Loading editor…</p>}>
          <DiffEditor original={texts.original} modified={texts.modified} />
        </Suspense>
      )}
    </section>
  );
}

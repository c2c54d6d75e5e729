import type { ChallengerComparison } from './challenger-endpoints';
import { CHALLENGER_TERMS as T, LEVEL_LABELS } from './terms';

type Arm = ChallengerComparison['overall'][number];
type Measures = Arm['acted'];

const share = (value: number | null) => (value === null ? '–' : `${(value * 100).toFixed(1)}%`);
const number = (value: number | null, digits = 2) => (value === null ? '–' : value.toFixed(digits));

/**
 * Champion and challenger side by side (Art. 7: do the levels discriminate?): per arm, the version acted on and the
 * other version on the same obligors (shadow), with precision, recall and lift at each level or above, KS, AUC and
 * the median lead time; pooled over the month-ends, then month-end by month-end.
 */
export function ComparisonTable({ comparison }: { comparison: ChallengerComparison }) {
  if (comparison.observedDays === 0) return <p className="muted card">{T.noObservations}</p>;
  return (
    <section className="card" aria-label="comparison">
      <h2>
        {T.comparison} · {comparison.firstDay} – {comparison.lastDay}
      </h2>
      <h3>{T.overall}</h3>
      <ArmsTable arms={comparison.overall} label="overall" />
      {comparison.periods.map((period) => (
        <details key={period.asOf}>
          <summary>{period.asOf}</summary>
          <ArmsTable arms={period.arms} label={period.asOf} />
        </details>
      ))}
    </section>
  );
}

function ArmsTable({ arms, label }: { arms: Arm[]; label: string }) {
  const levels = arms[0]?.acted.levels.map((level) => level.level) ?? [];
  const rows = arms.flatMap((arm) => [
    { arm, which: 'acted' as const, measures: arm.acted },
    { arm, which: 'shadow' as const, measures: arm.shadow },
  ]);
  return (
    <table aria-label={`comparison ${label}`}>
      <thead>
        <tr>
          <th>{T.arm}</th>
          <th>{T.version}</th>
          <th>{T.observations}</th>
          <th>{T.bad}</th>
          <th>{T.baseRate}</th>
          {levels.map((level) => (
            <th key={level}>
              {LEVEL_LABELS[level]} {T.atOrAbove}: {T.precision} / {T.recall} / {T.lift}
            </th>
          ))}
          <th>{T.ks}</th>
          <th>{T.auc}</th>
          <th>{T.leadDays}</th>
        </tr>
      </thead>
      <tbody>
        {rows.map(({ arm, which, measures }) => (
          <tr key={`${arm.arm}-${which}`} data-arm={arm.arm} data-which={which}>
            <td>
              {arm.arm === 'challenger' ? T.challenger : T.champion} · {which === 'acted' ? T.acted : T.shadow}
            </td>
            <td>v{which === 'acted' ? arm.version : otherVersion(arms, arm)}</td>
            <td>{measures.observations}</td>
            <td>{measures.bad}</td>
            <td>{share(measures.baseRate)}</td>
            {measures.levels.map((level) => (
              <td key={level.level} data-level={level.level}>
                {share(level.precision)} / {share(level.recall)} / {number(level.lift)}
              </td>
            ))}
            <td>{number(measures.ks)}</td>
            <td data-testid={`auc-${arm.arm}-${which}`}>{number(measures.auc)}</td>
            <td>{measures.leadDaysMedian ?? '–'}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function otherVersion(arms: Arm[], arm: Arm): number | string {
  return arms.find((candidate) => candidate.arm !== arm.arm)?.version ?? '–';
}

export type { Measures };

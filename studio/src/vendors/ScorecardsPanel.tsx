import { useCallback } from 'react';
import { LineChart } from '../components/LineChart';
import { Pending } from '../components/Status';
import { DecisionLink } from '../monitoring/common';
import { labelOf, MEASURE_LABELS, WORK_TERMS as W } from './terms';
import { useLoaded } from './use-loaded';
import { agencyWorkEndpoints, type Scorecard } from './vendor-endpoints';

const COMPONENTS = ['compliance', 'complaints', 'recovery', 'cooperation'] as const;

/** A component's score; an unknown component is 未知 unknown, never 0 (docs/vendors.md#scorecards). */
function componentText(component: { status: string; score: number | null }): string {
  return component.status === 'unknown' || component.score === null ? W.unknown : component.score.toFixed(1);
}

/**
 * The agency's scorecards over the months (Art. 22(2)): the score and each component, the
 * vendor.assessment level and measures with the decision, the rank within its kind, and the score
 * over the months as a chart (an unscored month is a gap, not a 0).
 */
export function ScorecardsPanel({ agencyId }: { agencyId: string }) {
  const load = useCallback(() => agencyWorkEndpoints.scorecards(agencyId), [agencyId]);
  const state = useLoaded(load);
  if (state.loadError || !state.data) return <Pending error={state.loadError} />;
  const cards = state.data.items;
  if (cards.length === 0) return <p className="muted">{W.noScorecards}</p>;
  const oldestFirst = [...cards].reverse();

  return (
    <>
      <LineChart
        title={W.scoreChart}
        labels={oldestFirst.map((card) => card.month)}
        series={[{ name: W.score, values: oldestFirst.map((card) => card.score), color: '#1f6feb' }]}
        format={(value) => value.toFixed(0)}
      />
      <table className="grid" aria-label="agency scorecards">
        <thead>
          <tr>
            <th>{W.month}</th>
            <th>{W.score}</th>
            <th>{W.compliance}</th>
            <th>{W.complaints}</th>
            <th>{W.recovery}</th>
            <th>{W.cooperation}</th>
            <th>{W.rank}</th>
            <th>{W.level}</th>
            <th>{W.measures}</th>
          </tr>
        </thead>
        <tbody>
          {cards.map((card) => (
            <ScorecardRow key={card.month} card={card} />
          ))}
        </tbody>
      </table>
    </>
  );
}

function ScorecardRow({ card }: { card: Scorecard }) {
  const { assessment } = card;
  return (
    <tr data-testid={`scorecard-${card.month}`}>
      <td>{card.month}</td>
      <td data-testid="score">{card.score === null ? W.unknown : card.score.toFixed(1)}</td>
      {COMPONENTS.map((name) => (
        <td key={name} data-testid={name} className={card[name].status === 'unknown' ? 'muted' : undefined}>
          {componentText(card[name])}
        </td>
      ))}
      <td>
        {card.rank.rank ?? '—'} / {card.rank.activeOfKind}
      </td>
      <td data-testid="level">
        {assessment.level} · <DecisionLink decisionId={assessment.decisionId} />
      </td>
      <td>{assessment.measures.length > 0 ? assessment.measures.map((measure) => labelOf(MEASURE_LABELS, measure)).join(', ') : '—'}</td>
    </tr>
  );
}

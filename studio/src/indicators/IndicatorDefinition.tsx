import type { Indicator } from './indicator-endpoints';
import { CATEGORY_LABELS, CRITERION_LABELS, FREQUENCY_LABELS, INDICATOR_TERMS as T } from './terms';

/** What the catalogue says of one indicator: shown in the catalogue's panel and beside the figures on the portfolio page. */
export function IndicatorDefinition({ indicator }: { indicator: Indicator }) {
  const { content } = indicator;
  return (
    <dl className="indicator-definition" data-indicator={indicator.indicatorId}>
      <dt>{T.label}</dt>
      <dd>
        {content.label} <code>{indicator.indicatorId}</code>
      </dd>
      <dt>{T.category}</dt>
      <dd>{CATEGORY_LABELS[indicator.category]}</dd>
      <dt>{T.definition}</dt>
      <dd>{content.definition}</dd>
      <dt>{T.formula}</dt>
      <dd>{content.formula}</dd>
      <dt>{T.frequency}</dt>
      <dd>{FREQUENCY_LABELS[content.frequency]}</dd>
      <dt>{T.owner}</dt>
      <dd>{content.owner}</dd>
      <dt>{T.process}</dt>
      <dd>{content.process}</dd>
      <dt>{T.criteria}</dt>
      <dd>
        <ul>
          {content.criteria.map((criterion) => (
            <li key={criterion}>{CRITERION_LABELS[criterion]}</li>
          ))}
        </ul>
      </dd>
      <dt>{T.sources}</dt>
      <dd>
        {indicator.sources.map((source) => (
          <div key={source.schema}>
            <code>{source.schema}</code> {source.unit ? `(${source.unit})` : ''}
          </div>
        ))}
      </dd>
    </dl>
  );
}

import type { DataCompleteness } from './completeness';
import { COMPLETENESS_TERMS } from './labels';

/**
 * How far the data is complete, above a page's figures; a warning when the month shown is not
 * complete, so provisional figures are never read as fact.
 */
export function CompletenessNote({
  month,
  completeness,
  complete,
}: {
  month: string;
  completeness: Pick<DataCompleteness, 'dataCompleteThrough'> & Partial<DataCompleteness>;
  complete: boolean;
}) {
  const through = completeness.dataCompleteThrough ?? COMPLETENESS_TERMS.nothingComplete;
  const source = completeness.source ? COMPLETENESS_TERMS.source[completeness.source] : undefined;
  return (
    <div className={complete ? 'notice completeness' : 'notice completeness incomplete'} role={complete ? 'status' : 'alert'} data-testid="completeness">
      <span>
        {COMPLETENESS_TERMS.completeThrough} <strong data-testid="data-complete-through">{through}</strong>
        {source ? ` (${source})` : ''}
      </span>
      {complete ? (
        <span>
          {' '}
          · {month} {COMPLETENESS_TERMS.monthComplete}
        </span>
      ) : (
        <span>
          {' '}
          · <strong>{month}</strong> {COMPLETENESS_TERMS.monthIncomplete}
        </span>
      )}
    </div>
  );
}

/** The marker on a figure whose month is not complete. */
export function Provisional({ complete }: { complete: boolean }) {
  return complete ? null : (
    <span className="provisional" data-testid="provisional" title={COMPLETENESS_TERMS.provisionalTitle}>
      {COMPLETENESS_TERMS.provisional}
    </span>
  );
}

/** Chart labels with the incomplete months marked, and the note that explains the mark. */
export function markedMonths(months: string[], complete: (month: string) => boolean): { labels: string[]; note?: string } {
  const labels = months.map((month) => (complete(month) ? month : `${month}*`));
  // The note names the months too: a chart may leave some of its labels out for room.
  const incomplete = months.filter((month) => !complete(month));
  return { labels, ...(incomplete.length > 0 ? { note: `* ${incomplete.join(', ')}: ${COMPLETENESS_TERMS.starNote}` } : {}) };
}

import type { AgencyStatus } from '../../../server/generated/schema-types';
import { AGENCY_STATUS_LABELS } from './terms';

/** An agency's status in words, coloured by whether it may work (admitted), is stopped (suspended, terminated) or waits. */
export function AgencyStatusBadge({ status }: { status: AgencyStatus }) {
  return (
    <span className={`agency-status agency-status-${status}`} data-testid="agency-status">
      {AGENCY_STATUS_LABELS[status] ?? status}
    </span>
  );
}

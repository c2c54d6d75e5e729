import { type ReactNode, useCallback, useState } from 'react';
import type { PrincipalView } from '../api/types';
import { BusyButton } from '../components/BusyButton';
import { FieldErrors } from '../components/ErrorView';
import { Pending, Status } from '../components/Status';
import { ActionError } from '../monitoring/common';
import { CASES_PATH } from '../collections/cases/CasesPage';
import { Link } from '../router';
import { labelOf, PLACEMENT_STATUS_LABELS, WORK_TERMS as W } from './terms';
import { useLoaded } from './use-loaded';
import { agencyWorkEndpoints, type Placement } from './vendor-endpoints';

/** Who recalls (server/vendors/placements/placement.routes.ts PLACERS): collection staff and policy owners. */
const canRecall = (me: PrincipalView) => me.roles.some((role) => role === 'branch-operator' || role === 'policy-owner');

/**
 * The agency's placements (docs/vendors.md#placements-委案) in the reader's scope: the open ones, each
 * recallable with a reason, and the recalled ones with who recalled them and why.
 */
export function PlacementsPanel({ me, agencyId }: { me: PrincipalView; agencyId: string }) {
  const load = useCallback(async () => {
    const [open, recalled] = await Promise.all([agencyWorkEndpoints.placements(agencyId, 'open'), agencyWorkEndpoints.placements(agencyId, 'recalled')]);
    return { open: open.items, recalled: recalled.items };
  }, [agencyId]);
  const state = useLoaded(load);
  const [reason, setReason] = useState('');
  if (state.loadError || !state.data) return <Pending error={state.loadError} />;
  const recallable = canRecall(me);

  return (
    <>
      <Status notice={state.notice} />
      <ActionError error={state.actionError} onReload={() => void state.reload()} />
      <h3>{W.placementsOpen}</h3>
      <PlacementTable items={state.data.open} label="open placements">
        {(placement) =>
          recallable && (
            <BusyButton
              busy={state.busy}
              disabled={!reason.trim()}
              className="secondary"
              onClick={async () => {
                if (await state.run(`${W.recall} ✓`, () => agencyWorkEndpoints.recall(placement.placementId, reason.trim()))) setReason('');
              }}
            >
              {W.recall}
            </BusyButton>
          )
        }
      </PlacementTable>
      {recallable && state.data.open.length > 0 && (
        <label>
          {W.recallReason}
          <textarea aria-label="recall reason" rows={2} value={reason} onChange={(event) => setReason(event.target.value)} />
        </label>
      )}
      <FieldErrors error={state.actionError} path="/body/reason" />
      <h3>{W.placementsRecalled}</h3>
      <PlacementTable items={state.data.recalled} label="recalled placements" />
    </>
  );
}

function PlacementTable({ items, label, children }: { items: Placement[]; label: string; children?: (placement: Placement) => ReactNode }) {
  if (items.length === 0) return <p className="muted">无 None</p>;
  return (
    <table className="grid" aria-label={label}>
      <thead>
        <tr>
          <th>{W.caseId}</th>
          <th>{W.obligor}</th>
          <th>{W.orgUnit}</th>
          <th>{W.placedBy}</th>
          <th>{W.placedAt}</th>
          <th>状态 Status</th>
          <th>{W.recallReason}</th>
          {children && <th />}
        </tr>
      </thead>
      <tbody>
        {items.map((placement) => (
          <tr key={placement.placementId} data-testid={`placement-${placement.placementId}`}>
            <td>
              <Link to={`${CASES_PATH}?case=${encodeURIComponent(placement.caseId)}`}>{placement.caseId}</Link>
            </td>
            <td>{placement.obligorId}</td>
            <td>{placement.orgUnit}</td>
            <td>{placement.placedBy}</td>
            <td>{new Date(placement.placedAt).toLocaleString()}</td>
            <td>{labelOf(PLACEMENT_STATUS_LABELS, placement.status)}</td>
            <td>{placement.recallReason ? `${placement.recallReason} · ${placement.recalledBy}` : '—'}</td>
            {children && <td>{children(placement)}</td>}
          </tr>
        ))}
      </tbody>
    </table>
  );
}

import { useCallback, useState } from 'react';
import type { PrincipalView } from '../api/types';
import { BusyButton } from '../components/BusyButton';
import { Pending, Status } from '../components/Status';
import { ActionError, DecisionLink } from '../monitoring/common';
import { Link } from '../router';
import { localTime } from '../ruleset/review-terms';
import { labelOf, PROPOSAL_STATE_LABELS, WORK_TERMS as W } from './terms';
import { useLoaded } from './use-loaded';
import { agencyWorkEndpoints, type EliminationProposal } from './vendor-endpoints';

/**
 * Elimination proposals awaiting an HQ approver (Art. 22(2), docs/vendors.md#elimination), in 待我审批
 * My approvals like the admission requests: approve (the agency is terminated) or reject, with a reason.
 * The proposer is not offered either (the server answers 403 maker_checker, shown in words). A decided
 * proposal stays listed with its new state until the page is read again.
 */
export function EliminationInbox({ me }: { me: PrincipalView }) {
  const load = useCallback(async () => (await agencyWorkEndpoints.proposedEliminations()).items, []);
  const state = useLoaded(load);
  const [decided, setDecided] = useState<Record<string, EliminationProposal>>({});
  const [reason, setReason] = useState('');
  if (state.loadError || !state.data) return <Pending error={state.loadError} />;
  // The list read again after a decision no longer holds the decided proposal: it is kept here with its answer.
  const listed = new Set(state.data.map((item) => item.proposalId));
  const items = [...state.data.map((item) => decided[item.proposalId] ?? item), ...Object.values(decided).filter((item) => !listed.has(item.proposalId))];
  const decide = (proposal: EliminationProposal, action: 'approve' | 'reject') =>
    state.run(action === 'approve' ? W.approveElimination : W.rejectElimination, async () => {
      const answer = await agencyWorkEndpoints.decideElimination(proposal.proposalId, action, {
        revision: proposal.revision,
        ...(reason.trim() ? { reason: reason.trim() } : {}),
      });
      setDecided((current) => ({ ...current, [answer.proposalId]: answer }));
    });

  return (
    <section className="card" aria-label="elimination proposals awaiting approval">
      <h2>
        {W.eliminations} ({items.filter((item) => item.state === 'proposed').length})
      </h2>
      <Status notice={state.notice} />
      <ActionError error={state.actionError} onReload={() => void state.reload()} />
      {items.length === 0 ? (
        <p className="muted">无 Nothing waits.</p>
      ) : (
        <>
          <table className="grid">
            <thead>
              <tr>
                <th>{W.month}</th>
                <th>机构 Agency</th>
                <th>{W.score}</th>
                <th>{W.rank}</th>
                <th>状态 State</th>
                <th>提议人 Proposed by</th>
                <th />
              </tr>
            </thead>
            <tbody>
              {items.map((item) => (
                <tr key={item.proposalId} data-testid={`inbox-elimination-${item.proposalId}`}>
                  <td>{item.month}</td>
                  <td>
                    <Link to={`/vendors/${encodeURIComponent(item.agencyId)}?tab=scorecards`}>{item.agencyName}</Link>
                  </td>
                  <td>
                    {item.score === null ? W.unknown : item.score.toFixed(1)} · <DecisionLink decisionId={item.decisionId} />
                  </td>
                  <td>
                    {item.rank ?? '—'} / {item.activeOfKind}
                  </td>
                  <td>{labelOf(PROPOSAL_STATE_LABELS, item.state)}</td>
                  <td>
                    {item.proposedBy} · {localTime(item.proposedAt)}
                  </td>
                  <td>
                    {item.state !== 'proposed' ? (
                      `${item.decidedBy ?? ''}${item.reason ? ` · ${item.reason}` : ''}`
                    ) : item.proposedBy === me.name ? (
                      <span className="muted">{W.proposerNoApprove}</span>
                    ) : (
                      <div className="row">
                        <BusyButton busy={state.busy} onClick={() => decide(item, 'approve')}>
                          {W.approveElimination}
                        </BusyButton>
                        <BusyButton busy={state.busy} className="secondary" onClick={() => decide(item, 'reject')}>
                          {W.rejectElimination}
                        </BusyButton>
                      </div>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          <label>
            理由 Reason
            <textarea aria-label="elimination reason" rows={2} value={reason} onChange={(event) => setReason(event.target.value)} />
          </label>
        </>
      )}
    </section>
  );
}

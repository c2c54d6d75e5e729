import { useState } from 'react';
import { monitoringEndpoints, type ClaimCase, type ClaimCaseDetail } from '../api/monitoring-endpoints';
import { Pending } from '../components/Status';
import { ChangeHistory, DecisionLink, ObligorLink } from './common';
import { CLAIM_REASON_LABELS, CLAIM_STATUS_LABELS, label, yuan } from './labels';

/** The claim facts shown in the table (the rest are in the history's facts). */
type ShownFacts = Partial<Record<'dpd' | 'claimPointDays' | 'overdueAmount', number>>;

/** Claim cases with the facts that triggered their latest change; a case's history opens in place (fetched, or given when the caller has it). */
export function ClaimCasesTable({
  items,
  histories,
  showObligor = true,
}: {
  items: ClaimCase[];
  histories?: Map<string, ClaimCaseDetail['history']>;
  showObligor?: boolean;
}) {
  const [open, setOpen] = useState<string>();
  const [detail, setDetail] = useState<ClaimCaseDetail['history']>();
  const [error, setError] = useState<unknown>();

  const toggle = (caseId: string) => {
    setError(undefined);
    if (open === caseId) {
      setOpen(undefined);
      return;
    }
    setOpen(caseId);
    const known = histories?.get(caseId);
    if (known) setDetail(known);
    else {
      setDetail(undefined);
      monitoringEndpoints.claim(caseId).then((loaded) => setDetail(loaded.history), setError);
    }
  };

  return (
    <table className="grid" aria-label="claim cases">
      <thead>
        <tr>
          <th>案件 Case</th>
          <th>贷款 Loan</th>
          {showObligor && <th>义务人 Obligor</th>}
          <th>机构 Org unit</th>
          <th>状态 Status</th>
          <th>原因 Reason</th>
          <th>立案 Opened</th>
          <th>状态日 Since</th>
          <th>逾期天数 DPD</th>
          <th>理赔点 Claim point</th>
          <th>逾期金额 Overdue</th>
          <th>决策 Decision</th>
          <th />
        </tr>
      </thead>
      <tbody>
        {items.map((item) => {
          const facts = item.facts as ShownFacts;
          return [
            <tr key={item.caseId} data-case-id={item.caseId}>
              <td>{item.caseId}</td>
              <td>{item.loanId}</td>
              {showObligor && (
                <td>
                  <ObligorLink obligorId={item.obligorId} />
                </td>
              )}
              <td>{item.orgUnit}</td>
              <td data-testid="claim-status">{label(CLAIM_STATUS_LABELS, item.status)}</td>
              <td>{item.reason ? label(CLAIM_REASON_LABELS, item.reason) : '—'}</td>
              <td>{item.openedOn}</td>
              <td>{item.statusSince}</td>
              <td>{facts.dpd ?? '—'}</td>
              <td>{facts.claimPointDays ?? '—'}</td>
              <td>{yuan(facts.overdueAmount)}</td>
              <td>
                <DecisionLink decisionId={item.decisionId} />
              </td>
              <td>
                <button type="button" className="link" onClick={() => toggle(item.caseId)}>
                  {open === item.caseId ? '收起 Hide' : '历史 History'}
                </button>
              </td>
            </tr>,
            open === item.caseId && (
              <tr key={`${item.caseId}-history`} className="expanded">
                <td colSpan={showObligor ? 13 : 12}>
                  {detail ? <ChangeHistory history={detail} label={`history of ${item.caseId}`} /> : <Pending error={error} />}
                </td>
              </tr>
            ),
          ];
        })}
      </tbody>
    </table>
  );
}

import { useCallback, useEffect, useState } from 'react';
import type { Complaint, PartnerLoan } from '../../../server/generated/schema-types';
import type { PrincipalView } from '../api/types';
import { useServerCall } from '../api/useServerCall';
import { BusyButton } from '../components/BusyButton';
import { ErrorView } from '../components/ErrorView';
import { Status } from '../components/Status';
import { Link } from '../router';
import { partnerEndpoints, type PartnerDetail } from './partner-endpoints';
import { ViolationForm } from './ViolationForm';
import { OUTCOME_LABELS, PARTNER_STATUS_LABELS, PARTNER_TERMS as T, percent, VIOLATION_LABELS, yuan } from './terms';

const isApprover = (me: PrincipalView) => me.roles.includes('approver') || me.roles.includes('admin');
const isMaker = (me: PrincipalView) => me.roles.some((role) => ['branch-operator', 'policy-owner', 'admin'].includes(role));

/** A partner's file (docs/partners.md): agreement, violations and penalties (confirm by another approver), reviews, complaints, loans. */
export function PartnerFile({ partnerId, me }: { partnerId: string; me: PrincipalView }) {
  const [detail, setDetail] = useState<PartnerDetail>();
  const [complaints, setComplaints] = useState<Complaint[]>();
  const [loans, setLoans] = useState<{ items: PartnerLoan[]; nextBefore?: string }>();
  const loading = useServerCall<PartnerDetail>();
  const action = useServerCall<unknown>();
  const [month, setMonth] = useState('');

  const reload = useCallback(async () => {
    const [file, named, brought] = await Promise.all([
      partnerEndpoints.detail(partnerId),
      partnerEndpoints.complaints(partnerId),
      partnerEndpoints.loans(partnerId),
    ]);
    setDetail(file);
    setComplaints(named.items);
    setLoans(brought);
    return file;
  }, [partnerId]);
  useEffect(() => {
    void loading.run(reload);
  }, [reload]);

  if (!detail) return <Status error={loading.error} busy={loading.busy} />;
  const { partner, violations, reviews } = detail;
  const act = (call: () => Promise<unknown>) => void action.run(async () => (await call(), await reload()));
  const more = async () => {
    const next = await partnerEndpoints.loans(partnerId, loans?.nextBefore);
    setLoans({ items: [...(loans?.items ?? []), ...next.items], nextBefore: next.nextBefore });
  };
  return (
    <>
      <h1>
        {partner.partnerName} <span className="muted">{partner.partnerId}</span>
      </h1>
      <ErrorView error={action.error} />
      <section className="card" aria-label="agreement">
        <h2>{T.agreement}</h2>
        <p>
          {T.status}: <strong data-testid="partner-status">{PARTNER_STATUS_LABELS[partner.status]}</strong> · {T.orgUnit}: {partner.orgUnit} · {T.channels}:{' '}
          {partner.channelCodes.join(', ')}
        </p>
        <p>
          {T.agreementNumber}: {partner.agreement.number} · {partner.agreement.startsOn} – {partner.agreement.endsOn} · {T.feeRate}:{' '}
          {partner.agreement.feeRateBp}
        </p>
        <table className="grid" aria-label="penalty clauses">
          <thead>
            <tr>
              <th>{T.violationType}</th>
              <th>{T.fixed}</th>
              <th>{T.perLoan}</th>
              <th>{T.feeShare}</th>
              <th>{T.cap}</th>
            </tr>
          </thead>
          <tbody>
            {partner.agreement.penalties.map((clause) => (
              <tr key={clause.violationType}>
                <td>{VIOLATION_LABELS[clause.violationType]}</td>
                <td>{yuan(clause.fixedCents ?? 0)}</td>
                <td>{yuan(clause.perLoanCents ?? 0)}</td>
                <td>{clause.feeShareBp ?? 0}</td>
                <td>{clause.capCents === undefined ? '—' : yuan(clause.capCents)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
      <section className="card" aria-label="violations">
        <h2>{T.violations}</h2>
        {violations.length === 0 && <p className="muted">{T.none}</p>}
        {violations.length > 0 && (
          <table className="grid">
            <thead>
              <tr>
                <th>{T.occurredOn}</th>
                <th>{T.violationType}</th>
                <th>{T.loanIds}</th>
                <th>{T.penalty}</th>
                <th>{T.penaltyStatus}</th>
                <th>{T.proposedBy}</th>
                <th>{T.confirmedBy}</th>
              </tr>
            </thead>
            <tbody>
              {violations.map((violation) => (
                <tr key={violation.violationId} data-testid={`violation-${violation.violationId}`}>
                  <td>{violation.occurredOn}</td>
                  <td>{VIOLATION_LABELS[violation.type]}</td>
                  <td>{violation.loanIds.join(', ')}</td>
                  <td data-testid="penalty-amount">{yuan(violation.penalty.amountCents)}</td>
                  <td data-testid="penalty-status">{violation.penalty.status === 'confirmed' ? T.confirmed : T.proposed}</td>
                  <td>{violation.penalty.proposedBy}</td>
                  <td>
                    {violation.penalty.confirmedBy ??
                      (isApprover(me) && violation.penalty.proposedBy !== me.name ? (
                        <BusyButton busy={action.busy} onClick={() => act(() => partnerEndpoints.confirm(violation.violationId, violation.revision))}>
                          {T.confirm}
                        </BusyButton>
                      ) : (
                        '—'
                      ))}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
      {isMaker(me) && <ViolationForm partnerId={partnerId} onRecorded={() => void loading.run(reload)} />}
      <section className="card" aria-label="reviews">
        <h2>{T.reviews}</h2>
        {isMaker(me) && (
          <div className="row">
            <label className="inline">
              {T.quarterMonth} <input aria-label="review month" value={month} placeholder="2026-09" onChange={(event) => setMonth(event.target.value.trim())} />
            </label>
            <BusyButton busy={action.busy} onClick={() => act(() => partnerEndpoints.review(partnerId, month || undefined))}>
              {T.reviewNow}
            </BusyButton>
          </div>
        )}
        {reviews.length === 0 && <p className="muted">{T.none}</p>}
        {reviews.length > 0 && (
          <table className="grid">
            <thead>
              <tr>
                <th>{T.period}</th>
                <th>{T.outcome}</th>
                <th>{T.reasons}</th>
                <th>{T.overdueRate}</th>
                <th>{T.lossRate}</th>
                <th>{T.complaints}</th>
                <th>{T.complaintsPer10k}</th>
                <th>{T.violations}</th>
              </tr>
            </thead>
            <tbody>
              {reviews.map((review) => (
                <tr key={review.reviewId} data-testid={`review-${review.period}`}>
                  <td>{review.period}</td>
                  <td>{OUTCOME_LABELS[review.outcome]}</td>
                  <td>{review.reasons.join(', ')}</td>
                  <td>{percent(review.figures.overdueRate)}</td>
                  <td>{percent(review.figures.annualizedLossRate)}</td>
                  <td>{review.figures.complaints}</td>
                  <td>{review.figures.complaintsPer10kObligors ?? '—'}</td>
                  <td>{review.figures.violations}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
      <section className="card" aria-label="complaints">
        <h2>{T.complaints}</h2>
        {complaints?.length === 0 && <p className="muted">{T.none}</p>}
        <ul>
          {complaints?.map((complaint) => (
            <li key={complaint.complaintId}>
              <Link to={`/complaints/${encodeURIComponent(complaint.complaintId)}`}>{complaint.complaintId}</Link> · {complaint.status} · {T.received}{' '}
              {complaint.receivedOn}
            </li>
          ))}
        </ul>
      </section>
      <section className="card" aria-label="loans">
        <h2>{T.loans}</h2>
        {loans?.items.length === 0 && <p className="muted">{T.none}</p>}
        {loans && loans.items.length > 0 && (
          <table className="grid">
            <thead>
              <tr>
                <th>{T.loanId}</th>
                <th>{T.obligor}</th>
                <th>{T.channels}</th>
                <th>{T.orgUnit}</th>
                <th>{T.principal}</th>
                <th>{T.disbursedAt}</th>
              </tr>
            </thead>
            <tbody>
              {loans.items.map((loan) => (
                <tr key={loan.loanId}>
                  <td>{loan.loanId}</td>
                  <td>{loan.obligorId}</td>
                  <td>{loan.channel}</td>
                  <td>{loan.orgUnit}</td>
                  <td>{yuan(loan.principalCents)}</td>
                  <td>{loan.disbursedAt}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        {loans?.nextBefore && (
          <button type="button" className="secondary" onClick={() => void more()}>
            {T.more}
          </button>
        )}
      </section>
    </>
  );
}

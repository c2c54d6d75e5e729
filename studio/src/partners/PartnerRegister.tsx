import { useCallback } from 'react';
import { Status } from '../components/Status';
import { usePagedList } from '../monitoring/usePagedList';
import { Link } from '../router';
import { partnerEndpoints } from './partner-endpoints';
import type { Partner } from '../../../server/generated/schema-types';
import { PARTNER_STATUS_LABELS, PARTNER_TERMS as T } from './terms';

/** The partner register of the caller's unit and below, newest change first, keyset paged (docs/partners.md). */
export function PartnerRegister() {
  const fetchPage = useCallback(
    (before: string | undefined, signal: AbortSignal) => partnerEndpoints.list({ limit: 50, ...(before ? { before } : {}) }, signal),
    [],
  );
  const { items, nextBefore, error, loading, load } = usePagedList<Partner>(fetchPage);
  return (
    <>
      <Status error={error} busy={loading} />
      {items && (
        <section className="card" aria-busy={loading} aria-label="partner register">
          <div className="scroll">
            <table className="grid">
              <thead>
                <tr>
                  <th>{T.partnerName}</th>
                  <th>{T.creditCode}</th>
                  <th>{T.orgUnit}</th>
                  <th>{T.channels}</th>
                  <th>{T.status}</th>
                  <th>{T.agreementNumber}</th>
                </tr>
              </thead>
              <tbody>
                {items.map((partner) => (
                  <tr key={partner.partnerId} data-testid={`partner-${partner.partnerId}`}>
                    <td>
                      <Link to={`/partners/${encodeURIComponent(partner.partnerId)}`}>{partner.partnerName}</Link>
                    </td>
                    <td>{partner.partnerId}</td>
                    <td>{partner.orgUnit}</td>
                    <td>{partner.channelCodes.join(', ')}</td>
                    <td>{PARTNER_STATUS_LABELS[partner.status]}</td>
                    <td>{partner.agreement.number}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          {items.length === 0 && !loading && <p className="muted">{T.noPartners}</p>}
          {nextBefore && (
            <button type="button" className="secondary" disabled={loading} onClick={() => void load(nextBefore)}>
              {T.more}
            </button>
          )}
        </section>
      )}
    </>
  );
}

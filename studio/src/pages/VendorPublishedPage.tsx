import { useEffect, useState } from 'react';
import { Pending } from '../components/Status';
import { Link } from '../router';
import { AGENCY_KIND_LABELS, labelOf, VENDOR_TERMS as T, WORK_KIND_LABELS } from '../vendors/terms';
import { vendorEndpoints, type PublishedAgencyList } from '../vendors/vendor-endpoints';
import '../vendors/vendors.css';

/**
 * 准入机构公示名单 The published list of admitted agencies (GET /vendors/published: no personal data), as a
 * page any staff role may open and print: the print stylesheet (vendors.css) leaves out the studio's
 * navigation and prints the list on A4, like the monthly report's printable page.
 */
export function VendorPublishedPage() {
  const [list, setList] = useState<PublishedAgencyList>();
  const [error, setError] = useState<unknown>();
  useEffect(() => {
    vendorEndpoints.published().then(setList, setError);
  }, []);

  if (error || !list) return <Pending error={error} />;
  return (
    <article className="published-agencies" aria-label="published agencies">
      <div className="page-header no-print">
        <Link to="/vendors">← {T.register}</Link>
        <button type="button" className="secondary" onClick={() => print()}>
          {T.print}
        </button>
      </div>
      <h1>{T.published}</h1>
      <p className="meta">
        截至 As of {new Date().toLocaleDateString('sv')} · {list.items.length} 家 agencies
      </p>
      <table className="grid">
        <thead>
          <tr>
            <th>#</th>
            <th>{T.agencyName}</th>
            <th>{T.creditCode}</th>
            <th>{T.kind}</th>
            <th>{T.workKinds}</th>
            <th>{T.admittedOn}</th>
          </tr>
        </thead>
        <tbody>
          {list.items.map((agency, index) => (
            <tr key={agency.agencyId} data-testid={`published-${agency.agencyId}`}>
              <td>{index + 1}</td>
              <td>{agency.agencyName}</td>
              <td>
                <code>{agency.agencyId}</code>
              </td>
              <td>{labelOf(AGENCY_KIND_LABELS, agency.kind)}</td>
              <td>{agency.workKinds.map((kind) => labelOf(WORK_KIND_LABELS, kind)).join(', ')}</td>
              <td>{agency.admittedOn}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {list.items.length === 0 && <p className="muted">{T.none}</p>}
    </article>
  );
}

import { useCallback, useState } from 'react';
import type { PrincipalView } from '../api/types';
import { bureauAccess } from '../bureau/access';
import { BatchesPanel } from '../bureau/BatchesPanel';
import { bureauEndpoints, type BureauItem, type BureauItemQuery } from '../bureau/bureau-endpoints';
import { ItemDetail } from '../bureau/ItemDetail';
import { ReconciliationPanel } from '../bureau/ReconciliationPanel';
import { BUREAU_KIND_LABELS, BUREAU_STATUS_LABELS, BUREAU_STATUSES, BUREAU_TERMS as T, VALUE_LABELS, valueText } from '../bureau/terms';
import { ListWithDetail } from '../components/SidePanel';
import { Status } from '../components/Status';
import { Tabs } from '../components/Tabs';
import { usePagedList } from '../monitoring/usePagedList';

type View = 'queue' | 'batches' | 'reconciliation';
type StatusTab = 'all' | (typeof BUREAU_STATUSES)[number];
const PAGE = 50;

/**
 * 征信报送 Credit-bureau reporting (docs/bureau.md, Art. 32): the queue by status with an item's detail (HQ records a
 * notice as sent there), the batches (create, download the file, import acknowledgements) and a month's reconciliation.
 */
export function BureauPage({ me }: { me: PrincipalView }) {
  const [view, setView] = useState<View>('queue');
  // Each view loads when it is shown, so a batch made on one tab shows on the queue's when the user goes back.
  const changed = () => undefined;
  return (
    <>
      <div className="page-header">
        <h1>{T.title}</h1>
      </div>
      {!bureauAccess.run(me) && <p className="muted">{T.hqOnly}</p>}
      <Tabs
        label="bureau views"
        idPrefix="bureau"
        tabs={[
          { id: 'queue', label: T.queue },
          { id: 'batches', label: T.batches },
          { id: 'reconciliation', label: T.reconciliation },
        ]}
        selected={view}
        onSelect={setView}
      >
        {view === 'queue' && <Queue me={me} onChanged={changed} />}
        {view === 'batches' && <BatchesPanel me={me} onChanged={changed} />}
        {view === 'reconciliation' && <ReconciliationPanel />}
      </Tabs>
    </>
  );
}

function Queue({ me, onChanged }: { me: PrincipalView; onChanged: () => void }) {
  const [status, setStatus] = useState<StatusTab>('all');
  const [selected, setSelected] = useState<string>();
  const [generation, setGeneration] = useState(0);
  const fetchPage = useCallback(
    (before: string | undefined, signal: AbortSignal) => {
      const query: BureauItemQuery = { limit: PAGE, ...(status === 'all' ? {} : { status }), ...(before ? { before } : {}) };
      return bureauEndpoints.items(query, signal);
    },
    // generation reloads the list after a change
    [status, generation],
  );
  const { items, nextBefore, error, loading, load } = usePagedList<BureauItem>(fetchPage);
  const list = (
    <>
      <Status error={error} busy={loading} />
      {items && (
        <section className="card" aria-busy={loading} aria-label="bureau items">
          <div className="scroll">
            <table className="grid">
              <thead>
                <tr>
                  <th>{T.item}</th>
                  <th>{T.kind}</th>
                  <th>{T.status}</th>
                  <th>{T.loan}</th>
                  <th>{T.eventDate}</th>
                  <th>{T.values}</th>
                  <th>{T.updatedAt}</th>
                </tr>
              </thead>
              <tbody>
                {items.map((item) => (
                  <tr key={item.itemId} data-testid={`item-${item.itemId}`} className={item.itemId === selected ? 'selected' : undefined}>
                    <td>
                      <button type="button" className="link" onClick={() => setSelected(item.itemId)}>
                        {item.itemId}
                      </button>
                    </td>
                    <td>{BUREAU_KIND_LABELS[item.kind]}</td>
                    <td>{BUREAU_STATUS_LABELS[item.status]}</td>
                    <td>{item.loanId}</td>
                    <td>{item.eventDate}</td>
                    <td>
                      {Object.entries(item.values)
                        .map(([field, value]) => `${VALUE_LABELS[field] ?? field} ${valueText(field, value)}`)
                        .join(' · ')}
                    </td>
                    <td>{new Date(item.updatedAt).toLocaleString()}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          {items.length === 0 && !loading && <p className="muted">{T.noItems}</p>}
          {nextBefore && (
            <button type="button" className="secondary" disabled={loading} onClick={() => void load(nextBefore)}>
              {T.older}
            </button>
          )}
        </section>
      )}
    </>
  );
  return (
    <Tabs
      label="bureau statuses"
      idPrefix="bureau-status"
      tabs={[{ id: 'all' as StatusTab, label: T.all }, ...BUREAU_STATUSES.map((id) => ({ id: id as StatusTab, label: BUREAU_STATUS_LABELS[id] }))]}
      selected={status}
      onSelect={(next) => {
        setStatus(next);
        setSelected(undefined);
      }}
    >
      <ListWithDetail
        label="bureau item"
        list={list}
        detail={
          selected && (
            <ItemDetail
              key={selected}
              itemId={selected}
              me={me}
              onChanged={() => {
                setGeneration((value) => value + 1);
                onChanged();
              }}
            />
          )
        }
        onClose={() => setSelected(undefined)}
      />
    </Tabs>
  );
}

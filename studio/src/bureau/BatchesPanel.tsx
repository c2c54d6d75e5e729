import { type ChangeEvent, useEffect } from 'react';
import type { PrincipalView } from '../api/types';
import { useServerCall } from '../api/useServerCall';
import { BusyButton } from '../components/BusyButton';
import { Status } from '../components/Status';
import { bureauAccess } from './access';
import { bureauEndpoints, parseAcknowledgements, type BureauBatch } from './bureau-endpoints';
import { BUREAU_KIND_LABELS, BUREAU_TERMS as T } from './terms';

/** The batches (HQ): create one from the ready items, download its file, import the bureau's acknowledgements. */
export function BatchesPanel({ me, onChanged }: { me: PrincipalView; onChanged: () => void }) {
  const list = useServerCall<BureauBatch[]>();
  const action = useServerCall<string>();
  const reload = () => list.run(async () => (await bureauEndpoints.batches()).items);
  useEffect(() => {
    void reload();
    // load once
  }, []);
  const create = () =>
    action.run(async () => {
      const batch = await bureauEndpoints.createBatch();
      await reload();
      onChanged();
      return `${T.batchCreated}: ${batch.batchId} (${batch.itemCount})`;
    });
  const importFile = (batchId: string) => (event: ChangeEvent<HTMLInputElement>) => {
    const file = event.target.files?.[0];
    event.target.value = '';
    if (!file) return;
    void action.run(async () => {
      const result = await bureauEndpoints.acknowledge(batchId, { items: parseAcknowledgements(await file.text()) });
      await reload();
      onChanged();
      return `${T.imported}: ${T.acknowledged} ${result.acknowledged}, ${T.rejected} ${result.rejected}`;
    });
  };
  const run = bureauAccess.run(me);
  return (
    <section aria-label="bureau batches">
      {run && (
        <BusyButton busy={action.busy} onClick={() => void create()}>
          {T.createBatch}
        </BusyButton>
      )}
      <Status busy={list.busy} error={action.error ?? list.error} notice={action.result} />
      {list.result && list.result.length === 0 && <p className="muted">{T.noBatches}</p>}
      {list.result && list.result.length > 0 && (
        <table className="grid" aria-label="batches">
          <thead>
            <tr>
              <th>{T.batch}</th>
              <th>{T.createdAt}</th>
              <th>{T.createdBy}</th>
              <th>{T.itemCount}</th>
              <th>{T.acknowledged}</th>
              <th>{T.rejected}</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {list.result.map((batch) => (
              <tr key={batch.batchId} data-testid={`batch-${batch.batchId}`}>
                <td>
                  <code>{batch.batchId}</code>
                </td>
                <td>{new Date(batch.createdAt).toLocaleString()}</td>
                <td>{batch.createdBy}</td>
                <td>
                  {batch.itemCount} (
                  {Object.entries(batch.counts)
                    .map(([kind, count]) => `${BUREAU_KIND_LABELS[kind as keyof typeof BUREAU_KIND_LABELS] ?? kind} ${count}`)
                    .join(', ')}
                  )
                </td>
                <td>{batch.acknowledged}</td>
                <td>{batch.rejected}</td>
                <td>
                  <a href={bureauEndpoints.fileUrl(batch.batchId)} download>
                    {T.download}
                  </a>
                  {run && (
                    <label className="inline">
                      {' '}
                      {T.importAcks}{' '}
                      <input
                        type="file"
                        accept=".csv,text/csv"
                        aria-label={`acknowledgements of ${batch.batchId}`}
                        disabled={action.busy}
                        onChange={importFile(batch.batchId)}
                      />
                    </label>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

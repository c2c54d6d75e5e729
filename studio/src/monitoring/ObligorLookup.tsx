import { useState } from 'react';
import { navigate } from '../router';

/** Go to an obligor's page by id. */
export function ObligorLookup({ initial = '' }: { initial?: string }) {
  const [obligorId, setObligorId] = useState(initial);
  return (
    <form
      className="row lookup"
      aria-label="open obligor"
      onSubmit={(event) => {
        event.preventDefault();
        if (obligorId.trim()) navigate(`/obligors/${encodeURIComponent(obligorId.trim())}`);
      }}
    >
      <input aria-label="obligor id" placeholder="履约义务人编号 Obligor id" value={obligorId} onChange={(event) => setObligorId(event.target.value)} />
      <button type="submit" className="secondary" disabled={!obligorId.trim()}>
        查看义务人 Open obligor
      </button>
    </form>
  );
}

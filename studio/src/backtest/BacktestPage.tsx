import { useEffect, useState } from 'react';
import type { Backtest, BacktestList } from '../../../server/generated/schema-types';
import { api } from '../api/client';
import { ErrorView } from '../components/ErrorView';
import { Link } from '../router';
import { BacktestView } from './BacktestPanel';
import { BACKTEST_TERMS } from './terms';

export const BACKTESTS_PATH = '/backtests';

/** 回测 Backtest: /backtests lists them (newest first), /backtests/:id shows one with its charts and segment table. */
export function BacktestPage({ path }: { path: string }) {
  const backtestId = path.startsWith(`${BACKTESTS_PATH}/`) ? decodeURIComponent(path.slice(BACKTESTS_PATH.length + 1)) : undefined;
  if (backtestId) return <BacktestView backtestId={backtestId} />;
  return <BacktestListView />;
}

function BacktestListView() {
  const [items, setItems] = useState<Backtest[]>();
  const [error, setError] = useState<unknown>();
  useEffect(() => {
    api<BacktestList>('GET', `${BACKTESTS_PATH}?limit=50`).then(
      (list) => setItems(list.items),
      (caught: unknown) => setError(caught),
    );
  }, []);
  if (error) return <ErrorView error={error} />;
  if (!items) return <p className="muted">加载中 Loading…</p>;
  return (
    <table aria-label="backtests">
      <caption>{BACKTEST_TERMS.list}</caption>
      <tbody>
        {items.map((item) => (
          <tr key={item.backtestId}>
            <td>
              <Link to={`${BACKTESTS_PATH}/${encodeURIComponent(item.backtestId)}`}>{item.key}</Link>
            </td>
            <td>{item.versions.map((entry) => `v${entry.version}`).join(' vs ')}</td>
            <td>{item.orgUnit}</td>
            <td>{item.status}</td>
            <td>{item.requestedAt}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

import { useCallback, useEffect, useState } from 'react';
import { vendorEndpoints, type AgencyDetail } from './vendor-endpoints';

/**
 * The agency page's state: the agency as last read, and `act` to run one change against the revision
 * shown (the server answers 409 stale_version when someone changed the agency meanwhile; the error is
 * kept and shown where the action was, with a reload). Every request button of the page shares `busy`.
 */
export function useAgency(agencyId: string) {
  const [detail, setDetail] = useState<AgencyDetail>();
  const [loadError, setLoadError] = useState<unknown>();
  const [actionError, setActionError] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  const [notice, setNotice] = useState<string>();

  const reload = useCallback(() => {
    setLoadError(undefined);
    setActionError(undefined);
    return vendorEndpoints.detail(agencyId).then(setDetail, setLoadError);
  }, [agencyId]);
  useEffect(() => {
    void reload();
  }, [reload]);

  /** Runs a change with the revision shown; true when it succeeded (so a form may clear itself). */
  const act = async (done: string, call: (revision: number) => Promise<AgencyDetail>): Promise<boolean> => {
    if (!detail) return false;
    setBusy(true);
    setActionError(undefined);
    setNotice(undefined);
    try {
      setDetail(await call(detail.agency.revision));
      setNotice(done);
      return true;
    } catch (caught) {
      setActionError(caught);
      return false;
    } finally {
      setBusy(false);
    }
  };

  return { detail, loadError, actionError, busy, notice, act, reload };
}

export type AgencyActions = ReturnType<typeof useAgency>;

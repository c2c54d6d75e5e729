import { useCallback, useEffect, useState } from 'react';

/**
 * A tab's own reads (agreements, placements, scorecards, the exit) and `run` for one request: while it
 * runs every request button of the tab is busy; its error is kept for the tab's ActionError (409 and 403
 * in words); on success the tab reads again, so it shows what the server holds.
 */
export function useLoaded<T>(load: () => Promise<T>) {
  const [data, setData] = useState<T>();
  const [loadError, setLoadError] = useState<unknown>();
  const [actionError, setActionError] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  const [notice, setNotice] = useState<string>();

  const reload = useCallback(() => {
    setLoadError(undefined);
    setActionError(undefined);
    return load().then(setData, setLoadError);
  }, [load]);
  useEffect(() => {
    void reload();
  }, [reload]);

  /** Runs a request; true when it succeeded (so a form may clear itself). */
  const run = async (done: string, call: () => Promise<unknown>): Promise<boolean> => {
    setBusy(true);
    setActionError(undefined);
    setNotice(undefined);
    try {
      await call();
      setData(await load());
      setNotice(done);
      return true;
    } catch (caught) {
      setActionError(caught);
      return false;
    } finally {
      setBusy(false);
    }
  };

  return { data, loadError, actionError, busy, notice, run, reload };
}

export type Loaded<T> = ReturnType<typeof useLoaded<T>>;

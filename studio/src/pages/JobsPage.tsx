import { useCallback, useEffect, useState } from 'react';
import { monitoringEndpoints, type JobList, type JobListQuery, type JobRun } from '../api/monitoring-endpoints';
import type { PrincipalView } from '../api/types';
import { ErrorView, FieldErrors } from '../components/ErrorView';
import { Status } from '../components/Status';
import { can, JOB_STATUS_LABELS, label, MONITORING_TERMS, when } from '../monitoring/labels';
import { applyFilters, readFilters, setFilters, useSearch } from '../monitoring/search';
import { usePagedList } from '../monitoring/usePagedList';
import '../monitoring/monitoring.css';
import { BusyButton } from '../components/BusyButton';

type Job = JobList['jobs'][number];
const PAGE = 50;
const FILTERABLE_STATUSES = ['queued', 'running', 'succeeded', 'failed'] as const;

const pairs = (values: Record<string, number | string>) =>
  Object.entries(values)
    .map(([name, value]) => `${name}=${value}`)
    .join(', ');
const finished = (run: JobRun) => run.status !== 'queued' && run.status !== 'running';

/** Start one job now (admin): the date or month it takes, then the run is followed until it ends. */
function RunNow({ job, onStarted }: { job: Job; onStarted: (run: JobRun) => void }) {
  const [value, setValue] = useState('');
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  const start = async () => {
    setBusy(true);
    setError(undefined);
    try {
      onStarted(await monitoringEndpoints.runJob(job.name, value && job.parameter !== 'none' ? { [job.parameter]: value } : {}));
    } catch (caught) {
      setError(caught);
    } finally {
      setBusy(false);
    }
  };
  return (
    <div className="run-now">
      <div className="row">
        {job.parameter === 'asOf' && (
          <input
            type="date"
            aria-label={`${job.name} as of`}
            value={value}
            onChange={(event) => setValue(event.target.value)}
            title="默认今天 default today (UTC)"
          />
        )}
        {job.parameter === 'month' && (
          <input
            type="month"
            aria-label={`${job.name} month`}
            value={value}
            onChange={(event) => setValue(event.target.value)}
            title="默认上月 default: the month that has ended"
          />
        )}
        <BusyButton busy={busy} type="button" onClick={start} aria-label={`run ${job.name} now`}>
          立即运行 Run now
        </BusyButton>
      </div>
      <FieldErrors error={error} path={`/body/${job.parameter}`} />
      <ErrorView error={error} />
    </div>
  );
}

const DEFAULTS = { job: '', status: '' };
type Filters = typeof DEFAULTS;
/** How often runs shown queued or running are read again. */
const POLL_MS = 1000;

/** The jobs, their schedules and their runs (newest first, filters in the address); an admin can start a job now. */
export function JobsPage({ me }: { me: PrincipalView }) {
  const search = useSearch();
  const [jobs, setJobs] = useState<Job[]>();
  const [error, setError] = useState<unknown>();
  useEffect(() => {
    monitoringEndpoints.jobs({ limit: 1 }).then((list) => setJobs(list.jobs), setError);
  }, []);
  return (
    <>
      <h1>{MONITORING_TERMS.jobs}</h1>
      <ErrorView error={error} />
      <RunList key={search} me={me} jobs={jobs} applied={readFilters(search, DEFAULTS)} />
    </>
  );
}

function RunList({ me, jobs, applied }: { me: PrincipalView; jobs: Job[] | undefined; applied: Filters }) {
  const query = JSON.stringify(applied);
  const fetchPage = useCallback(
    async (before: string | undefined, signal: AbortSignal) => {
      const page = await monitoringEndpoints.jobs(
        { ...(setFilters(JSON.parse(query) as Filters) as JobListQuery), limit: PAGE, ...(before ? { before } : {}) },
        signal,
      );
      return { items: page.runs, nextBefore: page.nextBefore };
    },
    [query],
  );
  const { items: runs, setItems: setRuns, nextBefore, error, loading, load } = usePagedList<JobRun>(fetchPage);
  const [following, setFollowing] = useState<string>();
  const [pollError, setPollError] = useState<unknown>();

  // Every run shown queued or running is read again until it ends: a run started here, by the
  // schedule or by someone else moves on the page without a click on Refresh.
  const active = (runs ?? [])
    .filter((run) => !finished(run))
    .map((run) => run.runId)
    .join(',');
  useEffect(() => {
    if (!active) return;
    let live = true;
    const timer = setTimeout(() => {
      Promise.all(active.split(',').map((runId) => monitoringEndpoints.jobRun(runId))).then(
        (fresh) => {
          if (!live) return;
          setPollError(undefined);
          setRuns((current) => current?.map((run) => fresh.find((item) => item.runId === run.runId) ?? run));
        },
        (caught) => live && setPollError(caught),
      );
    }, POLL_MS);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [active, runs, setRuns]);

  const followed = runs?.find((run) => run.runId === following);
  // The run started here has ended: read the list again (its counts, and runs it caused).
  useEffect(() => {
    if (followed && finished(followed)) void load();
  }, [followed?.status]);

  const started = (run: JobRun) => {
    setFollowing(run.runId);
    setRuns((current) => [run, ...(current ?? []).filter((item) => item.runId !== run.runId)]);
  };

  return (
    <>
      <ErrorView error={pollError} />
      {followed && (
        <div className="notice" role="status" data-testid="followed-run">
          {followed.job} {pairs(followed.params)} · 第 {followed.attempt} 次 attempt {followed.attempt} · {label(JOB_STATUS_LABELS, followed.status)}
          {followed.durationMs !== null ? ` · ${followed.durationMs} ms` : ''}
        </div>
      )}
      {jobs && (
        <section className="card" aria-label="jobs">
          <h2>任务 Jobs</h2>
          <table className="grid" aria-label="jobs">
            <thead>
              <tr>
                <th>名称 Name</th>
                <th>说明 Description</th>
                <th>计划 Schedule (UTC)</th>
                <th>参数 Parameter</th>
                {can.runJobs(me) && <th>运行 Run</th>}
              </tr>
            </thead>
            <tbody>
              {jobs.map((job) => (
                <tr key={job.name} data-job={job.name}>
                  <td>
                    <code>{job.name}</code>
                  </td>
                  <td className="description" data-testid="job-description">
                    {job.description}
                  </td>
                  <td>
                    <code>{job.schedule}</code>
                  </td>
                  <td>{job.parameter}</td>
                  {can.runJobs(me) && (
                    <td>
                      <RunNow job={job} onStarted={started} />
                    </td>
                  )}
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      )}
      <section className="card" aria-label="job runs">
        <h2>运行记录 Runs</h2>
        <form className="row" aria-label="run filters" onSubmit={(event) => event.preventDefault()}>
          <label className="inline">
            任务 Job
            <select aria-label="job" value={applied.job} onChange={(event) => applyFilters({ ...applied, job: event.target.value }, DEFAULTS)}>
              <option value="">全部 all</option>
              {jobs?.map((job) => (
                <option key={job.name} value={job.name}>
                  {job.name}
                </option>
              ))}
            </select>
          </label>
          <label className="inline">
            状态 Status
            <select aria-label="run status" value={applied.status} onChange={(event) => applyFilters({ ...applied, status: event.target.value }, DEFAULTS)}>
              <option value="">全部 all</option>
              {FILTERABLE_STATUSES.map((status) => (
                <option key={status} value={status}>
                  {label(JOB_STATUS_LABELS, status)}
                </option>
              ))}
            </select>
          </label>
          <button type="button" className="secondary" onClick={() => void load()}>
            刷新 Refresh
          </button>
        </form>
        <Status error={error} busy={loading} />
        <div className="scroll" aria-busy={loading}>
          <table className="grid" aria-label="runs">
            <thead>
              <tr>
                <th>任务 Job</th>
                <th>参数 Params</th>
                <th>次数 Attempt</th>
                <th>触发 Trigger</th>
                <th>发起 Requested by</th>
                <th>状态 Status</th>
                <th>排队 Queued</th>
                <th>用时 Duration</th>
                <th>计数 Counts</th>
                <th>阶段 Phases (ms)</th>
                <th>未提供指标 Facts never supplied</th>
                <th>错误 Errors</th>
              </tr>
            </thead>
            <tbody>
              {(runs ?? []).map((run) => (
                <tr key={run.runId} data-run-id={run.runId} className={run.status === 'failed' || run.status === 'abandoned' ? 'fail' : undefined}>
                  <td>
                    <code>{run.job}</code>
                  </td>
                  <td>{pairs(run.params) || '—'}</td>
                  <td>{run.attempt}</td>
                  <td>{run.trigger}</td>
                  <td>{run.requestedBy}</td>
                  <td data-testid="run-status">{label(JOB_STATUS_LABELS, run.status)}</td>
                  <td>{when(run.queuedAt)}</td>
                  <td>{run.durationMs === null ? '—' : `${run.durationMs} ms`}</td>
                  <td className="description" data-testid="run-counts">
                    {pairs(run.counts)}
                  </td>
                  <td className="description">{pairs(Object.fromEntries(Object.entries(run.phases).map(([phase, ms]) => [phase, Math.round(ms)])))}</td>
                  {/* Facts the run's rule sets reference but the run never supplied: a rule on them cannot fire on the platform's data. */}
                  <td className="description" data-testid="run-unsupplied">
                    {(run.unsuppliedFacts ?? [])
                      .filter((entry) => entry.facts.length > 0)
                      .map((entry) => `${entry.ruleSet}: ${entry.facts.join(', ')}`)
                      .join('; ') || '—'}
                  </td>
                  <td className="description">{run.errors.map((item) => item.message).join('; ')}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        {runs && runs.length === 0 && !loading && <p className="muted">无运行记录 No runs.</p>}
        {nextBefore && (
          <button type="button" className="secondary" disabled={loading} onClick={() => void load(nextBefore)}>
            更早 Older
          </button>
        )}
      </section>
    </>
  );
}

import { useCallback, useEffect, useState } from 'react';
import { monitoringEndpoints, type JobList, type JobListQuery, type JobRun } from '../api/monitoring-endpoints';
import type { PrincipalView } from '../api/types';
import { ErrorView, FieldErrors } from '../components/ErrorView';
import { can, JOB_STATUS_LABELS, label, MONITORING_TERMS, when } from '../monitoring/labels';
import '../monitoring/monitoring.css';

type Job = JobList['jobs'][number];
const PAGE = 50;
const FILTERABLE_STATUSES = ['queued', 'running', 'succeeded', 'failed'] as const;

const pairs = (values: Record<string, number | string>) => Object.entries(values).map(([name, value]) => `${name}=${value}`).join(', ');
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
        {job.parameter === 'asOf' && <input type="date" aria-label={`${job.name} as of`} value={value} onChange={(event) => setValue(event.target.value)} title="默认今天 default today (UTC)" />}
        {job.parameter === 'month' && <input type="month" aria-label={`${job.name} month`} value={value} onChange={(event) => setValue(event.target.value)} title="默认上月 default: the month that has ended" />}
        <button type="button" disabled={busy} onClick={start} aria-label={`run ${job.name} now`}>立即运行 Run now</button>
      </div>
      <FieldErrors error={error} path={`/body/${job.parameter}`} />
      <ErrorView error={error} />
    </div>
  );
}

/** The jobs, their schedules and their runs (newest first); an admin can start a job now. */
export function JobsPage({ me }: { me: PrincipalView }) {
  const [filters, setFilters] = useState<JobListQuery>({});
  const [list, setList] = useState<JobList>();
  const [runs, setRuns] = useState<JobRun[]>([]);
  const [error, setError] = useState<unknown>();
  const [following, setFollowing] = useState<JobRun>();

  const load = useCallback(async (before?: string) => {
    setError(undefined);
    try {
      const page = await monitoringEndpoints.jobs({ ...filters, limit: PAGE, ...(before ? { before } : {}) });
      setList(page);
      setRuns((current) => (before ? [...current, ...page.runs] : page.runs));
    } catch (caught) {
      setError(caught);
    }
  }, [filters]);
  useEffect(() => {
    void load();
  }, [load]);

  // A run started here is polled until it ends, then the list is read again.
  useEffect(() => {
    if (!following || finished(following)) return;
    const timer = setTimeout(() => {
      monitoringEndpoints.jobRun(following.runId).then((run) => {
        setFollowing(run);
        setRuns((current) => current.map((item) => (item.runId === run.runId ? run : item)));
        if (finished(run)) void load();
      }, setError);
    }, 1000);
    return () => clearTimeout(timer);
  }, [following, load]);

  const started = (run: JobRun) => {
    setFollowing(run);
    setRuns((current) => [run, ...current.filter((item) => item.runId !== run.runId)]);
  };

  return (
    <>
      <h1>{MONITORING_TERMS.jobs}</h1>
      <ErrorView error={error} />
      {following && (
        <div className="notice" role="status" data-testid="followed-run">
          {following.job} {pairs(following.params)} · 第 {following.attempt} 次 attempt {following.attempt} · {label(JOB_STATUS_LABELS, following.status)}
          {following.durationMs !== null ? ` · ${following.durationMs} ms` : ''}
        </div>
      )}
      {list && (
        <section className="card" aria-label="jobs">
          <h2>任务 Jobs</h2>
          <table className="grid" aria-label="jobs">
            <thead>
              <tr><th>名称 Name</th><th>说明 Description</th><th>计划 Schedule (UTC)</th><th>参数 Parameter</th>{can.runJobs(me) && <th>运行 Run</th>}</tr>
            </thead>
            <tbody>
              {list.jobs.map((job) => (
                <tr key={job.name} data-job={job.name}>
                  <td><code>{job.name}</code></td>
                  <td className="description">{job.description}</td>
                  <td><code>{job.schedule}</code></td>
                  <td>{job.parameter}</td>
                  {can.runJobs(me) && <td><RunNow job={job} onStarted={started} /></td>}
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      )}
      <section className="card" aria-label="job runs">
        <h2>运行记录 Runs</h2>
        <div className="row">
          <label className="inline">任务 Job
            <select aria-label="job" value={filters.job ?? ''} onChange={(event) => setFilters({ ...filters, job: event.target.value || undefined })}>
              <option value="">全部 all</option>
              {list?.jobs.map((job) => <option key={job.name} value={job.name}>{job.name}</option>)}
            </select>
          </label>
          <label className="inline">状态 Status
            <select aria-label="run status" value={filters.status ?? ''} onChange={(event) => setFilters({ ...filters, status: (event.target.value || undefined) as JobListQuery['status'] })}>
              <option value="">全部 all</option>
              {FILTERABLE_STATUSES.map((status) => <option key={status} value={status}>{label(JOB_STATUS_LABELS, status)}</option>)}
            </select>
          </label>
          <button type="button" className="secondary" onClick={() => void load()}>刷新 Refresh</button>
        </div>
        <div className="scroll">
          <table className="grid" aria-label="runs">
            <thead>
              <tr>
                <th>任务 Job</th><th>参数 Params</th><th>次数 Attempt</th><th>触发 Trigger</th><th>发起 Requested by</th><th>状态 Status</th><th>排队 Queued</th>
                <th>用时 Duration</th><th>计数 Counts</th><th>阶段 Phases (ms)</th><th>错误 Errors</th>
              </tr>
            </thead>
            <tbody>
              {runs.map((run) => (
                <tr key={run.runId} data-run-id={run.runId} className={run.status === 'failed' || run.status === 'abandoned' ? 'fail' : undefined}>
                  <td><code>{run.job}</code></td>
                  <td>{pairs(run.params) || '—'}</td>
                  <td>{run.attempt}</td>
                  <td>{run.trigger}</td>
                  <td>{run.requestedBy}</td>
                  <td data-testid="run-status">{label(JOB_STATUS_LABELS, run.status)}</td>
                  <td>{when(run.queuedAt)}</td>
                  <td>{run.durationMs === null ? '—' : `${run.durationMs} ms`}</td>
                  <td className="description" data-testid="run-counts">{pairs(run.counts)}</td>
                  <td className="description">{pairs(Object.fromEntries(Object.entries(run.phases).map(([phase, ms]) => [phase, Math.round(ms)])))}</td>
                  <td className="description">{run.errors.map((item) => item.message).join('; ')}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        {runs.length === 0 && <p className="muted">无运行记录 No runs.</p>}
        {list?.nextBefore && <button type="button" className="secondary" onClick={() => void load(list.nextBefore)}>更早 Older</button>}
      </section>
    </>
  );
}

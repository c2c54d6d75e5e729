import { randomUUID } from 'node:crypto';
import os from 'node:os';
import { Agenda, type Job } from 'agenda';
import type { Connection } from '../store/connection';
import type { AuditLog } from '../audit/audit.service';
import { HEAD_OFFICE } from '../authority/responsibility';
import { ConflictError, NotFoundError, ValidationError } from '../http/errors';
import type { Logger } from '../logger';
import type { KeysetPage, PageRequest } from '../store/keyset-page';
import { SerialWrites } from '../store/serial-writes';
import { agendaBackend } from './agenda-backend';
import type { JobDefinition, JobRefusal } from './job-definition';
import { FactSupplyRecorder, recordingFactSupply } from './fact-supply';
import type { JobRunRecord } from './job-run.model';
import type { JobRunFilter, JobRunStore } from './job-run.store';
import { heartbeatEvery, isActive, nextAttempt, paramsKey, STALE_AFTER_MS, type RunTrigger } from './run-attempts';
import { jobParams } from './job-params';
import { defaultParams, type JobSettings } from './job-settings';
import { runOrderRefusal, type RunOrderRefusal } from './run-order';

const WAIT_POLL_MS = 100;

type AgendaJobData = { runId?: string } | null | undefined;

export interface JobServiceOptions {
  /** Where overrides of the run order are recorded (server/audit). */
  audit?: AuditLog;
  now?: () => Date;
}

/** Running a dated job for a day before its last successful run, on purpose. */
export interface RunOrderOverride {
  reason: string;
}

/**
 * Runs jobs through Agenda: each process that runs jobs (the worker, and `npm start`) polls
 * Agenda's collection; a run on demand is queued there and taken by whichever process polls
 * first. Every attempt is a job-run record under a unique run key (job, parameters, attempt),
 * so of two workers that both decide to run the same thing, one insert wins and the other skips;
 * the jobs themselves are idempotent on top of that.
 *
 * A worker that dies mid-run stops beating the run's heartbeat and touching Agenda's lock, which
 * lives as long as a run takes to go stale (`staleAfterMs`). Once the lock lapses another worker
 * gets the Agenda job, sees the run stale, marks it failed and runs the next attempt (takeOver).
 */
export class JobService {
  private readonly definitions = new Map<string, JobDefinition>();
  private agenda?: Agenda;
  private backend?: ReturnType<typeof agendaBackend>;
  private processing = false;
  private readonly executing = new Set<Promise<void>>();
  /** Aborted by stop(); every run started from now on gets the new one. */
  private stopping = new AbortController();
  readonly worker = `${os.hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
  private readonly now: () => Date;
  private readonly audit?: AuditLog;
  /** A run without a heartbeat for this long is abandoned; Agenda's lock lives as long, and runs beat five times as often. */
  readonly staleAfterMs: number;

  constructor(
    private readonly connection: Connection,
    private readonly runs: JobRunStore,
    private readonly settings: JobSettings,
    private readonly logger: Logger,
    options: JobServiceOptions = {},
  ) {
    this.now = options.now ?? (() => new Date());
    this.audit = options.audit;
    this.staleAfterMs = settings.staleAfterMs ?? STALE_AFTER_MS;
  }

  register(definition: JobDefinition): void {
    this.definitions.set(definition.name, definition);
  }

  list(): JobDefinition[] {
    return [...this.definitions.values()];
  }

  schedule(name: string): string {
    return this.settings.schedules[name] ?? 'off';
  }

  /** Starts polling for jobs and (re)registers the schedules; idempotent on every boot. */
  async start(): Promise<void> {
    if (this.processing) return;
    const agenda = await this.agendaReady();
    for (const definition of this.definitions.values()) {
      const schedule = this.schedule(definition.name);
      if (schedule === 'off') await this.backend!.repository.removeSchedule(definition.name);
      else await agenda.every(schedule, definition.name, undefined, { timezone: 'UTC', skipImmediate: true });
    }
    if (this.stopping.signal.aborted) this.stopping = new AbortController();
    await agenda.start();
    this.processing = true;
    this.logger.info({ worker: this.worker, jobs: [...this.definitions.keys()] }, 'job processing started');
  }

  /**
   * Stops taking jobs and waits a while for runs in progress; one that does not end in time keeps
   * its record and may be attempted again once it goes stale.
   */
  async stop(waitMs = 10_000): Promise<void> {
    if (this.agenda && this.processing) await this.agenda.stop(false);
    this.processing = false;
    this.stopping.abort();
    if (this.executing.size > 0) await Promise.race([Promise.allSettled([...this.executing]), new Promise((resolve) => setTimeout(resolve, waitMs).unref())]);
  }

  /** Lock claims only matter while a race could happen; older ones are removed by maintenance. */
  async deleteLockClaimsBefore(cutoff: Date): Promise<number> {
    await this.agendaReady();
    return this.backend!.repository.deleteClaimsBefore(cutoff);
  }

  /**
   * A run on demand: queued now, taken by a process that runs jobs; `waitMs` waits for it to end.
   * A day or month before the job's last successful run is refused (409 run_before_last_run)
   * unless `override` gives a reason, which the audit log keeps with the run; so is a run the
   * job's precondition refuses (e.g. 409 month_incomplete), audited as the refusal names it.
   */
  async request(name: string, params: Record<string, string | undefined>, requestedBy: string, waitMs = 0, override?: RunOrderOverride): Promise<JobRunRecord> {
    const definition = this.definitions.get(name);
    if (!definition) throw new NotFoundError(`There is no job "${name}"`, 'unknown_job');
    const normalised = this.normalise(definition, params);
    const refusal = await this.runOrderRefusal(definition, normalised);
    if (refusal && !override) {
      throw new ConflictError(
        'run_before_last_run',
        `${name} last succeeded for ${refusal.lastRunDate}; a run for ${refusal.requested} would act on an older book and undo later work. Send override: { reason } to run it anyway.`,
        [{ path: `/body/${refusal.parameter}`, message: `before the last successful run (${refusal.lastRunDate})`, lastRunDate: refusal.lastRunDate }],
      );
    }
    const unmet = await definition.precondition?.(jobParams(definition.parameter, normalised));
    if (unmet && !override) throw new ConflictError(unmet.code, `${unmet.message} Send override: { reason } to run it anyway.`, unmet.details);
    const created = await this.createRun(definition, normalised, 'api', requestedBy);
    if ('reason' in created) {
      throw new ConflictError('job_running', `${name} is already running for ${paramsKey(normalised)}`, [
        { path: '/params/name', message: `run ${created.runId} is in progress` },
      ]);
    }
    if (refusal && override) {
      await this.audit?.record({
        actor: requestedBy,
        action: 'run-before-last-run',
        entity: { kind: 'job', id: name },
        orgUnit: HEAD_OFFICE,
        after: { runId: created._id, params: normalised, lastRunDate: refusal.lastRunDate },
        reason: override.reason,
      });
    }
    if (unmet && override) {
      await this.audit?.record({
        actor: requestedBy,
        action: unmet.overriddenAs,
        entity: { kind: 'job', id: name },
        orgUnit: HEAD_OFFICE,
        after: { runId: created._id, params: normalised, ...unmet.facts },
        reason: override.reason,
      });
    }
    await (await this.agendaReady()).now(name, { runId: created._id });
    if (waitMs <= 0) return created;
    const deadline = Date.now() + waitMs;
    let run = created;
    while ((run.status === 'queued' || run.status === 'running') && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, WAIT_POLL_MS));
      run = (await this.runs.find(created._id)) ?? run;
    }
    return run;
  }

  async run(runId: string): Promise<JobRunRecord> {
    const run = await this.runs.find(runId);
    if (!run) throw new NotFoundError(`There is no job run "${runId}"`);
    return run;
  }

  /** One page of runs, newest queued first. */
  runsPage(filter: JobRunFilter, request: PageRequest): Promise<KeysetPage<JobRunRecord>> {
    return this.runs.page(filter, request);
  }

  /** The latest runs, without a cursor (tests and tools). */
  /** Whether a run of one of these jobs is going on in any worker (running, and beating within `staleAfterMs`). */
  async anyRunning(jobs: readonly string[]): Promise<boolean> {
    const now = this.now();
    return (await this.runs.running(jobs)).some((run) => isActive({ status: 'running', aliveAt: run.heartbeatAt }, now, this.staleAfterMs));
  }

  async runsMatching(filter: JobRunFilter & { limit: number }): Promise<JobRunRecord[]> {
    return (await this.runs.page(filter, { limit: filter.limit })).items;
  }

  /** Executes a queued run in this process, once across all workers; exported for tests and the bench. */
  execute(runId: string, agendaJob?: Job<unknown>): Promise<void> {
    const execution = this.executeOnce(runId, agendaJob).finally(() => this.executing.delete(execution));
    this.executing.add(execution);
    return execution;
  }

  private async executeOnce(runId: string, agendaJob?: Job<unknown>): Promise<void> {
    const run = await this.runs.find(runId);
    if (!run) return;
    const definition = this.definitions.get(run.job);
    if (!definition) return;
    if (run.status !== 'queued' || !(await this.runs.claimStart(runId, this.worker, this.now()))) {
      const next = await this.takeOver(definition, run, agendaJob);
      if (next) await this.executeOnce(next._id, agendaJob);
      return;
    }
    let counts: Record<string, number> = {};
    const log = this.logger.child({ job: run.job, runId });
    const heartbeats = new SerialWrites((error: unknown) => log.warn({ err: error }, 'job heartbeat failed'));
    const heartbeat = setInterval(() => {
      heartbeats.push(() => this.runs.heartbeat(runId, this.now(), counts));
      void agendaJob?.touch().catch(() => undefined);
    }, heartbeatEvery(this.staleAfterMs));
    // Both outcomes below are written after the last heartbeat has settled, never beside it (SerialWrites says why).
    const stopHeartbeat = async () => {
      clearInterval(heartbeat);
      await heartbeats.settled();
    };
    const started = performance.now();
    // Which facts the run's rule sets read but its evaluations never got (a rule that cannot fire on the platform's own data).
    const factSupply = new FactSupplyRecorder();
    try {
      log.info({ params: run.params }, 'job started');
      const params = jobParams(definition.parameter, run.params);
      const outcome = await recordingFactSupply(factSupply, () =>
        definition.run({ runId, params, attempt: run.attempt, logger: log, progress: (latest) => (counts = { ...latest }), signal: this.stopping.signal }),
      );
      const unsuppliedFacts = factSupply.report();
      await stopHeartbeat();
      await this.runs.finish(runId, {
        status: 'succeeded',
        counts: outcome.counts,
        phases: outcome.phases ?? {},
        problems: [],
        unsuppliedFacts,
        at: this.now(),
      });
      log.info(
        {
          counts: outcome.counts,
          durationMs: Math.round(performance.now() - started),
          unsuppliedFacts: unsuppliedFacts.filter((entry) => entry.facts.length > 0),
        },
        'job succeeded',
      );
    } catch (error) {
      log.error({ err: error }, 'job failed');
      await stopHeartbeat();
      await this.runs.finish(runId, {
        status: 'failed',
        counts,
        phases: {},
        problems: [{ message: (error as Error).message ?? String(error), at: this.now() }],
        unsuppliedFacts: factSupply.report(),
        at: this.now(),
      });
    }
  }

  /**
   * Agenda handed over a run that another worker started: its lock lapsed, so that worker stopped
   * touching it. Waits (at most `staleAfterMs`) for the run's heartbeat to go stale; a run that
   * beats again or ends meanwhile belongs to a live worker and is left alone. A stale one is
   * abandoned: the next attempt of the same parameters is inserted under its unique run key (of
   * workers taking over at once, one wins), the stale run is marked failed, and the caller runs
   * the new attempt. What the dead worker half-wrote is completed by the job's idempotent writes.
   */
  private async takeOver(definition: JobDefinition, run: JobRunRecord, agendaJob?: Job<unknown>): Promise<JobRunRecord | undefined> {
    let latest = run;
    while (isActive({ status: latest.status, aliveAt: latest.heartbeatAt }, this.now(), this.staleAfterMs)) {
      if (latest.heartbeatAt.getTime() > run.heartbeatAt.getTime()) return undefined;
      const untilStale = latest.heartbeatAt.getTime() + this.staleAfterMs - this.now().getTime();
      await new Promise((resolve) => setTimeout(resolve, Math.min(Math.max(untilStale + 50, 50), heartbeatEvery(this.staleAfterMs))));
      void agendaJob?.touch().catch(() => undefined);
      latest = (await this.runs.find(run._id)) ?? latest;
    }
    if (latest.status !== 'queued' && latest.status !== 'running') return undefined;
    const created = await this.createRun(definition, latest.params, latest.trigger, latest.requestedBy);
    if ('reason' in created) return undefined;
    const silentMs = this.now().getTime() - latest.heartbeatAt.getTime();
    await this.runs.abandon(latest._id, {
      message: `abandoned: no heartbeat from ${latest.worker ?? 'its worker'} for ${silentMs} ms; taken over as attempt ${created.attempt} (${created._id}) by ${this.worker}`,
      at: this.now(),
    });
    this.logger.warn(
      { job: definition.name, runId: latest._id, worker: latest.worker, silentMs, nextRunId: created._id, attempt: created.attempt },
      'job run abandoned by its worker; taken over',
    );
    return created;
  }

  /** A schedule fired: create this period's run unless it is done or running elsewhere, then run it. */
  async runScheduled(name: string, agendaJob?: Job<unknown>): Promise<string | undefined> {
    const definition = this.definitions.get(name);
    if (!definition) return undefined;
    const params = definition.scheduledParams(this.now());
    // A schedule never overrides the run order: an earlier day than the last run waits for a person to decide.
    const refusal = await this.runOrderRefusal(definition, params);
    if (refusal) {
      this.logger.warn({ job: name, ...refusal }, 'scheduled run skipped: it is dated before the last successful run');
      return undefined;
    }
    const unmet = await definition.precondition?.(jobParams(definition.parameter, params));
    const created = await this.createRun(definition, params, 'schedule', 'schedule');
    if ('reason' in created) {
      this.logger.info({ job: name, reason: created.reason }, 'scheduled run skipped');
      return undefined;
    }
    if (unmet) {
      await this.skip(created, unmet);
      return undefined;
    }
    await this.execute(created._id, agendaJob);
    return created._id;
  }

  /** A schedule never overrides a precondition either: the run is kept as skipped, with why, for a person to decide. */
  private async skip(run: JobRunRecord, refusal: JobRefusal): Promise<void> {
    await this.runs.skip(run._id, { message: `${refusal.code}: ${refusal.message}`, at: this.now() });
    this.logger.warn({ job: run.job, params: run.params, code: refusal.code }, 'scheduled run skipped: its precondition refused it');
  }

  private async createRun(
    definition: JobDefinition,
    params: Record<string, string>,
    trigger: RunTrigger,
    requestedBy: string,
  ): Promise<JobRunRecord | { reason: string; runId?: string }> {
    const key = paramsKey(params);
    for (let tries = 0; tries < 3; tries++) {
      const latest = await this.runs.latest(definition.name, key);
      const decision = nextAttempt(latest, trigger, this.now(), this.staleAfterMs);
      if (!decision.start) return { reason: decision.reason, runId: latest?.runId };
      const at = this.now();
      const record: JobRunRecord = {
        _id: randomUUID(),
        job: definition.name,
        params,
        paramsKey: key,
        attempt: decision.attempt,
        runKey: `${definition.name}|${key}|${decision.attempt}`,
        trigger,
        requestedBy,
        status: 'queued',
        queuedAt: at,
        startedAt: null,
        finishedAt: null,
        heartbeatAt: at,
        worker: null,
        counts: {},
        phases: {},
        problems: [],
        unsuppliedFacts: [],
      };
      if (await this.runs.insert(record)) return record;
    }
    return { reason: 'in-progress' };
  }

  private async runOrderRefusal(definition: JobDefinition, params: Record<string, string>): Promise<RunOrderRefusal | undefined> {
    if (definition.parameter === 'none') return undefined;
    return runOrderRefusal(definition.parameter, params, await this.runs.lastSucceededDate(definition.name, definition.parameter));
  }

  private normalise(definition: JobDefinition, params: Record<string, string | undefined>): Record<string, string> {
    const given = Object.entries(params).filter(([, value]) => value !== undefined);
    const unexpected = given.filter(([name]) => name !== definition.parameter);
    if (unexpected.length > 0) {
      throw new ValidationError(
        'The body is invalid',
        unexpected.map(([name]) => ({
          path: `/body/${name}`,
          message: definition.parameter === 'none' ? `${definition.name} takes no parameters` : `${definition.name} takes only ${definition.parameter}`,
        })),
      );
    }
    return { ...defaultParams(definition.parameter, this.now()), ...Object.fromEntries(given) } as Record<string, string>;
  }

  private async agendaReady(): Promise<Agenda> {
    if (!this.agenda) {
      this.backend = agendaBackend(this.connection.db!);
      this.agenda = new Agenda({
        backend: this.backend,
        name: this.worker,
        processEvery: this.settings.processEveryMs,
        // Touched with every heartbeat; lapses when a run goes stale, so a dead worker's job is handed over then, not before.
        defaultLockLifetime: this.staleAfterMs,
        defaultConcurrency: 1,
        maxConcurrency: 4,
      });
      this.agenda.on('error', (error) => this.logger.error({ err: error }, 'agenda error'));
      for (const name of this.definitions.keys()) {
        this.agenda.define(
          name,
          async (agendaJob: Job<AgendaJobData>) => {
            const runId = agendaJob.attrs.data?.runId;
            if (runId) await this.execute(runId, agendaJob as Job<unknown>);
            else await this.runScheduled(name, agendaJob as Job<unknown>);
          },
          { removeOnComplete: true },
        );
      }
    }
    await this.agenda.ready;
    return this.agenda;
  }
}

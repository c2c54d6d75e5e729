import type { PlatformEvent, PlatformEventSink } from '../../server/events/platform-events';
import type { TestApp } from './test-app';

export interface JobRunView {
  runId: string;
  status: string;
  counts: Record<string, number>;
  errors: { message: string }[];
}

/** Starts a job through the API and waits for it to end; fails the test unless it succeeded. */
export async function runJob(app: TestApp, name: string, params: Record<string, string>): Promise<JobRunView> {
  const response = await app.request<JobRunView>('POST', `/api/v1/jobs/${name}/run`, { body: { ...params, waitSeconds: 120 } });
  if (response.status !== 200 || response.body.status !== 'succeeded')
    throw new Error(`${name} ${JSON.stringify(params)} did not succeed: ${response.status} ${response.text}`);
  return response.body;
}

/** A sink that keeps what it is given, as the webhook module's would deliver it. */
export class RecordingSink implements PlatformEventSink {
  readonly events: PlatformEvent[] = [];

  publish(event: PlatformEvent): Promise<void> {
    this.events.push(event);
    return Promise.resolve();
  }

  ofType(type: string): PlatformEvent[] {
    return this.events.filter((event) => event.type === type);
  }
}

export interface AlertView {
  alertId: string;
  obligorId: string | null;
  signal: string;
  level: string;
  status: string;
  orgUnit: string;
  revision: number;
  notify: string[];
  segment: Record<string, string> | null;
}

export interface TaskView {
  taskId: string;
  alertId: string;
  obligorId: string | null;
  action: string;
  share: number | null;
  dueOn: string | null;
  createdOn: string;
  ownerRole: string;
  orgUnit: string;
  status: string;
  overdue: boolean;
  escalationStep: number;
  revision: number;
}

export async function alertsOf(app: TestApp, query = ''): Promise<AlertView[]> {
  const response = await app.request<{ items: AlertView[] }>('GET', `/api/v1/alerts?limit=500${query}`);
  if (response.status !== 200) throw new Error(response.text);
  return response.body.items;
}

export async function tasksOf(app: TestApp, query = ''): Promise<TaskView[]> {
  const response = await app.request<{ items: TaskView[] }>('GET', `/api/v1/tasks?limit=500${query}`);
  if (response.status !== 200) throw new Error(response.text);
  return response.body.items;
}

/** The open alert of an obligor and signal, as `level` (or undefined when none is open). */
export function openLevel(alerts: readonly AlertView[], obligorId: string, signal = 'dpd'): string | undefined {
  return alerts.find((alert) => alert.obligorId === obligorId && alert.signal === signal && alert.status === 'open')?.level;
}

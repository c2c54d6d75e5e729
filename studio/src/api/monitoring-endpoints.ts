import { api } from './client';
// Shapes from schemas/monitoring, schemas/claims, schemas/jobs and schemas/decisions (through the
// generated types), imported type-only so nothing from the server is bundled.
import type {
  Alert,
  AlertDetail,
  AlertList,
  AlertQuery,
  ChangeEntry,
  ClaimCase,
  ClaimCaseDetail,
  ClaimCaseList,
  ClaimCaseQuery,
  Decision,
  JobList,
  JobListQuery,
  JobRun,
  JobRunRequest,
  ObligorMonitoring,
  ObligorMonitoringQuery,
  Task,
  TaskDetail,
  TaskEvidence,
  TaskList,
  TaskQuery,
} from '../../../server/generated/schema-types';

export type {
  Alert,
  AlertDetail,
  AlertQuery,
  ChangeEntry,
  ClaimCase,
  ClaimCaseDetail,
  ClaimCaseQuery,
  Decision,
  JobList,
  JobListQuery,
  JobRun,
  JobRunRequest,
  ObligorMonitoring,
  Task,
  TaskDetail,
  TaskEvidence,
  TaskQuery,
};

/** A query string from the filters that are set (empty strings and undefined are left out). */
export function queryString(filters: object): string {
  const query = new URLSearchParams();
  for (const [name, value] of Object.entries(filters)) {
    if (value !== undefined && value !== null && value !== '') query.set(name, String(value));
  }
  const text = query.toString();
  return text ? `?${text}` : '';
}

const alert = (id: string) => `/alerts/${encodeURIComponent(id)}`;
const task = (id: string) => `/tasks/${encodeURIComponent(id)}`;

/** The work-queue, claim, obligor, decision and job calls the studio makes, one per endpoint; list reads take the signal that cancels them. */
export const monitoringEndpoints = {
  alerts: (query: AlertQuery, signal?: AbortSignal) => api<AlertList>('GET', `/alerts${queryString(query)}`, undefined, signal),
  alert: (id: string) => api<AlertDetail>('GET', alert(id)),
  assignAlert: (id: string, revision: number, assignee: string | null) => api<AlertDetail>('POST', `${alert(id)}/assign`, { revision, assignee }),
  acknowledgeAlert: (id: string, revision: number) => api<AlertDetail>('POST', `${alert(id)}/acknowledge`, { revision }),
  commentAlert: (id: string, revision: number, text: string) => api<AlertDetail>('POST', `${alert(id)}/comments`, { revision, text }),

  tasks: (query: TaskQuery, signal?: AbortSignal) => api<TaskList>('GET', `/tasks${queryString(query)}`, undefined, signal),
  task: (id: string) => api<TaskDetail>('GET', task(id)),
  assignTask: (id: string, revision: number, assignee: string | null) => api<TaskDetail>('POST', `${task(id)}/assign`, { revision, assignee }),
  acknowledgeTask: (id: string, revision: number) => api<TaskDetail>('POST', `${task(id)}/acknowledge`, { revision }),
  commentTask: (id: string, revision: number, text: string) => api<TaskDetail>('POST', `${task(id)}/comments`, { revision, text }),
  completeTask: (id: string, revision: number, evidence: TaskEvidence) => api<TaskDetail>('POST', `${task(id)}/complete`, { revision, evidence }),

  claims: (query: ClaimCaseQuery, signal?: AbortSignal) => api<ClaimCaseList>('GET', `/claims${queryString(query)}`, undefined, signal),
  claim: (id: string) => api<ClaimCaseDetail>('GET', `/claims/${encodeURIComponent(id)}`),

  obligor: (obligorId: string, query: ObligorMonitoringQuery, signal?: AbortSignal) =>
    api<ObligorMonitoring>('GET', `/obligors/${encodeURIComponent(obligorId)}/monitoring${queryString(query)}`, undefined, signal),
  decision: (id: string) => api<Decision>('GET', `/decisions/${encodeURIComponent(id)}`),

  jobs: (query: JobListQuery, signal?: AbortSignal) => api<JobList>('GET', `/jobs${queryString(query)}`, undefined, signal),
  jobRun: (runId: string) => api<JobRun>('GET', `/jobs/runs/${encodeURIComponent(runId)}`),
  runJob: (name: string, body: JobRunRequest) => api<JobRun>('POST', `/jobs/${encodeURIComponent(name)}/run`, body),
};

import type { TestApp } from '../../support/test-app';

export interface RemediationView {
  remediationId: string;
  findingId: string;
  status: string;
  overdue: boolean;
  remediatedBy: string | null;
  reviewedBy: string | null;
}
export interface InspectionView {
  inspectionId: string;
  orgUnit: string;
  inspectingUnit: string;
  kind: string;
  taskId: string;
  revision: number;
  findings: { findingId: string; severity: string }[];
  remediations: RemediationView[];
}
export interface PlanView {
  planId: string;
  status: string;
  revision: number;
  approved: { version: number; approvedBy: string } | null;
}

/** A call that must succeed: fails the test with the answer's text otherwise. */
export async function ok<T>(app: TestApp, method: string, path: string, body: unknown, as?: string): Promise<T> {
  const response = await app.request<T>(method, `/api/v1${path}`, { body, ...(as ? { as } : {}) });
  if (response.status >= 300) throw new Error(`${method} ${path}: ${response.status} ${response.text}`);
  return response.body;
}

/** An approved inspection plan: drafted by `maker`, approved by `checker`. */
export async function approvedPlan(
  app: TestApp,
  maker: string,
  checker: string,
  plan: { kind: 'hq-on-branch' | 'self-inspection'; orgUnit: string; units: string[] },
): Promise<PlanView> {
  const drafted = await ok<{ plan: PlanView }>(
    app,
    'POST',
    '/control/plans',
    { ...plan, period: '2026', title: `${plan.kind} 2026`, areas: ['collection', 'complaints'] },
    maker,
  );
  return (await ok<{ plan: PlanView }>(app, 'POST', `/control/plans/${drafted.plan.planId}/approve`, { revision: drafted.plan.revision }, checker)).plan;
}

export async function startInspection(app: TestApp, as: string, planId: string, orgUnit: string, dueOn = '2026-06-30'): Promise<InspectionView> {
  return (
    await ok<{ inspection: InspectionView }>(
      app,
      'POST',
      '/control/inspections',
      { planId, orgUnit, areas: ['collection'], title: `inspection of ${orgUnit}`, dueOn },
      as,
    )
  ).inspection;
}

/** A finding and one remediation item due on `dueOn`, recorded by `as` (the inspecting side). */
export async function findingWithRemediation(app: TestApp, as: string, inspection: InspectionView, dueOn: string): Promise<InspectionView> {
  const found = await ok<{ inspection: InspectionView }>(
    app,
    'POST',
    `/control/inspections/${inspection.inspectionId}/findings`,
    {
      revision: inspection.revision,
      severity: 'high',
      area: 'collection',
      description: 'contact outside permitted hours',
      records: [{ kind: 'collection-case', id: 'CC-1' }],
    },
    as,
  );
  const findingId = found.inspection.findings.at(-1)!.findingId;
  return (
    await ok<{ inspection: InspectionView }>(
      app,
      'POST',
      `/control/inspections/${inspection.inspectionId}/remediations`,
      { revision: found.inspection.revision, findingId, action: 'retrain the team', owner: 'collection team lead', dueOn },
      as,
    )
  ).inspection;
}

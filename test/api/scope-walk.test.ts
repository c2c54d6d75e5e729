import { randomUUID } from 'node:crypto';
import { NotificationStore } from '../../server/webhooks/notification.store';
import { creditCodeCheckCharacter } from '../../server/vendors/credit-code';
import { alertsOf, runJob, tasksOf } from '../support/monitoring-helpers';
import { waitUntil } from '../support/polling';
import { monitoringPortfolio } from '../support/monitoring-portfolio';
import { startTestApp, type TestApp } from '../support/test-app';
import { COMPLAINT_BODIES, complaintFixtures } from './complaints/complaint-walk';
import { CONTROL_BODIES, controlFixtures } from './control/control-walk';
import { STRESS_BODIES, stressFixtures } from './stress/stress-walk';
import { PARTNER_BODIES, partnerFixtures } from './partners/partner-walk';
import { UNDERWRITING_BODIES, underwritingFixtures } from './underwriting/underwriting-walk';
import { standardContent } from './rulesets/helpers';

/**
 * Scope as a property of every route. The test walks the OpenAPI document and, for every route
 * with a path parameter, asks as a Shanghai user holding every staff role for a real object of
 * another branch (Beijing) and of HQ (internet business, which is HQ's whatever branch booked it),
 * and expects 404 or 403. Each id-route needs a fixture below; a new route without one fails the
 * test unless it is listed in NOT_ORG_SCOPED with the reason its ids carry no org unit.
 */
type Case = { label: string; params: Record<string, string> };

/** Routes whose path parameters name nothing that belongs to an org unit, and why. */
const NOT_ORG_SCOPED: Record<string, string> = {
  // Backtests run as a job over the book (no fixture here): 404 to a branch for another unit's, test/api/backtest/backtest.test.ts.
  '/backtests/:backtestId': 'backtests are read by their unit and above; another unit gets 404 (test/api/backtest/backtest.test.ts)',
  '/backtests/:backtestId/cancel': 'cancelled by their unit and above, as they are read; another unit gets 404 (backtest.service.ts visible)',
  // Rule-set keys: every unit evaluates and reads HQ's rule sets (they apply to all), and writes by a branch are
  // refused by ownership (403) in test/api/rulesets and test/api/authority; no branch-owned rule set exists in this walk.
  '/rulesets/:key': "rule-set keys (HQ's rule sets apply to every unit)",
  // The recovery look-back is the company's, per quarter: every route is HQ's (a branch gets 403, recovery-lookback.test.ts).
  '/recovery/lookbacks/:quarter': 'quarters: the look-back covers the whole company and only HQ reads it',
  '/recovery/lookbacks/:quarter/print': 'quarters (HQ only)',
  '/recovery/lookbacks/:quarter/approve': 'quarters (HQ only)',
  '/rulesets/:key/diff': 'rule-set keys',
  // The indicator catalogue is HQ's and read by every unit; its writes are HQ's alone (indicator-catalogue.test.ts).
  '/indicators/:indicatorId': 'indicator names: the catalogue is HQ’s, read by every unit',
  '/indicators/versions/:version/approve': 'catalogue versions (HQ only)',
  '/rulesets/:key/effective': 'rule-set keys; the unit is the orgUnit query, refused with 403 outside scope (delegated-authority.test.ts)',
  '/rulesets/:key/evaluate': 'rule-set keys; the unit is in the body (403 outside scope)',
  '/rulesets/:key/evaluate/batch': 'rule-set keys; units are in the body',
  '/rulesets/:key/rollback': 'rule-set keys',
  '/rulesets/:key/versions': 'rule-set keys',
  '/rulesets/:key/versions/:version': 'rule-set keys and versions',
  '/rulesets/:key/versions/:version/comments': 'rule-set keys and versions',
  '/rulesets/:key/versions/:version/impact': "rule-set keys; the book is the caller's share (portfolio-scope.test.ts)",
  '/rulesets/:key/versions/:version/try': "rule-set keys and versions; facts are the caller's",
  '/rulesets/:key/versions/:version/test': 'rule-set keys and versions',
  '/rulesets/:key/versions/:version/submit': 'rule-set keys and versions',
  '/rulesets/:key/versions/:version/approve': 'rule-set keys and versions',
  '/rulesets/:key/versions/:version/reject': 'rule-set keys and versions',
  '/rulesets/:key/versions/:version/publish': 'rule-set keys and versions',
  // The agency register is HQ's (Arts 12, 21) and every unit reads it (branches place work with admitted agencies);
  // its writes are HQ's alone: the fixtures below show a branch gets 403 on each.
  '/vendors/:agencyId': 'agencies are HQ’s register, read by every unit (writes: fixtures below)',
  // Scorecards and elimination proposals are HQ's assessment of its register, read by every unit; their writes are
  // HQ's (cooperation: fixture below; run and proposal decisions: 403 to a branch, test/api/vendors/scorecards.test.ts).
  '/vendors/:agencyId/scorecards': 'agencies are HQ’s register, read by every unit',
  '/vendors/:agencyId/scorecards/:month': 'agencies are HQ’s register, read by every unit',
  '/vendors/eliminations/:proposalId': 'proposals on HQ’s register, read by every unit',
  '/vendors/eliminations/:proposalId/approve': 'HQ’s decision (approver at HQ: out_of_scope to a branch)',
  '/vendors/eliminations/:proposalId/reject': 'HQ’s decision (approver at HQ: out_of_scope to a branch)',
  '/vendors/:agencyId/training': 'agencies are HQ’s register, read by every unit; a branch’s record is 403 (test/api/vendors/training.test.ts)',
  // Agreement templates are HQ's and read by every unit (revisions: fixture below, 403 to a branch).
  '/agreement-templates/:templateId': 'HQ’s agreement templates, read by every unit',
  // An agency's agreements are read by every unit (placing work needs them); signing names its unit in the body,
  // refused with 403 outside the signer's scope (test/api/vendors/placements.test.ts).
  '/vendors/:agencyId/agreements': 'the agency is HQ’s register’s; the signing unit is in the body (403 outside scope)',
  '/vendors/:agencyId/exit': 'the exit of an agency of HQ’s register, read by every unit (the attestation: fixture below, 403)',
  // Credit-bureau items are derived from claims by a job (no fixture here): 404 to another unit, writes HQ's (test/api/bureau/bureau.test.ts).
  '/bureau/items/:itemId': 'scoped by the loan’s unit: 404 to another unit (test/api/bureau/bureau.test.ts)',
  '/bureau/items/:itemId/notice': 'HQ runs the reporting: out_of_scope below HQ',
  '/bureau/items/:itemId/corrections': 'HQ runs the reporting: out_of_scope below HQ',
  '/bureau/batches/:batchId': 'batches are HQ’s: out_of_scope below HQ',
  '/bureau/batches/:batchId/file': 'batches are HQ’s: out_of_scope below HQ',
  '/bureau/batches/:batchId/acknowledgements': 'batches are HQ’s: out_of_scope below HQ',
};

/** A valid body for each write, so the walk reaches the scope check rather than a 400. */
const BODIES: Record<string, unknown> = {
  'post /challenger-tests/:testId/start': { revision: 1 },
  'post /challenger-tests/:testId/end': { revision: 1, winner: 'champion', reason: 'walk' },
  'post /alerts/:alertId/assign': { revision: 1, assignee: null },
  'post /alerts/:alertId/acknowledge': { revision: 1 },
  'post /alerts/:alertId/comments': { revision: 1, text: 'looking' },
  'post /tasks/:taskId/assign': { revision: 1, assignee: null },
  'post /tasks/:taskId/acknowledge': { revision: 1 },
  'post /tasks/:taskId/comments': { revision: 1, text: 'looking' },
  'post /tasks/:taskId/complete': { revision: 1, evidence: { note: 'done' } },
  'post /decisions/:id/replay': {},
  'post /collection/findings/:findingId/confirm': { revision: 1 },
  'post /collection/findings/:findingId/dismiss': { revision: 1, reason: 'not a breach' },
  'post /collection/findings/:findingId/remediate': { revision: 1, evidence: { note: 'put right' } },
  'put /collection/cases/:caseId/delinquency-details': { revision: 1, reportedOn: '2025-08-20', source: 'funder', note: 'stopped paying' },
  'put /collection/cases/:caseId/collection-plan': { revision: 1, measures: ['installment plan'], from: '2025-08-21', to: '2025-09-30' },
  'put /collection/cases/:caseId/malice-assessment': { revision: 1, assessment: 'unclear', reasons: ['not reached yet'], evidence: [] },
  'post /collection/cases/:caseId/reassign': { revision: 1, handler: 'central-team', reason: 'escalated' },
  'put /recovery/cases/:caseId/amounts-due': { revision: 1, penalty: 1, costs: 1, reason: 'set' },
  'put /recovery/cases/:caseId/handling': { revision: 1, handler: 'litigation', note: 'filed' },
  'post /recovery/cases/:caseId/recoveries': { revision: 1, receivedOn: '2025-09-01', amounts: { indemnity: 1 } },
  'post /recovery/cases/:caseId/write-offs': { revision: 1, amounts: { indemnity: 1 }, reason: 'uncollectable' },
  'post /recovery/cases/:caseId/write-offs/:writeOffId/approve': { revision: 1 },
  'post /recovery/cases/:caseId/write-offs/:writeOffId/reject': { revision: 1 },
  'post /claims/cases/:caseId/early-payment': { reason: 'walk' },
  'post /claims/cases/:caseId/early-payment/approve': { revision: 1 },
  'post /claims/cases/:caseId/report': { revision: 1, channel: 'paper', receivedOn: '2025-08-20' },
  'post /claims/cases/:caseId/reconcile': { revision: 1, field: 'interest', accepted: 1, note: 'walk' },
  'post /claims/cases/:caseId/register': { revision: 1, complexity: 'simple', estimatedLoss: 1 },
  'post /claims/cases/:caseId/reject': { revision: 1, reasons: ['walk'] },
  'post /claims/cases/:caseId/adjust': { revision: 1 },
  'post /claims/cases/:caseId/approve': { revision: 1 },
  'post /claims/cases/:caseId/pay': { revision: 1, paidOn: '2025-08-20', amount: 1, reference: 'walk' },
  'post /claims/cases/:caseId/subrogate': { revision: 1, basis: 'statutory', extent: 'full', confirmationRef: 'walk' },
  'post /claims/cases/:caseId/archive': { revision: 1 },
  'post /claims/cases/:caseId/withdraw': { revision: 1 },
  'post /claims/cases/:caseId/documents': { revision: 1, documents: [{ kind: 'other', reference: 'walk' }] },
  'post /jobs/:name/run': { asOf: '2025-08-21' },
  'patch /org-units/:id': { version: 1, name: 'renamed' },
  'patch /users/:username': { version: 1, displayName: 'renamed' },
  'patch /webhooks/subscriptions/:subscriptionId': { version: 1, description: 'renamed' },
  'post /webhooks/subscriptions/:subscriptionId/rotate-secret': { version: 1 },
  'post /webhooks/deliveries/:deliveryId/replay': {},
  'post /webhooks/notifications/:notificationId/read': {},
  'put /collection/obligors/:obligorId/contact-profile': { doNotContact: true },
  'put /collection/activities/:activityId/recording': { recording: { reference: 'rec://walk', retainUntil: '2030-01-01' } },
  'post /collection/qa/:activityId/take': { revision: 1 },
  'post /collection/qa/:activityId/review': { revision: 1, result: 'clean', evidence: { note: 'listened' } },
  'post /authority/grants/:orgUnit/:ruleSetKey/versions': {
    basedOnVersion: 1,
    grant: { inheritToSubBranches: false, parameters: { orangeDpd: { min: 20, max: 40 } } },
  },
  'put /authority/grants/:orgUnit/:ruleSetKey/versions/:version': {
    revision: 1,
    grant: { inheritToSubBranches: false, parameters: { orangeDpd: { min: 20, max: 40 } } },
  },
  'post /authority/overlays/:orgUnit/:ruleSetKey/versions': { basedOnVersion: 1, values: { orangeDpd: 30 } },
  'put /authority/overlays/:orgUnit/:ruleSetKey/versions/:version': { revision: 1, values: { orangeDpd: 30 } },
  'post /vendors/:agencyId/checks': {
    revision: 1,
    subject: 'agency',
    kind: 'blacklist',
    result: 'clear',
    checkedOn: '2025-08-01',
    source: '信用中国',
    evidenceRef: 'EV-1',
  },
  'post /vendors/:agencyId/admission/request': { revision: 1 },
  'post /vendors/:agencyId/admission/approve': { revision: 1 },
  'post /vendors/:agencyId/admission/reject': { revision: 1 },
  'post /vendors/:agencyId/suspend': { revision: 1, reason: 'walk' },
  'post /vendors/:agencyId/rectification/close': { revision: 1, decision: 'reinstate', evidence: { note: 'walk', references: ['R-1'] } },
  'post /vendors/:agencyId/terminate': { revision: 1, reason: 'walk' },
  'put /vendors/:agencyId/scorecards/:month/cooperation': { averageResponseHours: 12, dataCompleteness: 0.9, rating: 80 },
  'post /agreement-templates/:templateId/versions': {
    revision: 1,
    content: { complianceDuties: ['d'], rightsAndObligations: ['r'], confidentiality: 'c', subDelegation: 'forbidden' },
  },
  'post /agreements/:agreementId/consent': { revision: 1 },
  'post /agreements/:agreementId/refuse': { revision: 1 },
  'post /placements/:placementId/recall': { reason: 'walk' },
  'post /vendors/:agencyId/exit/attestation': { purged: ['p'], evidence: ['e'], attestedBy: 'walk', purgedOn: '2025-08-01' },
  ...COMPLAINT_BODIES,
  ...CONTROL_BODIES,
  ...STRESS_BODIES,
  ...PARTNER_BODIES,
  ...UNDERWRITING_BODIES,
};

let app: TestApp;
let branchUser: string;
let hqOwner: string;
let hqApprover: string;
/** Path template (or its prefix) → the objects of other units its parameters can name. */
const fixtures: Record<string, Case[]> = {};

beforeAll(async () => {
  app = await startTestApp({ JOBS_PROCESS_EVERY_MS: '100', WEBHOOK_DISPATCH_INTERVAL_MS: '0' });
  await app.platform.startJobs();
  for (const id of ['BR-SH', 'BR-BJ']) expect((await app.request('POST', '/api/v1/org-units', { body: { id, name: id, parent: 'HQ' } })).status).toBe(201);
  expect((await app.request('POST', '/api/v1/portfolio/import', { body: monitoringPortfolio() })).status).toBe(200);
  branchUser = await app.createUserAndLogin('sh-everything', ['admin', 'policy-owner', 'approver', 'branch-operator', 'auditor'], 'BR-SH');
  hqOwner = await app.createUserAndLogin('hq-owner', ['policy-owner'], 'HQ');
  hqApprover = await app.createUserAndLogin('hq-approver', ['approver'], 'HQ');
  await app.createUserAndLogin('bj-operator', ['branch-operator'], 'BR-BJ');

  // Webhook subscriptions of Beijing and HQ, so monitoring leaves deliveries in both.
  const subscriptions: Record<string, string> = {};
  for (const orgUnit of ['BR-BJ', 'HQ']) {
    const created = await app.request<{ subscription: { subscriptionId: string } }>('POST', '/api/v1/webhooks/subscriptions', {
      body: { orgUnit, url: 'http://127.0.0.1:9/hook', eventTypes: ['alert.raised', 'claim.opened'] },
    });
    expect(created.status).toBe(201);
    subscriptions[orgUnit] = created.body.subscription.subscriptionId;
  }
  let run = { runId: '' };
  for (const asOf of ['2025-08-10', '2025-08-20']) {
    run = await runJob(app, 'obligor-monitoring', { asOf });
    await runJob(app, 'claim-triggers', { asOf });
  }
  // On 08-10 Beijing's OB-F and internet OB-C (HQ's) are overdue.
  await runJob(app, 'collection-cases', { asOf: '2025-08-10' });

  const alerts = await alertsOf(app);
  const tasks = await tasksOf(app);
  const claims = (await app.request<{ items: { caseId: string; orgUnit: string; obligorId: string }[] }>('GET', '/api/v1/claims')).body.items;
  const of = <T extends { orgUnit: string }>(items: T[], orgUnit: string, what: string): T => {
    const found = items.find((item) => item.orgUnit === orgUnit);
    if (!found) throw new Error(`no ${what} of ${orgUnit} to walk with`);
    return found;
  };
  // OB-C is internet business booked by Beijing: its alerts, tasks and claim case are HQ's.
  const internetAlert = alerts.find((alert) => alert.obligorId === 'OB-C' && alert.orgUnit === 'HQ')!;
  fixtures['/alerts/:alertId'] = [
    { label: 'a Beijing alert', params: { alertId: of(alerts, 'BR-BJ', 'alert').alertId } },
    { label: 'an internet-business alert (HQ)', params: { alertId: internetAlert.alertId } },
  ];
  fixtures['/tasks/:taskId'] = [
    { label: 'a Beijing task', params: { taskId: of(tasks, 'BR-BJ', 'task').taskId } },
    { label: 'an HQ task', params: { taskId: of(tasks, 'HQ', 'task').taskId } },
  ];
  fixtures['/claims/:caseId'] = [
    { label: 'a Beijing claim case', params: { caseId: of(claims, 'BR-BJ', 'claim case').caseId } },
    { label: 'an internet-business claim case (HQ)', params: { caseId: of(claims, 'HQ', 'claim case').caseId } },
  ];
  const policy = (policyId: string, orgUnit: string) => ({
    policyId,
    orgUnit,
    insuranceType: 'guarantee',
    insuredId: 'FUNDER-WALK',
    claimPointDays: 80,
    coversInterest: true,
    coversPenaltyInterest: false,
    complaintHotline: '95500',
    claimReportHotline: '95500',
    creditReportingAuthorised: true,
  });
  const policies = await app.request('POST', '/api/v1/portfolio/import', { body: { policies: [policy('POL-WALK-BJ', 'BR-BJ'), policy('POL-WALK-HQ', 'HQ')] } });
  expect(policies.status).toBe(200);
  fixtures['/policies/:policyId'] = [
    { label: 'a Beijing policy', params: { policyId: 'POL-WALK-BJ' } },
    { label: 'an HQ policy', params: { policyId: 'POL-WALK-HQ' } },
  ];
  // The claim workflow's steps name the same cases.
  fixtures['/claims/cases/:caseId'] = fixtures['/claims/:caseId'];
  // And their deadlines (claim.handling).
  fixtures['/claim-deadlines/:caseId'] = fixtures['/claims/:caseId'];
  const collectionCases = (await app.request<{ items: { caseId: string; orgUnit: string }[] }>('GET', '/api/v1/collection/cases')).body.items;
  // Claims paid on Beijing's L-F and on internet L-C (HQ's) become recovery cases.
  const paid = [
    { claimId: 'C-WALK-F', loanId: 'L-F', status: 'paid', approvedAt: '2025-08-01', paidAt: '2025-08-05', amount: 100 },
    { claimId: 'C-WALK-C', loanId: 'L-C', status: 'paid', approvedAt: '2025-08-01', paidAt: '2025-08-05', amount: 100 },
  ];
  expect((await app.request('POST', '/api/v1/portfolio/import', { body: { claims: paid } })).status).toBe(200);
  await runJob(app, 'recovery-cases', { asOf: '2025-08-10' });
  const recoveryCases = (await app.request<{ items: { caseId: string; orgUnit: string }[] }>('GET', '/api/v1/recovery/cases')).body.items;
  fixtures['/recovery/cases/:caseId'] = [
    { label: 'a Beijing recovery case', params: { caseId: of(recoveryCases, 'BR-BJ', 'recovery case').caseId, writeOffId: 'any' } },
    { label: 'an internet-business recovery case (HQ)', params: { caseId: of(recoveryCases, 'HQ', 'recovery case').caseId, writeOffId: 'any' } },
  ];
  fixtures['/collection/cases/:caseId'] = [
    { label: 'a Beijing collection case', params: { caseId: of(collectionCases, 'BR-BJ', 'collection case').caseId } },
    { label: 'an internet-business collection case (HQ)', params: { caseId: of(collectionCases, 'HQ', 'collection case').caseId } },
  ];
  const obligors = [
    { label: 'a Beijing obligor', params: { obligorId: 'OB-D' } },
    { label: 'an internet-business obligor booked by Beijing (HQ)', params: { obligorId: 'OB-C' } },
  ];
  fixtures['/obligors/:obligorId'] = obligors;
  fixtures['/metrics/obligors/:obligorId'] = obligors;
  fixtures['/collection/obligors/:obligorId'] = obligors;
  // One collection activity of each obligor, recorded at HQ.
  const activities = ['OB-D', 'OB-C'].map((obligorId) => ({
    activityId: `ACT-${obligorId}`,
    obligorId,
    at: '2025-08-20T10:00:00+08:00',
    channel: 'call',
    actor: { type: 'internal' },
    target: { type: 'obligor' },
    outcome: 'answered',
    // Tagged: always sampled into the QA queue (Art. 13), so the queue has a sample of each.
    contentTags: ['harassment'],
  }));
  const recorded = await app.request<{ recordedCount: number }>('POST', '/api/v1/collection/activities', { body: { activities } });
  expect(recorded.body.recordedCount).toBe(2);
  fixtures['/collection/activities/:activityId'] = [
    { label: 'an activity with a Beijing obligor', params: { activityId: 'ACT-OB-D' } },
    { label: 'an activity with an internet-business obligor (HQ)', params: { activityId: 'ACT-OB-C' } },
  ];
  await runJob(app, 'collection-qa-sampling', {});
  fixtures['/collection/qa/:activityId'] = [
    { label: 'a QA sample of a Beijing obligor', params: { activityId: 'ACT-OB-D' } },
    { label: 'a QA sample of an internet-business obligor (HQ)', params: { activityId: 'ACT-OB-C' } },
  ];

  const decisionFor = async (facts: Record<string, unknown>) => {
    const evaluated = await app.request<{ decisionId: string }>('POST', '/api/v1/rulesets/warning.obligor/evaluate', { body: { facts, orgUnit: 'BR-BJ' } });
    expect(evaluated.status).toBe(200);
    return evaluated.body.decisionId;
  };
  const facts = {
    dpd: 31,
    customerTier: 'near-prime',
    channel: 'bank-branch',
    product: 'consumer',
    monthsOnBook: 12,
    overdueAmount: 3000,
    scoreDrop: 0,
    grade: 'B',
  };
  fixtures['/decisions/:id'] = [
    { label: 'a decision for Beijing', params: { id: await decisionFor(facts) } },
    { label: 'an internet-business decision (HQ)', params: { id: await decisionFor({ ...facts, channel: 'online-app' }) } },
  ];

  fixtures['/users/:username'] = [
    { label: 'a Beijing user', params: { username: 'bj-operator' } },
    { label: 'an HQ user', params: { username: 'hq-owner' } },
  ];
  const keys: Case[] = [];
  for (const orgUnit of ['BR-BJ', 'HQ']) {
    const created = await app.request<{ apiKey: { keyId: string } }>('POST', '/api/v1/api-keys', {
      body: { name: `key of ${orgUnit}`, orgUnit, roles: ['integration'] },
    });
    expect(created.status).toBe(201);
    keys.push({ label: `an API key of ${orgUnit}`, params: { keyId: created.body.apiKey.keyId } });
  }
  fixtures['/api-keys/:keyId'] = keys;
  fixtures['/org-units/:id'] = [
    { label: 'the Beijing unit', params: { id: 'BR-BJ' } },
    { label: 'HQ', params: { id: 'HQ' } },
  ];

  // A grant of Beijing through maker-checker, then an overlay draft of Beijing within it.
  const grants = '/api/v1/authority/grants/BR-BJ/warning.obligor/versions';
  expect(
    (
      await app.request('POST', grants, {
        as: hqOwner,
        body: { basedOnVersion: 0, grant: { inheritToSubBranches: false, parameters: { orangeDpd: { min: 20, max: 40 } } } },
      })
    ).status,
  ).toBe(201);
  expect((await app.request('POST', `${grants}/1/submit`, { as: hqOwner, body: {} })).status).toBe(200);
  expect((await app.request('POST', `${grants}/1/approve`, { as: hqApprover, body: {} })).status).toBe(200);
  expect((await app.request('POST', `${grants}/1/publish`, { as: hqApprover, body: {} })).status).toBe(200);
  const overlays = '/api/v1/authority/overlays/BR-BJ/warning.obligor/versions';
  expect((await app.request('POST', overlays, { as: hqOwner, body: { basedOnVersion: 0, values: { orangeDpd: 30 } } })).status).toBe(201);
  const authority = { label: "Beijing's warning.obligor", params: { orgUnit: 'BR-BJ', ruleSetKey: 'warning.obligor', version: '1' } };
  fixtures['/authority/grants/:orgUnit/:ruleSetKey/versions'] = [authority];
  fixtures['/authority/overlays/:orgUnit/:ruleSetKey/versions'] = [authority];

  fixtures['/webhooks/subscriptions/:subscriptionId'] = Object.entries(subscriptions).map(([orgUnit, subscriptionId]) => ({
    label: `a subscription of ${orgUnit}`,
    params: { subscriptionId },
  }));
  const deliveries: Case[] = [];
  for (const [orgUnit, subscriptionId] of Object.entries(subscriptions)) {
    const listed = await app.request<{ items: { deliveryId: string }[] }>('GET', `/api/v1/webhooks/deliveries?subscriptionId=${subscriptionId}`);
    if (!listed.body.items[0]) throw new Error(`no delivery of ${orgUnit} to walk with: ${listed.text}`);
    deliveries.push({ label: `a delivery of ${orgUnit}`, params: { deliveryId: listed.body.items[0].deliveryId } });
  }
  fixtures['/webhooks/deliveries/:deliveryId'] = deliveries;
  // Notifications are written by the dispatcher when it disables a failing subscription; the walk writes one the same way.
  const notifications: Case[] = [];
  for (const [orgUnit, subscriptionId] of Object.entries(subscriptions)) {
    const notificationId = randomUUID();
    await new NotificationStore(app.connection).insert({
      notificationId,
      kind: 'subscription-disabled',
      subscriptionId,
      orgUnit,
      recipient: 'admin',
      message: 'disabled after 3 failed delivery attempts in a row',
      createdAt: new Date(),
      readAt: null,
      readBy: null,
    });
    notifications.push({ label: `a notification of ${orgUnit}`, params: { notificationId } });
  }
  fixtures['/webhooks/notifications/:notificationId'] = notifications;

  // Jobs act on the whole book and are HQ's: their runs and names are refused to a branch (403).
  // Repayments into a personal account on a Beijing loan and on internet business booked by Beijing (HQ's): two findings.
  const repayments = [
    { repaymentId: 'R-WALK-BJ', loanId: 'L-D', paidAt: '2025-08-01', amount: 10, payeeAccountType: 'personal' },
    { repaymentId: 'R-WALK-NET', loanId: 'L-C', paidAt: '2025-08-01', amount: 10, paymentMethod: 'cash' },
  ];
  expect((await app.request('POST', '/api/v1/portfolio/import', { body: { repayments } })).status).toBe(200);
  // The import queues the repayment check; its findings appear when that run ends.
  await waitUntil(
    async () => (await app.request<{ items: unknown[] }>('GET', '/api/v1/collection/findings')).body.items.length === 2,
    60_000,
    'the repayment check the import queued',
  );
  fixtures['/collection/findings/:findingId'] = [
    { label: 'a Beijing finding', params: { findingId: 'repayment:R-WALK-BJ' } },
    { label: 'an internet-business finding (HQ)', params: { findingId: 'repayment:R-WALK-NET' } },
  ];
  Object.assign(fixtures, await complaintFixtures(app));
  Object.assign(fixtures, await controlFixtures(app, hqApprover));
  Object.assign(fixtures, await stressFixtures(app));
  Object.assign(fixtures, await partnerFixtures(app));
  Object.assign(fixtures, await underwritingFixtures(app));
  // An agency in HQ's register: a branch user with every staff role reads it, and is refused (403) every change.
  const agencyId = `91350100M00000001${creditCodeCheckCharacter('91350100M00000001')}`;
  const agency = await app.request('POST', '/api/v1/vendors', {
    body: {
      creditCode: agencyId,
      agencyName: '走查催收有限公司',
      kind: 'collection-agency',
      workKinds: ['collection'],
      foundedOn: '2020-01-01',
      bankExperienceMonths: 24,
      phoneTeamSize: 20,
      systems: { ownSystems: true, securityEvidence: ['MLPS-3'] },
      legalRepresentative: { name: '王五', idNumber: '110101198001011234' },
    },
  });
  expect([agency.status, agency.status === 201 ? '' : agency.text]).toEqual([201, '']);
  for (const action of ['checks', 'admission/request', 'admission/approve', 'admission/reject', 'suspend', 'rectification/close', 'terminate'])
    fixtures[`/vendors/:agencyId/${action}`] = [{ label: "an agency of HQ's register", params: { agencyId } }];
  fixtures['/vendors/:agencyId/scorecards/:month/cooperation'] = [{ label: "an agency of HQ's register", params: { agencyId, month: '2026-01' } }];
  await placementFixtures(collectionCases);
  fixtures['/jobs/runs/:runId'] = [{ label: 'a run of obligor monitoring', params: { runId: run.runId } }];
  fixtures['/jobs/:name'] = [{ label: 'obligor monitoring', params: { name: 'obligor-monitoring' } }];
  // Imports name loans of every unit, so they are HQ's (403).
  fixtures['/portfolio/import/:kind'] = [{ label: 'a loan import', params: { kind: 'loans' } }];
  await challengerFixtures();
}, 120_000);

/** Champion/challenger tests of HQ (the whole book) and of Beijing, requested on an approved disposition version. */
async function challengerFixtures(): Promise<void> {
  const versions = await app.request<{ summary: { latestVersion: number } }>('GET', '/api/v1/rulesets/disposition');
  const latest = versions.body.summary.latestVersion;
  const draft = await app.request<{ version: number }>('POST', '/api/v1/rulesets/disposition/versions', {
    body: { basedOnVersion: latest, ruleSet: { ...standardContent('disposition'), description: 'walk challenger' } },
    as: hqOwner,
  });
  expect([draft.status, draft.status === 201 ? '' : draft.text]).toEqual([201, '']);
  await app.request('POST', `/api/v1/rulesets/disposition/versions/${draft.body.version}/submit`, { body: {}, as: hqOwner });
  await app.request('POST', `/api/v1/rulesets/disposition/versions/${draft.body.version}/approve`, { body: {}, as: hqApprover });
  const tests = [];
  for (const orgUnit of ['HQ', 'BR-BJ']) {
    const requested = await app.request<{ testId: string }>('POST', '/api/v1/challenger-tests', {
      body: { key: 'disposition', challengerVersion: draft.body.version, shareBasisPoints: 5000, orgUnit, reason: 'walk' },
    });
    expect([requested.status, requested.status === 201 ? '' : requested.text]).toEqual([201, '']);
    tests.push(requested.body.testId);
  }
  fixtures['/challenger-tests/:testId'] = [
    { label: "HQ's test", params: { testId: tests[0]! } },
    { label: 'a Beijing test', params: { testId: tests[1]! } },
  ];
}

afterAll(() => app.close());

/**
 * An admitted agency with an HQ agreement, Beijing's and HQ's collection cases placed with it, and a
 * Beijing agreement waiting for HQ's consent: a Shanghai user gets 404 for the placements and 403 for
 * consenting, revising HQ's template, or recording the exit's attestation.
 */
async function placementFixtures(collectionCases: { caseId: string; orgUnit: string }[]): Promise<void> {
  const today = new Date().toISOString().slice(0, 10);
  const agencyId = `91350100M00000002${creditCodeCheckCharacter('91350100M00000002')}`;
  const ok = async <T>(method: string, path: string, body: unknown, as?: string): Promise<T> => {
    const response = await app.request<T>(method, `/api/v1${path}`, { body, ...(as ? { as } : {}) });
    expect([path, response.status < 300 ? '' : response.text]).toEqual([path, '']);
    return response.body;
  };
  type Detail = { agency: { revision: number } };
  let detail = await ok<Detail>('POST', '/vendors', {
    creditCode: agencyId,
    agencyName: '走查委案有限公司',
    kind: 'collection-agency',
    workKinds: ['collection'],
    foundedOn: '2018-01-01',
    bankExperienceMonths: 36,
    phoneTeamSize: 40,
    systems: { ownSystems: true, securityEvidence: ['MLPS-3'] },
    legalRepresentative: { name: '赵六', idNumber: '110101198001011234' },
  });
  for (const subject of ['agency', 'legal-representative'])
    for (const kind of ['illegal-or-criminal', 'blacklist', 'other-adverse'])
      detail = await ok<Detail>('POST', `/vendors/${agencyId}/checks`, {
        revision: detail.agency.revision,
        subject,
        kind,
        result: 'clear',
        checkedOn: today,
        source: '信用中国',
        evidenceRef: 'EV',
      });
  detail = await ok<Detail>('POST', `/vendors/${agencyId}/admission/request`, { revision: detail.agency.revision }, hqOwner);
  await ok('POST', `/vendors/${agencyId}/admission/approve`, { revision: detail.agency.revision }, hqApprover);
  const content = { complianceDuties: ['d'], rightsAndObligations: ['r'], confidentiality: 'c', subDelegation: 'forbidden' };
  await ok('POST', '/agreement-templates', { templateId: 'walk', title: 'walk', content });
  const terms = { templateId: 'walk', templateVersion: 1, signedOn: today, validFrom: today, capacity: 10 };
  await ok('POST', `/vendors/${agencyId}/agreements`, { orgUnit: 'HQ', ...terms });
  const beijing = await ok<{ agreementId: string }>('POST', `/vendors/${agencyId}/agreements`, { orgUnit: 'BR-BJ', ...terms }, hqOwner);
  const placed = [];
  for (const orgUnit of ['BR-BJ', 'HQ']) {
    const caseId = collectionCases.find((item) => item.orgUnit === orgUnit)!.caseId;
    placed.push(await ok<{ placementId: string }>('POST', '/placements', { caseKind: 'collection', caseId, agencyId }));
  }
  fixtures['/placements/:placementId'] = [
    { label: 'a Beijing case’s placement', params: { placementId: placed[0]!.placementId } },
    { label: 'an internet-business case’s placement (HQ)', params: { placementId: placed[1]!.placementId } },
  ];
  fixtures['/agreements/:agreementId'] = [{ label: 'a Beijing agreement waiting for HQ’s consent', params: { agreementId: beijing.agreementId } }];
  fixtures['/agreement-templates/:templateId/versions'] = [{ label: 'an HQ template', params: { templateId: 'walk' } }];
  fixtures['/vendors/:agencyId/exit/attestation'] = [{ label: 'an agency of HQ’s register', params: { agencyId } }];
}

interface Route {
  method: string;
  template: string;
  key: string;
}

async function idRoutes(): Promise<Route[]> {
  const document = await app.request<{ paths: Record<string, Record<string, unknown>> }>('GET', '/api/v1/openapi.json', { as: null });
  expect(document.status).toBe(200);
  return Object.entries(document.body.paths)
    .filter(([path]) => path.includes('{'))
    .flatMap(([path, operations]) =>
      Object.keys(operations).map((method) => {
        const template = path.replace(/^\/api\/v1/, '').replace(/\{(\w+)\}/g, ':$1');
        return { method, template, key: `${method} ${template}` };
      }),
    );
}

/** The fixture whose template is the longest prefix of the route's (so `/alerts/:alertId` covers `/alerts/:alertId/assign`). */
function fixtureOf(template: string): Case[] | undefined {
  const prefix = Object.keys(fixtures)
    .filter((candidate) => template === candidate || template.startsWith(`${candidate}/`))
    .sort((a, b) => b.length - a.length)[0];
  return prefix ? fixtures[prefix] : undefined;
}

const fill = (template: string, params: Record<string, string>) =>
  template.replace(/:(\w+)/g, (_, name: string) => {
    if (params[name] === undefined) throw new Error(`the fixture for ${template} has no value for :${name}`);
    return encodeURIComponent(params[name]);
  });

test('every route with an id names a fixture, or is listed with the reason its ids are not org-scoped', async () => {
  const uncovered = (await idRoutes()).filter((route) => !fixtureOf(route.template) && !NOT_ORG_SCOPED[route.template]).map((route) => route.key);
  expect(uncovered).toEqual([]);
});

test('the fixtures are real: HQ reads each of them', async () => {
  for (const route of (await idRoutes()).filter((candidate) => candidate.method === 'get')) {
    for (const { label, params } of fixtureOf(route.template) ?? []) {
      const response = await app.request('GET', `/api/v1${fill(route.template, params)}`);
      expect([route.key, label, response.status]).toEqual([route.key, label, 200]);
    }
  }
});

test('a branch user with every staff role gets 404 or 403 for every object of another branch and of HQ, on every id-route', async () => {
  const leaks: string[] = [];
  for (const route of await idRoutes()) {
    for (const { label, params } of fixtureOf(route.template) ?? []) {
      const body = route.method === 'get' || route.method === 'delete' ? undefined : (BODIES[route.key] ?? {});
      const query = route.method === 'delete' ? '?version=1' : '';
      const response = await app.request(route.method.toUpperCase(), `/api/v1${fill(route.template, params)}${query}`, { as: branchUser, body });
      if (response.status !== 404 && response.status !== 403) leaks.push(`${route.key} (${label}): ${response.status} ${response.text.slice(0, 160)}`);
    }
  }
  expect(leaks).toEqual([]);
});

import type { CommandStartedEvent } from 'mongodb';
import { describeDatabase } from '../../../server/store/connection';
import { servesPage, type IndexKey } from '../../support/index-shape';
import { startTestApp, type TestApp } from '../../support/test-app';
import { creditCodeCheckCharacter } from '../../../server/vendors/credit-code';

/**
 * Every studio list reads a page from an index, at any size of the book. For each list
 * as the studio first opens it (its default filters, studio/src/pages), as HQ and as a branch
 * user, the query the store sends the database (read from the driver's command monitoring) must
 * have a declared index that leads with its equality fields and then its sort key: MongoDB then
 * walks a page of the index instead of reading and sorting every match. The local database must
 * walk it too (its plan, below; exactness on awkward data in test/process/index-sort-pushdown.test.ts).
 */
let app: TestApp;
const as: Record<string, string> = {};
let recording: CommandStartedEvent[] | undefined;
let onFerretDb = false;
/** An agency of the register (a valid credit code), for the agency key's list. */
const AGENCY = `91350100M00000009${creditCodeCheckCharacter('91350100M00000009')}`;

beforeAll(async () => {
  app = await startTestApp({}, { onCommand: (event) => recording?.push(event) });
  for (const [id, parent] of [
    ['BR-SH', 'HQ'],
    ['BR-SH-PD', 'BR-SH'],
  ])
    expect((await app.request('POST', '/api/v1/org-units', { body: { id, name: id, parent } })).status).toBe(201);
  onFerretDb = (await describeDatabase(app.connection)).engine === 'FerretDB';
  // An obligor both readers see, for its collection timeline.
  const loan = {
    loanId: 'L-LIST',
    obligorId: 'OB-LIST',
    orgUnit: 'BR-SH-PD',
    policyId: 'P1',
    product: 'consumer',
    channel: 'branch',
    customerTier: 'standard',
  };
  const schedule = { principal: 1000, disbursedAt: '2026-01-10', installments: [{ seq: 1, dueDate: '2026-02-10', principal: 1000, interest: 0 }] };
  expect((await app.request('POST', '/api/v1/portfolio/import', { body: { loans: [{ ...loan, ...schedule }] } })).status).toBe(200);
  as.hq = await app.createUserAndLogin('hq-reader', ['admin', 'auditor', 'policy-owner'], 'HQ');
  as.branch = await app.createUserAndLogin('sh-reader', ['branch-operator', 'auditor', 'policy-owner'], 'BR-SH');
  const agency = await app.request('POST', '/api/v1/vendors', {
    body: {
      creditCode: AGENCY,
      agencyName: '索引催收有限公司',
      kind: 'collection-agency',
      workKinds: ['collection'],
      foundedOn: '2020-01-01',
      bankExperienceMonths: 24,
      phoneTeamSize: 20,
      systems: { ownSystems: true, securityEvidence: ['MLPS-3'] },
      legalRepresentative: { name: '王五', idNumber: '110101198001011234' },
    },
  });
  expect(agency.status).toBe(201);
  const key = await app.request<{ secret: string }>('POST', '/api/v1/api-keys', {
    body: { name: 'agency', orgUnit: 'HQ', roles: ['integration'], agencyId: AGENCY },
  });
  as.agency = key.body.secret;
}, 60_000);

afterAll(() => app.close());

/** The list reads of the studio's pages as they first open, and the collection each pages through. */
const LISTS: [string, string, string, ('hq' | 'branch' | 'agency')[]][] = [
  ['alerts', '/api/v1/alerts?status=open&limit=50', 'monitoring_alerts', ['hq', 'branch']],
  ['tasks', '/api/v1/tasks?status=pending&limit=50', 'monitoring_tasks', ['hq', 'branch']],
  ['claim cases', '/api/v1/claims?limit=50', 'claim_cases', ['hq', 'branch']],
  ['claim deadlines queue', '/api/v1/claim-deadlines?limit=200', 'claim_deadlines', ['hq', 'branch']],
  ['collection cases', '/api/v1/collection/cases?status=open&limit=50', 'collection_cases', ['hq', 'branch']],
  ['decisions', '/api/v1/decisions?limit=50', 'decisions', ['hq', 'branch']],
  ['job runs', '/api/v1/jobs?limit=50', 'job_runs', ['hq']],
  ['webhook deliveries', '/api/v1/webhooks/deliveries?limit=50', 'webhook_deliveries', ['hq', 'branch']],
  ['audit', '/api/v1/audit?limit=50', 'audit_log', ['hq', 'branch']],
  ['collection findings', '/api/v1/collection/findings?status=open&limit=50', 'collection_findings', ['hq', 'branch']],
  ['QA queue', '/api/v1/collection/qa?status=queued&limit=50', 'collection_qa_items', ['hq', 'branch']],
  ['QA queue, all statuses', '/api/v1/collection/qa?limit=50', 'collection_qa_items', ['hq', 'branch']],
  ['QA samples I took', '/api/v1/collection/qa?assignee=me&limit=50', 'collection_qa_items', ['hq', 'branch']],
  ['agency register', '/api/v1/vendors?limit=50', 'vendor_agencies', ['hq', 'branch']],
  ['admitted agencies', '/api/v1/vendors?status=admitted&limit=50', 'vendor_agencies', ['hq', 'branch']],
  ['agencies by work kind', '/api/v1/vendors?status=admitted&workKind=recovery&limit=50', 'vendor_agencies', ['hq', 'branch']],
  ['obligor collection timeline: activities', '/api/v1/collection/obligors/OB-LIST/timeline?limit=50', 'collection_activities', ['hq', 'branch']],
  ['obligor collection timeline: gate blocks', '/api/v1/collection/obligors/OB-LIST/timeline?limit=50', 'collection_gate_checks', ['hq', 'branch']],
  ['admission requests awaiting approval (inbox)', '/api/v1/vendors?awaiting=admission&limit=100', 'vendor_agencies', ['hq', 'branch']],
  ['elimination proposals awaiting approval (inbox)', '/api/v1/vendors/eliminations?state=proposed', 'vendor_elimination_proposals', ['hq', 'branch']],
  ['elimination proposals', '/api/v1/vendors/eliminations', 'vendor_elimination_proposals', ['hq', 'branch']],
  ['a month of scorecards', '/api/v1/vendors/scorecards?month=2026-01', 'vendor_scorecards', ['hq', 'branch']],
  ['placements', '/api/v1/placements?limit=50', 'vendor_placements', ['hq', 'branch']],
  ['complaint queue', '/api/v1/complaints?limit=50', 'complaints', ['hq', 'branch']],
  ['underwriting block and limit records', '/api/v1/underwriting/records?limit=50', 'underwriting_records', ['hq', 'branch']],
  ['active underwriting records', '/api/v1/underwriting/records?active=true&limit=50', 'underwriting_records', ['hq', 'branch']],
  ['complaint queue by deadline', '/api/v1/complaints?order=deadline&limit=50', 'complaints', ['hq', 'branch']],
  ['complaints received, to accept or reject', '/api/v1/complaints?status=received&limit=50', 'complaints', ['hq', 'branch']],
  ['open complaints by deadline', '/api/v1/complaints?order=deadline&status=investigating&limit=50', 'complaints', ['hq', 'branch']],
  ['stress-test results', '/api/v1/stress-tests?limit=50', 'stress_results', ['hq', 'branch']],
  ['stress-test results of a period', '/api/v1/stress-tests?period=2026-Q1&limit=50', 'stress_results', ['hq', 'branch']],
  ['an agency’s open placements', `/api/v1/placements?agencyId=${AGENCY}&status=open&limit=50`, 'vendor_placements', ['hq', 'branch']],
  ['policies', '/api/v1/policies?limit=50', 'portfolio_policies', ['hq', 'branch']],
  ['policies of one insurance type', '/api/v1/policies?insuranceType=guarantee&limit=50', 'portfolio_policies', ['hq', 'branch']],
  ['credit-bureau queue', '/api/v1/bureau/items?limit=50', 'bureau_items', ['hq', 'branch']],
  ['credit-bureau queue by status', '/api/v1/bureau/items?status=ready&limit=50', 'bureau_items', ['hq', 'branch']],
  ['actuarial notices', '/api/v1/actuarial/notices?limit=50', 'actuarial_notices', ['hq', 'branch']],
  ['channel partner register', '/api/v1/partners?limit=50', 'partners', ['hq', 'branch']],
  ['channel partners by status', '/api/v1/partners?status=active&limit=50', 'partners', ['hq', 'branch']],
  ['the cases placed with an agency (its API key)', '/api/v1/collection/cases?limit=50', 'collection_cases', ['agency']],
  ['inspection plans', '/api/v1/control/plans?limit=50', 'control_inspection_plans', ['hq', 'branch']],
  ['approved plans to inspect under', '/api/v1/control/plans?limit=100', 'control_inspection_plans', ['hq', 'branch']],
  ['inspections', '/api/v1/control/inspections?limit=50', 'control_inspections', ['hq', 'branch']],
  ['emergency plans', '/api/v1/control/emergency-plans?limit=50', 'control_emergency_plans', ['hq', 'branch']],
  ['emergency plan activations', '/api/v1/control/activations?limit=50', 'control_emergency_activations', ['hq', 'branch']],
  ['open inspections', '/api/v1/control/inspections?status=open&limit=50', 'control_inspections', ['hq', 'branch']],
  ['active emergency activations', '/api/v1/control/activations?status=active&limit=50', 'control_emergency_activations', ['hq', 'branch']],
];

async function findsOf(path: string, token: string, collection: string): Promise<{ filter: Record<string, unknown>; sort: Record<string, number> }[]> {
  recording = [];
  const response = await app.request('GET', path, { as: token });
  const events = recording;
  recording = undefined;
  expect([response.status, response.status === 200 ? '' : response.text]).toEqual([200, '']);
  return events
    .filter((event) => event.commandName === 'find' && event.command.find === collection)
    .map((event) => ({ filter: (event.command.filter ?? {}) as Record<string, unknown>, sort: sortOf(event.command.sort) }));
}

/** The driver sends a sort as a Map (its order is the sort's). */
function sortOf(sort: unknown): Record<string, number> {
  if (sort instanceof Map) return Object.fromEntries(sort) as Record<string, number>;
  return (sort ?? {}) as Record<string, number>;
}

test.each(LISTS.flatMap(([name, path, collection, readers]) => readers.map((reader) => [name, reader, path, collection] as const)))(
  '%s as %s: the page query leads an index with its equality fields, then its sort key',
  async (_name, reader, path, collection) => {
    const finds = await findsOf(path, as[reader]!, collection);
    expect(finds.length).toBeGreaterThan(0);
    const indexes = (await app.connection.db!.collection(collection).indexes()).map((index) => index.key as IndexKey);
    for (const find of finds) {
      const serving = indexes.filter((index) => servesPage(index, find.filter, find.sort));
      expect({ find, serving: serving.length > 0 }).toEqual({ find, serving: true });
    }
  },
);

/**
 * The local database walks that index too (server/store/ferretdb/index_sort.go): SQLite returns the
 * page in the sort's order from the index, with no sort of its own, and FerretDB stops reading after it.
 * The order is proven by the ledger of the classes each indexed field ever held, without a read.
 */
test.each(LISTS.flatMap(([name, path, collection, readers]) => readers.map((reader) => [name, reader, path, collection] as const)))(
  '%s as %s: the local database pushes the page sort down to that index',
  async (_name, reader, path, collection) => {
    if (!onFerretDb) return; // MongoDB walks the index anyway.
    for (const find of await findsOf(path, as[reader]!, collection)) {
      const explained = await app.connection
        .db!.collection(collection)
        .find(find.filter)
        .sort(find.sort as Record<string, 1 | -1>)
        .limit(51)
        .explain();
      const plan = JSON.stringify(explained.queryPlanner);
      const pushed = {
        sortPushdown: explained.sortPushdown as boolean,
        index: /USING INDEX/.test(plan),
        tempBTree: /TEMP B-TREE/.test(plan),
        provenBy: (explained.queryPlanner as { IndexSortProof?: string }).IndexSortProof,
      };
      // Proven by the ledger of value classes (value_class_ledger.go), not by reading every candidate:
      // the first read of the list at a million loans is then as quick as the next.
      expect({ find, plan, ...pushed }).toEqual({ find, plan, sortPushdown: true, index: true, tempBTree: false, provenBy: 'ledger' });
    }
  },
);

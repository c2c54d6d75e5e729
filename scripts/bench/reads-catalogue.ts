/**
 * The studio reads `npm run bench:reads` times (scripts/bench/reads-bench.ts), each as the studio
 * asks for it (studio/src/api/*-endpoints.ts and the pages' default filters), with its target
 *: 300 ms at up to 100,000 loans and 1 s at 1,000,000; the impact preview 3 s / 20 s.
 */

export interface BenchContext {
  /** The last complete month of the generated book (the month pages open on). */
  month: string;
  /** A day within the monitored period (the obligor page's as-of). */
  asOf: string;
  /** An obligor of the branch user's unit with alerts, tasks and decisions. */
  obligorId: string;
  /** The draft of `warning.obligor` with one threshold changed. */
  draftVersion: number;
  /** The impact preview's sample: the whole book (one obligor per loan at most). */
  sample: number;
}

export interface Call {
  method: 'GET' | 'POST';
  path: string;
  body?: unknown;
}

export interface Read {
  name: string;
  /** Who reads it: HQ, the branch, or both. */
  who: readonly ('hq' | 'branch')[];
  /** Target p95 in ms at up to 100,000 loans, and at 1,000,000 loans. */
  target: { upTo100k: number; million: number };
  /** The calls one load of the page makes; the studio makes them at once, so they are timed together. */
  calls: (context: BenchContext) => Call[];
}

const PAGE_READ = { upTo100k: 300, million: 1_000 };
const IMPACT = { upTo100k: 3_000, million: 20_000 };
const get = (path: string): Call => ({ method: 'GET', path });

/** Months from `month` back, oldest first (the portfolio page's trend). */
function monthsBack(month: string, count: number): string[] {
  const [year, number] = month.split('-').map(Number) as [number, number];
  return Array.from({ length: count }, (_, index) => {
    const total = year * 12 + (number - 1) - (count - 1 - index);
    return `${Math.floor(total / 12)}-${String((total % 12) + 1).padStart(2, '0')}`;
  });
}

export const READS: readonly Read[] = [
  // Not a page: what any signed-in request costs (the session and principal), the floor under every read below.
  { name: 'who am I (floor)', who: ['hq', 'branch'], target: PAGE_READ, calls: () => [get('/auth/me')] },
  { name: 'rule sets', who: ['hq', 'branch'], target: PAGE_READ, calls: () => [get('/rulesets')] },
  { name: 'alerts', who: ['hq', 'branch'], target: PAGE_READ, calls: () => [get('/alerts?status=open&limit=50')] },
  { name: 'tasks', who: ['hq', 'branch'], target: PAGE_READ, calls: () => [get('/tasks?status=pending&limit=50')] },
  { name: 'claims', who: ['hq', 'branch'], target: PAGE_READ, calls: () => [get('/claims?limit=50')] },
  { name: 'decisions', who: ['hq', 'branch'], target: PAGE_READ, calls: () => [get('/decisions?limit=50')] },
  // Jobs are HQ's alone (README, security): a branch user gets 403.
  { name: 'job runs', who: ['hq'], target: PAGE_READ, calls: () => [get('/jobs?limit=50')] },
  { name: 'deliveries', who: ['hq', 'branch'], target: PAGE_READ, calls: () => [get('/webhooks/deliveries?limit=50')] },
  { name: 'audit', who: ['hq', 'branch'], target: PAGE_READ, calls: () => [get('/audit?limit=50')] },
  {
    name: 'obligor page',
    who: ['hq', 'branch'],
    target: PAGE_READ,
    calls: (context) => [get(`/obligors/${encodeURIComponent(context.obligorId)}/monitoring?asOf=${context.asOf}&months=12`)],
  },
  {
    name: 'obligor try-it facts',
    who: ['hq', 'branch'],
    target: PAGE_READ,
    calls: (context) => [get(`/obligors/${encodeURIComponent(context.obligorId)}/warning-facts`)],
  },
  {
    // PortfolioPage.tsx: the month by segment, twelve months' totals, vintages and the roll-rate matrix, at once.
    name: 'portfolio page',
    who: ['hq', 'branch'],
    target: PAGE_READ,
    calls: (context) => {
      const months = monthsBack(context.month, 12);
      return [
        get(`/metrics/portfolio?month=${context.month}&groupBy=customerTier`),
        ...months.map((month) => get(`/metrics/portfolio?month=${month}`)),
        get(`/metrics/vintages?from=${months[0]}&to=${context.month}&asOf=${context.month}`),
        get(`/metrics/roll-rates?month=${context.month}`),
      ];
    },
  },
  { name: 'monthly report', who: ['hq', 'branch'], target: PAGE_READ, calls: (context) => [get(`/reports/business-quality?month=${context.month}`)] },
  {
    name: 'impact preview',
    who: ['hq'],
    target: IMPACT,
    calls: (context) => [
      { method: 'POST', path: `/rulesets/warning.obligor/versions/${context.draftVersion}/impact`, body: { asOf: context.asOf, sample: context.sample } },
    ],
  },
];

/** The rows an answer carries: the items of its top-level lists (for the growth criterion: cost per row returned). */
export function rowsOf(body: unknown): number {
  if (Array.isArray(body)) return body.length;
  if (body === null || typeof body !== 'object') return 0;
  let rows = 0;
  for (const value of Object.values(body)) {
    if (Array.isArray(value)) rows += value.length;
    else if (value !== null && typeof value === 'object') for (const inner of Object.values(value)) if (Array.isArray(inner)) rows += inner.length;
  }
  return rows;
}

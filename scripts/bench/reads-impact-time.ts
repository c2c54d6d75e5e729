/**
 * The impact preview timed over HTTP on the book reads-impact-probe.ts imported (kept in --data), after one daily
 * obligor run of `--asOf`: previews of that day read the facts the run stored; previews of `--other` (a day no run
 * covered) build the facts from the book pages and the ratings, as every preview did before the facts snapshot. Both
 * in one process on one book, so the two compare on a shared machine.
 * npx tsx scripts/bench/reads-impact-time.ts [--data /tmp/impact-probe] [--loans 100000] [--repeat 5] [--run false]
 * `--run false` skips the daily run and times only the previews of `--other` (built from the book pages). `--profile DIR`
 * writes the server's CPU profile there (node --cpu-prof) when it stops. The previews cover the whole book.
 */
import path from 'node:path';
import { parseArgs } from 'node:util';
import { DEMO_ORG_UNITS } from '../../server/authority/demo-authority';
import { createLogger } from '../../server/logger';
import { startLocalDatabase } from '../../server/store/local-database';
import { startServerProcess } from '../../test/support/server-process';
import { ReadsClient, runJob } from './reads-setup';

const root = path.resolve(__dirname, '..', '..');
const ADMIN_KEY = 'bench-reads-admin-key-0123456789abcdef';
const { values } = parseArgs({
  options: {
    data: { type: 'string', default: '/tmp/impact-probe' },
    loans: { type: 'string', default: '100000' },
    asOf: { type: 'string', default: '2026-10-31' },
    other: { type: 'string', default: '2026-10-29' },
    repeat: { type: 'string', default: '5' },
    run: { type: 'string', default: 'true' },
    profile: { type: 'string' },
  },
});

async function main(): Promise<void> {
  const database = await startLocalDatabase({ projectRoot: root, dataDirectory: values.data, logger: createLogger('warn') });
  const uri = new URL(database.uri);
  uri.pathname = `/impact_probe_${values.loans}`;
  const server = startServerProcess(
    {
      MONGODB_URI: uri.toString(),
      PORT: '0',
      LOG_LEVEL: 'warn',
      SEED_DEMO: 'false',
      ADMIN_API_KEY: ADMIN_KEY,
      PASSWORD_HASH_COST: '14',
      ...Object.fromEntries(
        ['OBLIGOR_MONITORING', 'CLAIM_TRIGGERS', 'OVERDUE_TASKS', 'PORTFOLIO_MONITORING', 'MAINTENANCE', 'COLLECTION_CASES', 'REPAYMENT_CONDUCT'].map((job) => [
          `SCHEDULE_${job}`,
          'off',
        ]),
      ),
    },
    ['--max-old-space-size=6144', ...(values.profile ? ['--cpu-prof', `--cpu-prof-dir=${values.profile}`] : [])],
  );
  try {
    await server.waitForOutput(/listening on (http:\/\/\S+)/, 300_000);
    const client = new ReadsClient(`${/listening on (http:\/\/\S+)/.exec(server.output())![1]!}/api/v1`, ADMIN_KEY);
    for (const unit of DEMO_ORG_UNITS) await client.call('POST', '/org-units', client.adminKey, { ...unit });
    const username = `impact-${Date.now()}`;
    const hq = await client.login(username, ['admin', 'auditor', 'policy-owner'], 'HQ');
    const daily = values.run !== 'false';
    if (daily) {
      const run = await runJob(client, 'obligor-monitoring', { asOf: values.asOf });
      console.log(`obligor monitoring ${values.asOf}: ${(run.wallMs / 1000).toFixed(1)} s, phases ${JSON.stringify(run.phases)}`);
    }
    const { draftVersion } = await client.benchContext(hq, '');
    const sample = Number(values.loans);
    for (const asOf of daily ? [values.other, values.asOf, values.other, values.asOf] : [values.other, values.other]) {
      const samples: number[] = [];
      for (let repeat = 0; repeat < Number(values.repeat); repeat++) {
        const started = performance.now();
        const answer = await client.call('POST', `/rulesets/warning.obligor/versions/${draftVersion}/impact`, hq, { asOf, sample });
        samples.push(performance.now() - started);
        if (answer.status !== 200) throw new Error(`impact answered ${answer.status}: ${answer.text.slice(0, 300)}`);
      }
      const sorted = [...samples].sort((a, b) => a - b);
      const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)]!;
      console.log(
        `impact preview as of ${asOf} (${asOf === values.asOf ? 'facts snapshot' : 'facts built from the book pages'}): ` +
          `median ${(at(0.5) / 1000).toFixed(2)} s, p95 ${(at(0.95) / 1000).toFixed(2)} s, samples ${samples.map((ms) => (ms / 1000).toFixed(2)).join(' ')}`,
      );
    }
  } finally {
    await server.stop();
    await database.stop();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});

/**
 * npm run generate -- --loans N --months M --seed S [--end-month YYYY-MM] [--out file.ndjson | --import URL [--api-key KEY]]
 * Writes a deterministic synthetic portfolio as NDJSON (stdout by default), or streams it to a
 * running platform's import endpoint (the key comes from --api-key or API_KEY).
 */
import fs from 'node:fs';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { parseArgs } from 'node:util';
import { DEFAULT_END_MONTH, syntheticPortfolio } from '../server/portfolio/synthetic/synthetic-portfolio';

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      loans: { type: 'string', default: '1000' },
      months: { type: 'string', default: '24' },
      seed: { type: 'string', default: '1' },
      'end-month': { type: 'string', default: DEFAULT_END_MONTH },
      out: { type: 'string' },
      import: { type: 'string' },
      'api-key': { type: 'string' },
    },
  });
  const problems: string[] = [];
  const positive = (name: string, raw: string) => {
    const value = Number(raw);
    if (!Number.isInteger(value) || value < 1) problems.push(`--${name} must be a positive integer (got "${raw}")`);
    return value;
  };
  const options = {
    loans: positive('loans', values.loans),
    months: positive('months', values.months),
    seed: positive('seed', values.seed),
    endMonth: values['end-month'],
  };
  if (!/^\d{4}-(0[1-9]|1[0-2])$/.test(options.endMonth)) problems.push('--end-month must be YYYY-MM');
  if (values.out && values.import) problems.push('use either --out or --import');
  const apiKey = values['api-key'] ?? process.env.API_KEY;
  if (values.import && !apiKey) problems.push('--import needs an API key: --api-key or the API_KEY environment variable');
  if (problems.length > 0) {
    console.error(problems.join('\n'));
    process.exit(2);
  }

  const lines = () =>
    Readable.from(
      (function* () {
        for (const record of syntheticPortfolio(options)) yield JSON.stringify(record) + '\n';
      })(),
    );

  if (values.import) {
    const url = new URL(values.import);
    if (!url.pathname.endsWith('/portfolio/import')) url.pathname = url.pathname.replace(/\/$/, '') + '/api/v1/portfolio/import';
    const started = performance.now();
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/x-ndjson', authorization: `Bearer ${apiKey}` },
      body: Readable.toWeb(lines()) as unknown as RequestInit['body'],
      duplex: 'half',
    } as RequestInit);
    const text = await response.text();
    if (!response.ok) {
      console.error(`Import failed with ${response.status}: ${text}`);
      process.exit(1);
    }
    const result = JSON.parse(text) as { accepted: Record<string, number>; rejectedCount: number; rejected: unknown[] };
    console.error(`Imported in ${((performance.now() - started) / 1000).toFixed(1)} s: ${JSON.stringify(result.accepted)}, ${result.rejectedCount} rejected`);
    if (result.rejectedCount > 0) console.error(JSON.stringify(result.rejected.slice(0, 5), null, 2));
    return;
  }
  await pipeline(lines(), values.out ? fs.createWriteStream(values.out) : process.stdout);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});

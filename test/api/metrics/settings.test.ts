import { startTestApp, type TestApp } from '../../support/test-app';

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp({ METRIC_BUCKET_BASIS: 'installments', METRIC_CLAIMED_IN_REMAINING_PRINCIPAL: 'included' });
});
afterAll(() => app.close());

test('settings from the environment reach the figures', async () => {
  expect((await app.request<Record<string, string>>('GET', '/api/v1/metrics/settings')).body).toMatchObject({
    bucketBasis: 'installments',
    claimedInRemainingPrincipal: 'included',
  });
  // Weekly installments of 100 due 3, 10 and 17 Mar 2025, none paid. On 18 Mar: dpd 15 (M1 by days) but 3 installments overdue (M3 by installments).
  const imported = await app.request('POST', '/api/v1/portfolio/import', {
    body: {
      loans: [
        {
          loanId: 'W1',
          obligorId: 'OW',
          policyId: 'P',
          orgUnit: 'HQ',
          product: 'consumer',
          channel: 'online',
          customerTier: 'prime',
          principal: 300,
          disbursedAt: '2025-02-24',
          installments: [
            { seq: 1, dueDate: '2025-03-03', principal: 100, interest: 0 },
            { seq: 2, dueDate: '2025-03-10', principal: 100, interest: 0 },
            { seq: 3, dueDate: '2025-03-17', principal: 100, interest: 0 },
          ],
        },
      ],
    },
  });
  expect(imported.status).toBe(200);
  const facts = await app.request<{ facts: { dpd: number; bucket: string; overdueInstallments: number } }>(
    'GET',
    '/api/v1/metrics/obligors/OW?asOf=2025-03-18',
  );
  expect(facts.body.facts).toMatchObject({ dpd: 15, overdueInstallments: 3, bucket: 'M3' });
});

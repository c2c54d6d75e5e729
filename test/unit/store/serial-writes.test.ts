import { SerialWrites } from '../../../server/store/serial-writes';

describe('serial writes', () => {
  it('never runs two writes at once, keeps their order, and settles only after the last', async () => {
    const log: string[] = [];
    let inFlight = 0;
    const writes = new SerialWrites(() => undefined);
    const write = (name: string, ms: number) => async () => {
      inFlight++;
      log.push(`${name} start (${inFlight} in flight)`);
      await new Promise((resolve) => setTimeout(resolve, ms));
      inFlight--;
      log.push(`${name} end`);
    };
    writes.push(write('progress', 30));
    writes.push(write('heartbeat', 1));
    await writes.settled();
    log.push('final status');
    expect(log).toEqual(['progress start (1 in flight)', 'progress end', 'heartbeat start (1 in flight)', 'heartbeat end', 'final status']);
  });

  it('hands a failed write to its error handler and goes on with the next', async () => {
    const errors: unknown[] = [];
    const done: string[] = [];
    const writes = new SerialWrites((error) => errors.push(error));
    writes.push(() => Promise.reject(new Error('database down')));
    writes.push(async () => {
      done.push('next');
    });
    await writes.settled();
    expect([errors.map((error) => (error as Error).message), done]).toEqual([['database down'], ['next']]);
  });
});

import { readAll } from '../../../server/store/read-all';

async function* numbers(count: number, read: number[]): AsyncGenerator<number> {
  for (let n = 1; n <= count; n++) {
    read.push(n);
    yield n;
  }
}

test('a read goes to the end, asking the checkpoint after every `every` documents', async () => {
  const read: number[] = [];
  let checks = 0;
  const documents = await readAll(numbers(25, read), async () => void checks++, 10);
  expect(documents).toEqual(read);
  expect(documents).toHaveLength(25);
  expect(checks).toBe(2);
});

test('a checkpoint that throws stops the read there, with its error', async () => {
  const read: number[] = [];
  const stale = new Error('the month moved');
  let checks = 0;
  await expect(
    readAll(
      numbers(100, read),
      async () => {
        if (++checks === 2) throw stale;
      },
      10,
    ),
  ).rejects.toBe(stale);
  expect(read).toHaveLength(20);
});

test('without a checkpoint every document is read', async () => {
  expect(await readAll(numbers(3, []))).toEqual([1, 2, 3]);
});

import { expect, test } from 'vitest';

import { jsonString, stringsAscii } from '@/lib/api/json-text';
import { recommendationsQuerySchema } from '@/lib/validation/api';

import { useServingFixture } from './fixture';

const fixture = useServingFixture();

const serving = () => import('./index');
const USERS = ['u1', 'u2', 'u3', 'nobody', 'é "x"'];
const QUERIES = [{}, { exclude_ordered: 'true' }, { category: 'pizza' }, { category: 'sushi' }, { n: '1' }, { n: '2', category: 'pizza', exclude_ordered: 'false' }];

async function compareAll(expectedRun: number) {
  const { recommendFor } = await import('./recommend');
  const { recommendationsText: parts } = await import('./recommend-text');
  const recommendationsText = (...a: Parameters<typeof parts>) => jsonString(parts(...a));
  const index = await (await serving()).getServingIndex();
  let answers = 0;
  // twice: the second pass answers from the kept items
  for (let pass = 0; pass < 2; pass++) {
    for (const user of USERS) {
      for (const model of ['hybrid', 'popularity']) {
        for (const query of QUERIES) {
          const q = recommendationsQuerySchema.parse({ model, ...query });
          const m = parts(index, user, q, () => 0.125);
          const text = recommendationsText(index, user, q, () => 0.125);
          // measured once, when kept; non-ASCII text kept as its UTF-8 bytes, strings only ASCII
          const ascii = !/[^\x00-\x7f]/.test(text);
          expect([m.bytes, stringsAscii(m), m.parts.map((p) => typeof p)]).toEqual([Buffer.byteLength(text), true, [ascii ? 'string' : 'object', 'string']]);
          if (user === 'é "x"') expect(ascii).toBe(false);
          expect(text, `${user} ${model} ${JSON.stringify(query)}`).toBe(JSON.stringify({ ...recommendFor(index, user, q), processing_time_ms: 0.125 }));
          expect(JSON.parse(text).run_id).toBe(expectedRun);
          answers++;
        }
      }
    }
  }
  expect(answers).toBe(2 * 5 * 2 * 6);
}

test('the text equals JSON.stringify of recommendFor for every fixture answer, written or kept', async () => {
  await compareAll(fixture.f.runA);
  const { recommendationsText: parts } = await import('./recommend-text');
  const recommendationsText = (...a: Parameters<typeof parts>) => jsonString(parts(...a));
  const index = await (await serving()).getServingIndex();
  const q = recommendationsQuerySchema.parse({ n: '2' });
  const a = JSON.parse(recommendationsText(index, 'u1', q, () => 1));
  // hand-checked against the fixture: u1's hybrid list is m1, m3, m2; ranks follow the filter
  expect(a.items.map((i: { rank: number; merchant_id: string }) => [i.rank, i.merchant_id])).toEqual([[1, 'm1'], [2, 'm3']]);
  const pizza = JSON.parse(recommendationsText(index, 'u1', recommendationsQuerySchema.parse({ category: 'pizza' }), () => 1));
  expect(pizza.items.map((i: { rank: number; merchant_id: string }) => [i.rank, i.merchant_id])).toEqual([[1, 'm1'], [2, 'm3']]);
  expect(() => recommendationsText(index, 'u1', recommendationsQuerySchema.parse({ category: 'tacos' }), () => 1)).toThrow(/no merchant has category "tacos"/);
  // a kept answer still reads the clock for each call
  expect(recommendationsText(index, 'u1', q, () => 7.5).endsWith(',"processing_time_ms":7.5}')).toBe(true);
});

test('kept items never outlive their index: after a promotion the answer is the new run, and the old index still answers the old one', async () => {
  const s = await serving();
  const { recommendationsText: parts } = await import('./recommend-text');
  const recommendationsText = (...a: Parameters<typeof parts>) => jsonString(parts(...a));
  const { promoteRun } = await import('@/lib/db/runs');
  const q = recommendationsQuerySchema.parse({});
  const before = await s.getServingIndex();
  const old = recommendationsText(before, 'u1', q, () => 0); // kept for the old index
  await promoteRun(fixture.f.runB);
  const after = await s.refreshServingIndex();
  const r = JSON.parse(recommendationsText(after, 'u1', q, () => 0));
  expect([r.run_id, r.items.map((i: { merchant_id: string; explanation: string }) => [i.merchant_id, i.explanation])]).toEqual([2, [['m2', 'You ordered here before (4 days ago).']]]);
  expect(recommendationsText(before, 'u1', q, () => 0)).toBe(old);
  await compareAll(fixture.f.runB);
  await promoteRun(fixture.f.runA);
  await s.refreshServingIndex();
  await compareAll(fixture.f.runA);
});

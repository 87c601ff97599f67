import { expect, test } from 'vitest';

import { recommendationsQuerySchema } from '@/lib/validation/api';

import { useServingFixture } from './fixture';
import { getServingIndex } from './index';
import { recommendFor } from './recommend';
import { recommendationsJson } from './recommend-json';
import type { Recommendations } from './schemas';

useServingFixture();

test('equals JSON.stringify for every fixture answer: known, unknown and fallback users, both rules, categories, n', async () => {
  const index = await getServingIndex();
  let answers = 0;
  for (const user of ['u1', 'u2', 'u3', 'nobody', 'é "x"']) {
    for (const model of ['hybrid', 'popularity']) {
      for (const query of [{}, { exclude_ordered: 'true' }, { category: 'pizza' }, { n: '1' }, { n: '2', category: 'sushi', exclude_ordered: 'false' }]) {
        const q = recommendationsQuerySchema.parse({ model, ...query });
        const body: Recommendations = { ...recommendFor(index, user, q), processing_time_ms: 0.125 };
        expect(recommendationsJson(body)).toBe(JSON.stringify(body));
        answers++;
      }
    }
  }
  expect(answers).toBe(50);
});

test('strings JSON escapes, nulls and numbers JSON writes differently from String()', () => {
  const odd = 'a "q" \\ \n \u2028 \ud800 😀 </script>';
  const body: Recommendations = {
    user_id: odd, known_user: false, run_id: 7, model: 'hybrid', model_used: 'popularity', exclude_ordered: true, category: odd, fallback_used: true, fallback_reason: 'unknown_user',
    items: [
      { rank: 1, merchant_id: odd, merchant_name: odd, category: '', score: -0, source: 'als', explanation: odd, contributions: [{ merchant_id: null, merchant_name: null, value: Number.NaN, source: 'recency' }, { merchant_id: 'm', merchant_name: odd, value: 1e21, source: odd }], ordered_before: false },
      { rank: 2, merchant_id: 'm2', merchant_name: 'M2', category: 'x', score: Number.POSITIVE_INFINITY, source: 'repeat', explanation: '', contributions: [], ordered_before: true },
    ],
    processing_time_ms: 1e-7,
  };
  const text = recommendationsJson(body);
  expect(text).toBe(JSON.stringify(body));
  expect(text).toContain('"score":0,');
  expect(text).toContain('"value":null');
  expect(text).toContain('"value":1e+21');
  expect(text).toContain('\\ud800');
  expect(recommendationsJson({ ...body, items: [], fallback_reason: null, category: null })).toBe(JSON.stringify({ ...body, items: [], fallback_reason: null, category: null }));
});

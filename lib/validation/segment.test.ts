import { expect, test } from 'vitest';

import { definitionToParams, parseSegmentDefinition } from './segment';

test('URL params: numbers parsed, blanks dropped, filters the kind does not use dropped', () => {
  const r = parseSegmentDefinition(new URLSearchParams('kind=high_affinity_prospect&minScore=0.8&merchant=m_00042&limit=5&platform=&maxOrders=3'));
  expect(r).toEqual({ ok: true, data: { kind: 'high_affinity_prospect', filters: { minScore: 0.8, merchant: 'm_00042', maxOrders: 3 } } });
  if (r.ok) expect(definitionToParams(r.data, { format: 'seed' }).toString()).toBe('kind=high_affinity_prospect&minScore=0.8&merchant=m_00042&maxOrders=3&format=seed');
});

test('bad filters are rejected with a message on the field', () => {
  const bad = (q: string) => {
    const r = parseSegmentDefinition(new URLSearchParams(q));
    return r.ok ? null : r.fieldErrors;
  };
  expect(bad('kind=nope')).toEqual({ kind: [expect.stringContaining('Unknown segment "nope"')] });
  expect(bad('kind=high_affinity_prospect&minScore=1.5')).toEqual({ minScore: [expect.stringContaining('between 0 and 1')] });
  expect(bad('kind=high_affinity_prospect&minScore=abc')).toEqual({ minScore: [expect.stringContaining('between 0 and 1')] });
  expect(bad('kind=lapsed_personalized&minDaysSinceOrder=30&maxDaysSinceOrder=10')).toEqual({
    minDaysSinceOrder: ['Minimum days since last order (30) is more than the maximum (10).'],
  });
  expect(bad('kind=new_user_onboarding&minOrders=2&maxOrders=1')).toEqual({ minOrders: ['Minimum order count (2) is more than the maximum (1).'] });
  expect(bad('kind=merchant_superfan')).toEqual({ merchant: ['Merchant superfans need a merchant: choose one.'] });
  expect(bad('kind=merchant_superfan&merchant=m1&limit=0')).toEqual({ limit: [expect.stringContaining('from 1 to 100,000')] });
  expect(bad('kind=lapsed_personalized&platform=fax')).toEqual({ platform: ['Platform must be ios, android or web.'] });
});

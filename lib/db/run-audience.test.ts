import { expect, test } from 'vitest';

import { AudienceCollector } from './run-audience';

test('audiences rank users by affinity (score ÷ their best), then raw score, then user id', () => {
  const c = new AudienceCollector(3);
  // User 10: best new merchant 1 (0.5); merchant 2 scores 0.375 ⇒ affinity 0.75.
  c.add(10, [{ idx: 1, score: 0.5 }, { idx: 2, score: 0.375 }]);
  // User 11: merchant 2 is their best (0.2 ⇒ 1) although its raw score is below user 10's 0.375.
  c.add(11, [{ idx: 2, score: 0.2 }, { idx: 1, score: 0.1 }]);
  // User 12: merchant 2 at 0.6 ⇒ 1 as well, and ahead of user 11 by the raw score.
  c.add(12, [{ idx: 2, score: 0.6 }, { idx: 0, score: 0.15 }]);
  // User 9: merchant 1 at 0.2 of 0.4 ⇒ 0.5, tied with user 11's 0.1 ÷ 0.2 and ahead of it by raw score.
  c.add(9, [{ idx: 0, score: 0.4 }, { idx: 1, score: 0.2 }]);
  c.add(13, []);
  expect(c.top(2, 10)).toEqual([
    { userId: 12, affinity: 1 },
    { userId: 11, affinity: 1 },
    { userId: 10, affinity: 0.75 },
  ]);
  expect(c.top(1, 10)).toEqual([
    { userId: 10, affinity: 1 },
    { userId: 9, affinity: 0.5 },
    { userId: 11, affinity: 0.5 },
  ]);
  expect(c.top(1, 2).map((m) => m.userId)).toEqual([10, 9]);
  expect(c.top(0, 10)).toEqual([{ userId: 9, affinity: 1 }, { userId: 12, affinity: 0.25 }]);
});

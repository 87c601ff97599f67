import { expect, test } from 'vitest';

import { stageLine } from './stage-line';

test('stageLine: share done, seconds since the start, stage', () => {
  expect(stageLine(1_000, 'fitting als', 0.104, 13_345)).toBe('   10%    12.3 s  fitting als');
  expect(stageLine(0, 'done', 1, 1_234_567)).toBe('  100%  1234.6 s  done');
});

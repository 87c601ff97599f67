import { expect, test } from 'vitest';

import { f32, f32Text } from './f32-text';

const expected = (x: number) => JSON.stringify(f32(x));

test('f32Text writes what JSON.stringify writes for f32(x): hand-picked cases', () => {
  const cases: [number, string][] = [
    [0, '0'], [-0, '0'], [-0.0000004, '0'], [0.0000005, '0.000001'], [0.000001, '0.000001'], [-0.000001, '-0.000001'],
    [0.48802655935287476, '0.488027'], [0.1, '0.1'], [0.25, '0.25'], [0.12, '0.12'], [0.000120, '0.00012'], [0.1000004, '0.1'],
    [1, '1'], [-1, '-1'], [31, '31'], [123.4567894, '123.456789'], [0.9999996, '1'], [-2.5000004, '-2.5'],
    [999.9999994, '999.999999'], [999.9999996, '1000'], [1000.5, '1000.5'], [12345678901.5, '12345678901.5'],
    [1e300, '1e+300'], [NaN, 'null'], [Infinity, 'null'], [-Infinity, 'null'],
  ];
  for (const [x, text] of cases) {
    expect(f32Text(x), String(x)).toBe(text);
    expect(f32Text(x), String(x)).toBe(expected(x));
  }
});

test('f32Text equals JSON.stringify(f32(x)) for every millionth in ±0.3 and for random values of every magnitude', () => {
  for (let n = -300_000; n <= 300_000; n++) {
    const x = n / 1e6;
    if (f32Text(x) !== expected(x)) expect(f32Text(x), `n = ${n}`).toBe(expected(x));
  }
  let seed = 7;
  const rand = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
  for (let i = 0; i < 300_000; i++) {
    const x = (rand() - 0.5) * 10 ** Math.floor(rand() * 16 - 8);
    if (f32Text(x) !== expected(x)) expect(f32Text(x), `x = ${x}`).toBe(expected(x));
  }
});

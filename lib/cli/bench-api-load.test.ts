import { expect, test } from 'vitest';

import { medianRound, parseWrk, pooledRatio, type LoadResult } from './bench-api-load';

const OUT = `Running 15s test @ http://127.0.0.1:3204
  2 threads and 100 connections
  Thread Stats   Avg      Stdev     Max   +/- Stdev
    Latency    12.10ms    3.02ms  61.33ms   90.12%
    Req/Sec     4.15k   310.22     4.80k    71.00%
  Latency Distribution
     50%  850.00us
     75%   12.90ms
     90%   14.01ms
     99%    1.20s
  123874 requests in 15.02s, 40.11MB read
  Socket errors: connect 0, read 2, write 0, timeout 5
  Non-2xx or 3xx responses: 3
Requests/sec:   8247.27
Transfer/sec:      2.67MB
`;

test('parseWrk reads throughput, percentiles in any unit and every kind of error', () => {
  expect(parseWrk(OUT)).toEqual({ requests: 123874, rps: 8247.27, p50ms: 0.85, p99ms: 1200, errors: 10, errorKinds: 'read 2, timeout 5, non-2xx 3' });
  expect(parseWrk(OUT.replace(/\s+Socket errors.*\n\s+Non-2xx.*\n/, '\n'))).toMatchObject({ errors: 0, errorKinds: '' });
});

test('medianRound picks the round with the median ratio, the lower middle one of an even count', () => {
  const load = (rps: number): LoadResult => ({ label: '', connections: 100, seconds: 10, requests: rps * 10, rps, p50ms: 1, p99ms: 2, errors: 0, errorKinds: '', tool: 'wrk' });
  const round = (ping: number, rec: number) => ({ ping: load(ping), rec: load(rec), ratio: rec / ping });
  const a = round(6000, 4200); // 70 %
  const b = round(5000, 4000); // 80 %
  const c = round(7000, 5250); // 75 %
  expect(medianRound([a, b, c])).toBe(c);
  expect(medianRound([b, a])).toBe(a);
  expect(medianRound([b])).toBe(b);
  expect(() => medianRound([])).toThrow('no rounds measured');
  // all rounds together: (4200 + 4000 + 5250) / (6000 + 5000 + 7000) = 13450 / 18000
  expect(pooledRatio([a, b, c])).toBeCloseTo(0.747222, 6);
  expect(pooledRatio([b])).toBe(0.8);
  expect(() => pooledRatio([])).toThrow('no rounds measured');
});

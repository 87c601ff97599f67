// End-to-end test of `npm run pipeline` on the committed fixture lib/cli/fixtures/pipeline-events.csv
// (806 rows, made by: npx tsx lib/demo/cli.ts --out lib/cli/fixtures/pipeline-events.csv
//  --seed 7 --users 60 --merchants 30 --orders 240 --days 28 --end 2026-10-31T23:59:59Z).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';

import { afterAll, beforeAll, describe, expect, test } from 'vitest';

import type { MetricsDocument } from '@/lib/recsys/metrics-document';

const FIXTURE = 'lib/cli/fixtures/pipeline-events.csv';
const SPLIT = '2026-10-24T00:00:00Z';
const MODELS = ['random', 'popularity', 'repeat', 'item-knn', 'als', 'hybrid'];
const TIMING = new Set(['fitSeconds', 'recommendSeconds', 'usersPerSecond']);
let tmp = '';

function cli(args: string[]): { code: number; stdout: string; stderr: string } {
  const r = spawnSync('node_modules/.bin/tsx', ['lib/cli/pipeline.ts', ...args], {
    encoding: 'utf8',
    timeout: 120_000,
  });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

const readDoc = (dir: string) =>
  JSON.parse(readFileSync(path.join(dir, 'metrics.json'), 'utf8')) as MetricsDocument;
const readCsv = (dir: string, model: string) =>
  readFileSync(path.join(dir, 'recommendations', `${model}.csv`), 'utf8');

/** Distinct merchants each user ordered before the split, from the fixture (last 3 columns are time, type, platform). */
function orderedBeforeSplit(): Map<string, Set<string>> {
  const own = new Map<string, Set<string>>();
  for (const line of readFileSync(FIXTURE, 'utf8').trim().split('\n').slice(1)) {
    const f = line.split(',');
    const [time, type] = [f.at(-3)!, f.at(-2)!];
    if (type !== 'checkout_completed' || Date.parse(time) >= Date.parse(SPLIT)) continue;
    own.set(f[0]!, (own.get(f[0]!) ?? new Set()).add(f[1]!));
  }
  return own;
}

function rowsPerUser(csv: string): Map<string, Array<{ rank: number; score: number }>> {
  const out = new Map<string, Array<{ rank: number; score: number }>>();
  for (const line of csv.trim().split('\n').slice(1)) {
    const [user, , rank, score] = line.split(',');
    out.set(user!, [...(out.get(user!) ?? []), { rank: Number(rank), score: Number(score) }]);
  }
  return out;
}

beforeAll(() => {
  tmp = mkdtempSync(path.join(tmpdir(), 'pipeline-cli-'));
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('npm run pipeline on the fixture', () => {
  let first: ReturnType<typeof cli>;
  beforeAll(() => {
    first = cli(['--data', FIXTURE, '--split', SPLIT, '--out', path.join(tmp, 'a')]);
    cli(['--data', FIXTURE, '--split', SPLIT, '--out', path.join(tmp, 'b')]);
  }, 240_000);

  test('exits 0 with a summary on stdout and progress on stderr', () => {
    expect(first.code, first.stderr).toBe(0);
    expect(first.stdout).toMatch(
      /model +P@5 +R@10 +HR@5 +NDCG@10 \[95% CI\] +MAP@10 +MRR@10 +Cov +Div +fit s/,
    );
    for (const m of MODELS) expect(first.stdout).toMatch(new RegExp(`^${m} +0\\.\\d{3}`, 'm'));
    expect(first.stdout).toMatch(/^best: \w/m);
    expect(first.stdout).toMatch(/ndcg@10 > 0.3 .*(met|not met)/);
    expect(first.stdout).toMatch(/diagnostics/);
    expect(first.stderr).toMatch(/\] fitting item-knn\n/);
    expect(first.stderr).toMatch(/\] als iteration 15\/15\n/);
    expect(first.stderr).toMatch(/\] evaluating hybrid \(all\)\n/);
  });

  test('metrics.json has the contract keys and sane values', () => {
    const doc = readDoc(path.join(tmp, 'a'));
    expect(doc).toMatchObject({
      protocol: 'all',
      split: '2026-10-24T00:00:00.000Z',
      kMax: 20,
      seed: 42,
    });
    expect(doc.evaluatedUsers).toBeGreaterThan(0);
    expect(doc.coldUsers).toBeGreaterThanOrEqual(0);
    expect(doc.catalogSize).toBeGreaterThan(0);
    expect(Object.keys(doc.models)).toEqual(MODELS);
    for (const m of Object.values(doc.models)) {
      for (const metric of ['precision', 'recall', 'hitrate', 'ndcg', 'map', 'mrr']) {
        for (let k = 1; k <= 20; k++) {
          const v = m![`${metric}@${k}` as 'ndcg@10'];
          expect(v).toBeGreaterThanOrEqual(0);
          expect(v).toBeLessThanOrEqual(1);
        }
      }
      for (const k of ['coverage@10', 'diversity@10'] as const)
        expect(m![k]).toBeGreaterThanOrEqual(0);
      expect(m!['coverage@10']).toBeLessThanOrEqual(1);
      expect(m!['novelty@10']).toBeGreaterThanOrEqual(0);
      expect(m!.fitSeconds).toBeGreaterThanOrEqual(0);
      expect(m!.recommendSeconds).toBeGreaterThanOrEqual(0);
      expect(typeof m!.params).toBe('object');
    }
    const top = Math.max(...Object.values(doc.models).map((m) => m!['ndcg@10']));
    expect(doc.models[doc.best]!['ndcg@10']).toBe(top);
  });

  test('recommendation CSVs hold the top 20 of every evaluated user', () => {
    const doc = readDoc(path.join(tmp, 'a'));
    for (const m of MODELS) {
      const csv = readCsv(path.join(tmp, 'a'), m);
      expect(csv.split('\n')[0]).toBe('user_id,merchant_id,rank,score');
      const users = rowsPerUser(csv);
      expect(users.size).toBe(doc.evaluatedUsers);
      for (const rows of users.values()) {
        expect(rows).toHaveLength(Math.min(20, doc.catalogSize));
        expect(rows.map((r) => r.rank)).toEqual(rows.map((_, i) => i + 1));
        expect(rows.every((r, i) => i === 0 || r.score <= rows[i - 1]!.score)).toBe(true);
      }
    }
  });

  test('two runs with the same seed give identical outputs except timings', () => {
    const strip = (dir: string) =>
      JSON.stringify(readDoc(dir), (k, v) => (TIMING.has(k) ? undefined : v));
    expect(strip(path.join(tmp, 'b'))).toBe(strip(path.join(tmp, 'a')));
    for (const m of MODELS)
      expect(readCsv(path.join(tmp, 'b'), m)).toBe(readCsv(path.join(tmp, 'a'), m));
  });
});

test('discovery protocol, chosen models and seed, gzipped input, tuning, one thread', () => {
  const gz = path.join(tmp, 'events.csv.gz');
  writeFileSync(gz, gzipSync(readFileSync(FIXTURE)));
  const out = path.join(tmp, 'c');
  const r = cli([
    `--data=${gz}`,
    '--split',
    SPLIT,
    '--out',
    out,
    '--protocol',
    'discovery',
    '--models',
    'item-knn,repeat',
    '--seed',
    '3',
    '--tune',
    '--threads',
    '1',
  ]);
  expect(r.code, r.stderr).toBe(0);
  const doc = readDoc(out);
  expect(doc).toMatchObject({ protocol: 'discovery', seed: 3 });
  expect(Object.keys(doc.models)).toEqual(['repeat', 'item-knn']);
  expect(doc.models['item-knn']!.tuning).toMatchObject({ tuned: true });
  expect(r.stderr).toMatch(/\] tuning item-knn\n/);
  const own = orderedBeforeSplit();
  const users = rowsPerUser(readCsv(out, 'item-knn'));
  expect(users.size).toBe(doc.evaluatedUsers);
  for (const [user, rows] of users)
    expect(rows).toHaveLength(Math.min(20, doc.catalogSize - own.get(user)!.size));
}, 120_000);

describe('bad arguments and bad data exit with 1 and a clear message', () => {
  const ok = ['--data', FIXTURE, '--split', SPLIT, '--out'];
  const cases: Array<[string, () => string[], RegExp]> = [
    ['unknown flag', () => [...ok, path.join(tmp, 'x'), '--fast'], /error: unknown option --fast/],
    ['missing --data', () => ['--split', SPLIT, '--out', tmp], /error: missing --data/],
    ['missing --split and --out', () => ['--data', FIXTURE], /error: missing --split, --out/],
    [
      'flag without value',
      () => [...ok, path.join(tmp, 'x'), '--seed'],
      /error: --seed needs a value/,
    ],
    [
      'unparseable time',
      () => ['--data', FIXTURE, '--split', 'last tuesday', '--out', tmp],
      /error: --split "last tuesday" is not an ISO 8601 time/,
    ],
    [
      'impossible date',
      () => ['--data', FIXTURE, '--split', '2026-02-30T00:00:00Z', '--out', tmp],
      /error: --split .* is not a valid calendar time/,
    ],
    [
      'split after the data',
      () => ['--data', FIXTURE, '--split', '2027-01-01T00:00:00Z', '--out', tmp],
      /error: --split: split 2027-01-01T00:00:00.000Z is outside the data's time span \(2026-10-0.* \.\. 2026-10-31.*\): no test events/,
    ],
    [
      'split before the data',
      () => ['--data', FIXTURE, '--split', '2026-01-01', '--out', tmp],
      /outside the data's time span .*: no training events/,
    ],
    [
      'unknown model',
      () => [...ok, tmp, '--models', 'als,knn'],
      /error: unknown model "knn" in --models; expected random, popularity, repeat, item-knn, als, hybrid/,
    ],
    [
      'bad protocol',
      () => [...ok, tmp, '--protocol', 'new'],
      /error: --protocol must be all or discovery, got "new"/,
    ],
    [
      'bad threads',
      () => [...ok, tmp, '--threads', '0'],
      /error: --threads must be an integer from 1 to 64, got "0"/,
    ],
    [
      'non-integer seed',
      () => [...ok, tmp, '--seed', '4.2'],
      /error: --seed must be an integer, got "4.2"/,
    ],
    [
      'missing file',
      () => ['--data', path.join(tmp, 'nope.csv'), '--split', SPLIT, '--out', tmp],
      /error: .*nope\.csv: no such file/,
    ],
    [
      'empty file',
      () => ['--data', file('empty.csv', ''), '--split', SPLIT, '--out', tmp],
      /error: .*empty\.csv: the file is empty/,
    ],
    [
      'header only',
      () => [
        '--data',
        file('header.csv', 'user_id,merchant_id,merchant_name,category,order_total,event_time\n'),
        '--split',
        SPLIT,
        '--out',
        tmp,
      ],
      /no data rows/,
    ],
    [
      'bad rows',
      () => ['--data', file('bad.csv', BAD), '--split', '2026-10-10T00:00:00Z', '--out', tmp],
      /error: .*bad\.csv has 1 bad row[\s\S]*bad\.csv, line 3, column order_total/,
    ],
    [
      'no evaluated users',
      () => ['--data', file('cold.csv', COLD), '--split', '2026-10-10T00:00:00Z', '--out', tmp],
      /error: --split: split 2026-10-10T00:00:00.000Z leaves no evaluated users under protocol "all"/,
    ],
    ['out is a file', () => [...ok, FIXTURE], /error: --out .* exists and is not a folder/],
  ];
  const HEADER = 'user_id,merchant_id,merchant_name,category,order_total,event_time\n';
  const BAD = `${HEADER}u1,m1,A,,10.00,2026-10-01T10:00:00Z\nu1,m2,B,,ten,2026-10-02T10:00:00Z\nu1,m2,B,,5.00,2026-10-20T10:00:00Z\n`;
  const COLD = `${HEADER}u1,m1,A,,10.00,2026-10-01T10:00:00Z\nu2,m1,A,,5.00,2026-10-20T10:00:00Z\n`;
  function file(name: string, text: string): string {
    const p = path.join(tmp, name);
    writeFileSync(p, text);
    return p;
  }
  test.each(cases)('%s', (_, args, message) => {
    const r = cli(args());
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(message);
    expect(r.stdout).toBe('');
  });

  test('--skip-bad-rows skips them with a count', () => {
    const r = cli([
      '--data',
      file('bad2.csv', BAD),
      '--split',
      '2026-10-10T00:00:00Z',
      '--out',
      path.join(tmp, 'd'),
      '--models',
      'repeat',
      '--skip-bad-rows',
    ]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/1 bad rows skipped/);
    expect(readDoc(path.join(tmp, 'd')).evaluatedUsers).toBe(1);
  });
});

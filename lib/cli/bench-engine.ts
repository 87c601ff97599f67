// npm run bench:engine [-- --only retail,movielens,als,production,scale5m]
// The engine's speed and quality: the full pipeline on online_retail and MovieLens (skipped
// when ../shared is absent), ALS seconds per iteration, the hybrid's recommend-all throughput,
// and generated data sets of the seed's production size and of 5,000,000 orders. Each case
// runs in its own process (peak RSS per case). Prints figures with targets; asserts nothing.
import { spawnSync } from 'node:child_process';
import { cpus } from 'node:os';

import { benchAls, benchGenerated, benchMovielens, benchRetail, loadLine } from './pipeline-bench';

const CASES: Record<string, () => Promise<void> | void> = {
  retail: benchRetail,
  movielens: benchMovielens,
  als: benchAls,
  // the seed's production size: ≈ 55,000 ordering users, 5,700 merchants (480,000 orders in 60 days)
  production: () =>
    benchGenerated(
      'production size',
      { users: 60_000, merchants: 5_700, orders: 480_000 },
      '2026-10-18T00:00:00Z',
    ),
  // 5,000,000 orders (625,000 users, 37,500 merchants): evaluation on a seeded user sample
  scale5m: () =>
    benchGenerated('5,000,000 orders', { scale: 12.5 }, '2026-10-18T00:00:00Z', 20_000),
};

async function main(argv: string[]): Promise<number> {
  const at = argv.indexOf('--case');
  if (at >= 0) {
    const run = CASES[argv[at + 1] ?? ''];
    if (!run) throw new Error(`unknown case ${argv[at + 1]}`);
    await run();
    return 0;
  }
  const only =
    argv.find((a) => a.startsWith('--only='))?.slice(7) ?? argv[argv.indexOf('--only') + 1];
  const names =
    argv.some((a) => a.startsWith('--only')) && only ? only.split(',') : Object.keys(CASES);
  const unknown = names.filter((c) => !CASES[c]);
  if (unknown.length) {
    console.error(
      `error: unknown case ${unknown.join(', ')}; expected ${Object.keys(CASES).join(', ')}`,
    );
    return 1;
  }
  console.log(
    `bench:engine on node ${process.version}, ${cpus().length} cores (figures are noisy when other work runs)`,
  );
  for (const name of names) {
    console.log(`\n[${name}] ${loadLine()} at start`);
    const r = spawnSync(process.execPath, [...process.execArgv, process.argv[1]!, '--case', name], {
      stdio: 'inherit',
    });
    if (r.status !== 0) console.log(`  case ${name} failed (exit ${r.status ?? r.signal})`);
  }
  console.log(`\n${loadLine()} at end`);
  return 0;
}

main(process.argv.slice(2)).then((code) => (process.exitCode = code));

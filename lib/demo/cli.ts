/**
 * Writes the demo data set to a CSV file.
 *
 *   npx tsx lib/demo/cli.ts --out data/demo.csv.gz [--scale N] [--seed N] [--days N]
 *     [--orders N] [--users N] [--merchants N] [--end ISO]
 *
 * `--orders`, `--users` and `--merchants` set the counts before `--scale` multiplies them.
 * Prints rows written and elapsed seconds.
 */
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

import { generateDemoEvents } from './generate';
import { resolveDemoOptions, type DemoOptions } from './options';
import { writeEventsCsv } from './write-csv';

const NUMERIC: Record<string, keyof DemoOptions> = {
  '--scale': 'scale',
  '--seed': 'seed',
  '--days': 'days',
  '--orders': 'orders',
  '--users': 'users',
  '--merchants': 'merchants',
};

const USAGE =
  'usage: tsx lib/demo/cli.ts --out FILE[.gz] [--scale N] [--seed N] [--days N] [--orders N] ' +
  '[--users N] [--merchants N] [--end ISO]';

/**
 * Parses command-line arguments into the output path and demo options.
 * @param argv - arguments after the script name
 * @throws Error with a usage message on unknown flags or bad values
 */
export function parseDemoArgs(argv: readonly string[]): {
  out: string;
  options: Partial<DemoOptions>;
} {
  const options: Partial<DemoOptions> = {};
  let out = '';
  for (let i = 0; i < argv.length; i += 2) {
    const flag = argv[i] ?? '';
    const value = argv[i + 1];
    if (value === undefined) throw new Error(`${flag} needs a value\n${USAGE}`);
    const key = NUMERIC[flag];
    if (flag === '--out') out = value;
    else if (flag === '--end') options.endDate = value;
    else if (key && key !== 'endDate') {
      const n = Number(value);
      if (value.trim() === '' || !Number.isFinite(n)) {
        throw new Error(`${flag} must be a number, got "${value}"`);
      }
      options[key] = n;
    } else throw new Error(`unknown argument ${flag}\n${USAGE}`);
  }
  if (!out) throw new Error(`--out is required\n${USAGE}`);
  resolveDemoOptions(options);
  return { out, options };
}

async function main(): Promise<void> {
  const { out, options } = parseDemoArgs(process.argv.slice(2));
  const o = resolveDemoOptions(options);
  const started = performance.now();
  const { rows } = await writeEventsCsv(generateDemoEvents(options), out);
  const seconds = (performance.now() - started) / 1000;
  console.log(
    `wrote ${rows} rows (${o.orders} orders, ${o.users} users, ${o.merchants} merchants) ` +
      `to ${out} in ${seconds.toFixed(1)} s`,
  );
}

// Run only as a script, not when imported (tests import `parseDemoArgs`).
if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().catch((err: unknown) => {
    console.error(err instanceof Error ? err.message : err);
    process.exit(1);
  });
}

import { parseEventTime } from '@/lib/import/parse-time';
import type { ModelKind, Protocol } from '@/lib/recsys';
import { MODEL_KINDS } from '@/lib/recsys/pipeline';

/** Usage text of `npm run pipeline`. */
export const PIPELINE_USAGE = `usage: npm run pipeline -- --data FILE --split ISO_TIME --out DIR [options]
  --data FILE         canonical CSV of order events (.csv or .csv.gz)
  --split ISO_TIME    global cutoff, e.g. 2011-11-07T00:00:00Z: train before it, test from it
  --out DIR           writes DIR/metrics.json and DIR/recommendations/<model>.csv
  --protocol P        all (re-orders count, default) or discovery (ordered merchants excluded)
  --models LIST       comma-separated, default ${MODEL_KINDS.join(',')}
  --seed N            integer seed of models and bootstrap (default 42)
  --skip-bad-rows     skip invalid rows (and print how many) instead of failing on them
  --tune              choose item-knn / ALS parameters by a grid search on a validation window
                      at the end of training (lib/recsys/tuning.ts; slower: ≈ 10 extra fits)
  --threads N         threads of the ALS sweeps (default 2 on a machine with ≥ 2 cores; 1 = no workers)
  --help              this text`;

/** Parsed arguments of the pipeline CLI. */
export interface PipelineArgs {
  data: string;
  /** Cutoff, epoch ms. */
  split: number;
  out: string;
  protocol: Protocol;
  models: ModelKind[];
  seed: number;
  skipBadRows: boolean;
  tune: boolean;
  /** ALS threads, or undefined for the default. */
  threads?: number;
}

export type ParsedArgs =
  { ok: true; args: PipelineArgs } | { ok: false; message: string } | { ok: 'help' };

const VALUE_FLAGS = [
  '--data',
  '--split',
  '--out',
  '--protocol',
  '--models',
  '--seed',
  '--threads',
] as const;
const BOOLEAN_FLAGS = ['--skip-bad-rows', '--tune', '--help'];
type ValueFlag = (typeof VALUE_FLAGS)[number];

function collect(argv: readonly string[]): Map<string, string> | string {
  const values = new Map<string, string>();
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (BOOLEAN_FLAGS.includes(a) || a === '-h') {
      values.set(a === '-h' ? '--help' : a, '');
      continue;
    }
    const eq = a.indexOf('=');
    const flag = a.startsWith('--') && eq > 0 ? a.slice(0, eq) : a;
    if (!VALUE_FLAGS.includes(flag as ValueFlag)) {
      return a.startsWith('-') ? `unknown option ${flag}` : `unexpected argument "${a}"`;
    }
    const value = eq > 0 && flag !== a ? a.slice(eq + 1) : argv[++i];
    if (value === undefined || (flag === a && value.startsWith('--')))
      return `${flag} needs a value`;
    if (values.has(flag)) return `${flag} is given twice`;
    values.set(flag, value);
  }
  return values;
}

function parseSplit(raw: string): number | string {
  if (!/^\d{4}-\d{2}-\d{2}/.test(raw.trim()))
    return `--split "${raw}" is not an ISO 8601 time (e.g. 2011-11-07T00:00:00Z)`;
  const t = parseEventTime(raw);
  return typeof t === 'number' ? t : `--split ${t}`;
}

function parseModels(raw: string): ModelKind[] | string {
  const names = raw
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  if (!names.length) return '--models needs at least one model';
  const bad = names.filter((n) => !MODEL_KINDS.includes(n as ModelKind));
  if (bad.length)
    return `unknown model ${bad.map((b) => `"${b}"`).join(', ')} in --models; expected ${MODEL_KINDS.join(', ')}`;
  return MODEL_KINDS.filter((m) => names.includes(m));
}

/**
 * Parses and validates the pipeline CLI's arguments (`--flag value` or `--flag=value`).
 * @param argv - process.argv.slice(2)
 * @returns the arguments, a readable error, or 'help'
 */
export function parsePipelineArgs(argv: readonly string[]): ParsedArgs {
  const v = collect(argv);
  if (typeof v === 'string') return { ok: false, message: v };
  if (v.has('--help')) return { ok: 'help' };
  const missing = (['--data', '--split', '--out'] as const).filter((f) => !v.get(f));
  if (missing.length) return { ok: false, message: `missing ${missing.join(', ')}` };
  const split = parseSplit(v.get('--split')!);
  if (typeof split === 'string') return { ok: false, message: split };
  const protocol = v.get('--protocol') ?? 'all';
  if (protocol !== 'all' && protocol !== 'discovery') {
    return { ok: false, message: `--protocol must be all or discovery, got "${protocol}"` };
  }
  const models = parseModels(v.get('--models') ?? MODEL_KINDS.join(','));
  if (typeof models === 'string') return { ok: false, message: models };
  const seedRaw = v.get('--seed') ?? '42';
  const seed = Number(seedRaw);
  if (!/^[+-]?\d+$/.test(seedRaw.trim()) || !Number.isSafeInteger(seed)) {
    return { ok: false, message: `--seed must be an integer, got "${seedRaw}"` };
  }
  const threadsRaw = v.get('--threads');
  const threads = threadsRaw === undefined ? undefined : Number(threadsRaw);
  if (threads !== undefined && !(/^\d+$/.test(threadsRaw!) && threads >= 1 && threads <= 64)) {
    return { ok: false, message: `--threads must be an integer from 1 to 64, got "${threadsRaw}"` };
  }
  return {
    ok: true,
    args: {
      data: v.get('--data')!,
      split,
      out: v.get('--out')!,
      protocol,
      models,
      seed,
      skipBadRows: v.has('--skip-bad-rows'),
      tune: v.has('--tune'),
      threads,
    },
  };
}

/**
 * Load generators of `npm run bench:api`: Debian's `wrk` (C, event-driven: the generator costs
 * little CPU next to the server) with a Lua script picking a random known user per request, or,
 * without wrk, a Node generator (keep-alive http.Agent, one loop per connection) that competes
 * with the server for the same two cores — its figures are a lower bound.
 */
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import http from 'node:http';
import path from 'node:path';

export interface LoadResult {
  label: string;
  connections: number;
  seconds: number;
  requests: number;
  rps: number;
  p50ms: number;
  p99ms: number;
  errors: number;
  /** What the errors were, e.g. "timeout 12, non-2xx 3". */
  errorKinds: string;
  tool: 'wrk' | 'node';
}

/** One round of bench:api: the bare route, then the recommendations, a few seconds apart. */
export interface Round {
  ping: LoadResult;
  rec: LoadResult;
  /** rec.rps / ping.rps */
  ratio: number;
}

/** The round with the median ratio (of an even count, the lower of the two middle ones). */
export function medianRound(rounds: readonly Round[]): Round {
  if (rounds.length === 0) throw new Error('no rounds measured');
  return [...rounds].sort((a, b) => a.ratio - b.ratio)[(rounds.length - 1) >> 1]!;
}

/**
 * The recommendations' mean req/s over all rounds divided by the bare route's (equal round
 * lengths: the requests of all rounds together). Rounds alternate which route goes first, so a
 * drift of the machine's speed weighs on both alike; a single 5 s round's ratio swings by
 * ±15–20 % here, the pooled one much less.
 */
export function pooledRatio(rounds: readonly Round[]): number {
  if (rounds.length === 0) throw new Error('no rounds measured');
  let rec = 0;
  let ping = 0;
  for (const r of rounds) {
    rec += r.rec.rps;
    ping += r.ping.rps;
  }
  return rec / ping;
}

export interface LoadSpec {
  label: string;
  port: number;
  /** Paths to request: one fixed path, or a list to pick from at random. */
  paths: readonly string[];
  connections: number;
  seconds: number;
}

export function hasWrk(): boolean {
  return spawnSync('sh', ['-c', 'command -v wrk'], { encoding: 'utf8' }).status === 0;
}

function ms(value: string, unit: string): number {
  const v = Number(value);
  return unit === 'us' ? v / 1000 : unit === 's' ? v * 1000 : unit === 'm' ? v * 60_000 : v;
}

/** Parses wrk's --latency report. */
export function parseWrk(out: string): { requests: number; rps: number; p50ms: number; p99ms: number; errors: number; errorKinds: string } {
  const pct = (p: string) => {
    const m = new RegExp(`^\\s+${p}%\\s+([\\d.]+)(us|ms|s|m)\\s*$`, 'm').exec(out);
    return m ? ms(m[1]!, m[2]!) : NaN;
  };
  const socket = /Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)/.exec(out);
  const non2xx = /Non-2xx or 3xx responses: (\d+)/.exec(out);
  const errors = (socket ? socket.slice(1).reduce((s, x) => s + Number(x), 0) : 0) + (non2xx ? Number(non2xx[1]) : 0);
  const kinds = ['connect', 'read', 'write', 'timeout'].map((k, i) => [k, Number(socket?.[i + 1] ?? 0)] as const);
  const errorKinds = [...kinds, ['non-2xx', Number(non2xx?.[1] ?? 0)] as const].filter(([, n]) => n > 0).map(([k, n]) => `${k} ${n}`).join(', ');
  return {
    errorKinds,
    requests: Number(/(\d+) requests in/.exec(out)?.[1] ?? NaN),
    rps: Number(/Requests\/sec:\s+([\d.]+)/.exec(out)?.[1] ?? NaN),
    p50ms: pct('50'),
    p99ms: pct('99'),
    errors,
  };
}

/** Runs wrk (2 threads, --latency); the Lua script picks a path at random per request (seed 42). */
export function runWrk(spec: LoadSpec, workDir: string): LoadResult {
  const lua = path.join(workDir, 'paths.lua');
  writeFileSync(
    lua,
    `local paths = {${spec.paths.map((p) => JSON.stringify(p)).join(',')}}\n` +
      'math.randomseed(42)\nrequest = function() return wrk.format("GET", paths[math.random(#paths)]) end\n',
  );
  const threads = Math.min(2, spec.connections);
  const cmd = `ulimit -n $(ulimit -Hn) 2>/dev/null; exec wrk -t${threads} -c${spec.connections} -d${spec.seconds}s --timeout 10s --latency -s ${lua} http://127.0.0.1:${spec.port}`;
  const r = spawnSync('sh', ['-c', cmd], { encoding: 'utf8', timeout: (spec.seconds + 60) * 1000 });
  if (r.status !== 0) throw new Error(`wrk failed: ${r.stderr || r.stdout}`);
  return { label: spec.label, connections: spec.connections, seconds: spec.seconds, ...parseWrk(r.stdout), tool: 'wrk' };
}

function percentile(sorted: Float64Array, p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

/** The Node generator: `connections` keep-alive loops for `seconds`. */
export async function runNode(spec: LoadSpec): Promise<LoadResult> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: spec.connections });
  const latencies: number[] = [];
  let errors = 0;
  let non2xx = 0;
  let seed = 42;
  const pick = () => {
    seed = (seed * 1103515245 + 12345) % 2 ** 31;
    return spec.paths[seed % spec.paths.length]!;
  };
  const one = () =>
    new Promise<void>((resolve) => {
      const t0 = performance.now();
      const req = http.get({ host: '127.0.0.1', port: spec.port, path: pick(), agent, timeout: 10_000 }, (res) => {
        res.resume();
        res.on('end', () => {
          if (res.statusCode === 200) latencies.push(performance.now() - t0);
          else non2xx++;
          resolve();
        });
      });
      req.on('error', () => {
        errors++;
        resolve();
      });
    });
  const end = Date.now() + spec.seconds * 1000;
  const t0 = performance.now();
  await Promise.all(Array.from({ length: spec.connections }, async () => {
    while (Date.now() < end) await one();
  }));
  const seconds = (performance.now() - t0) / 1000;
  agent.destroy();
  const sorted = Float64Array.from(latencies).sort();
  return {
    label: spec.label, connections: spec.connections, seconds: spec.seconds, requests: latencies.length + errors + non2xx,
    rps: latencies.length / seconds, p50ms: percentile(sorted, 50), p99ms: percentile(sorted, 99), errors: errors + non2xx,
    errorKinds: [errors ? `socket ${errors}` : '', non2xx ? `non-2xx ${non2xx}` : ''].filter(Boolean).join(', '), tool: 'node',
  };
}

/** Runs the spec with wrk when installed, else with the Node generator. */
export async function runLoad(spec: LoadSpec, workDir: string, useWrk: boolean): Promise<LoadResult> {
  return useWrk ? runWrk(spec, workDir) : runNode(spec);
}

export function formatResult(r: LoadResult): string {
  const f = (x: number, d = 1) => (Number.isFinite(x) ? x.toFixed(d) : 'n/a');
  return `${r.label.padEnd(34)} ${String(r.connections).padStart(5)} conn ${String(r.seconds).padStart(3)} s  ${f(r.rps, 0).padStart(7)} req/s  p50 ${f(r.p50ms, 2).padStart(7)} ms  p99 ${f(r.p99ms, 2).padStart(7)} ms  errors ${r.errors}${r.errorKinds ? ` (${r.errorKinds})` : ''}  [${r.tool}]`;
}

/**
 * Puts the API fast path (./api-fast-path.ts) in front of Next's request listener, with the
 * route table of the build Next serves (its distDir and `compress` from next.config, read by
 * Next's own config loader). Off with API_FAST_PATH=0, or when the build has rules the fast
 * path does not reproduce (logged).
 */
import type http from 'node:http';
import { createRequire } from 'node:module';
import path from 'node:path';

import { PHASE_PRODUCTION_SERVER } from 'next/constants';

import { createApiFastPath } from './api-fast-path';
import { readApiRouteTable } from './api-routes';

type Listener = (req: http.IncomingMessage, res: http.ServerResponse) => void;
type LoadConfig = (phase: string, dir: string) => Promise<{ distDir: string; compress?: boolean }>;

/** Whether the environment turns the fast path off (`API_FAST_PATH=0`). */
export function fastPathDisabled(env: Record<string, string | undefined> = process.env): boolean {
  return env.API_FAST_PATH?.trim() === '0';
}

/**
 * Next's listener behind the fast path (or unchanged when it is off).
 * @param dir - the app's directory (Next's `dir`)
 * @param hostname - the hostname and port Next was created with
 */
export async function withApiFastPath(viaNext: Listener, dir: string, hostname: string, port: number): Promise<Listener> {
  if (fastPathDisabled()) return viaNext;
  // Next's own config loader (a CommonJS default export), as its server reads next.config.
  const loadConfig = (createRequire(import.meta.url)('next/dist/server/config') as { default: LoadConfig }).default;
  const config = await loadConfig(PHASE_PRODUCTION_SERVER, dir);
  const table = readApiRouteTable(path.resolve(dir, config.distDir), '/api/v1/');
  if (table.disabledReason) {
    console.log(`API fast path off: ${table.disabledReason}`);
    return viaNext;
  }
  return createApiFastPath({ table, hostname, port, compress: config.compress !== false }, viaNext);
}

/**
 * Shared steps of the hand-written test fixtures (lib/db/segment-fixture.ts,
 * lib/db/user-merchant-fixture.ts, lib/serving/fixture.ts): import a CSV of events, look up
 * the ids it created, and write a finished evaluate run whose cache the fixture then fills.
 * The fixtures write some RecommendationList rows in each itemsJson format (compact, as runs
 * write them now, and the object format of older runs), so every reader is tested on both.
 */
import { encodeCachedLists } from '@/lib/db/cached-lists-codec';
import { importEventFile } from '@/lib/db/import-events';
import type { CachedLists, RunConfig, RunSnapshot } from '@/lib/db/run-types';
import type { TempDb } from '@/lib/testing/temp-db';

/** Internal ids by external id: `U('u1')` is User.id, `M('m1')` Merchant.id (undefined ids throw). */
export interface FixtureIds {
  U: (externalId: string) => number;
  M: (externalId: string) => number;
}

/** Imports `csv` (written as `name` in the fixture folder) and returns the id lookups. */
export async function importFixtureEvents(t: TempDb, name: string, csv: string): Promise<FixtureIds> {
  await importEventFile(t.write(name, csv), { db: t.db });
  const ids = (table: 'User' | 'Merchant') => {
    const map = new Map((t.db.prepare(`SELECT externalId, id FROM ${table}`).all() as { externalId: string; id: number }[]).map((r) => [r.externalId, r.id]));
    return (externalId: string) => {
      const id = map.get(externalId);
      if (id === undefined) throw new Error(`fixture: no ${table} "${externalId}"`);
      return id;
    };
  };
  return { U: ids('User'), M: ids('Merchant') };
}

/** A finished evaluate run row: id, config, snapshot, whether it is active, created and finished times (epoch ms). */
export function insertFixtureRun(
  t: TempDb,
  run: { id: number; config: Omit<RunConfig, 'mode' | 'protocols'>; snapshot: RunSnapshot; active: boolean; createdAt: number; finishedAt: number | null },
): void {
  t.db
    .prepare("INSERT INTO ModelRun (id, mode, status, configJson, snapshotJson, isActive, createdAt, finishedAt) VALUES (?, 'evaluate', 'done', ?, ?, ?, ?, ?)")
    .run(
      run.id,
      JSON.stringify({ mode: 'evaluate', split: run.config.split, models: run.config.models, protocols: ['all', 'discovery'], seed: run.config.seed, topN: run.config.topN }),
      JSON.stringify(run.snapshot),
      run.active ? 1 : 0,
      run.createdAt,
      run.finishedAt,
    );
}

/** A RecommendationList.itemsJson text in the `compact` format (lib/db/cached-lists-codec.ts) or the older `object` format. */
export function fixtureItemsJson(lists: CachedLists, format: 'compact' | 'object'): string {
  return format === 'compact' ? encodeCachedLists(lists) : JSON.stringify(lists);
}

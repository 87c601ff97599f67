import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

import { afterAll, beforeAll, describe, expect, test } from 'vitest';

import { createTempDb, type TempDb } from '@/lib/testing/temp-db';
import type { SegmentDefinition } from '@/lib/validation/segment';

import type { RunSummary } from './run-types';
import { loadSegmentFixture, SEG_CUTOFF } from './segment-fixture';

let t: TempDb;
let ids: Awaited<ReturnType<typeof loadSegmentFixture>>;
let run: RunSummary;
const DAY = 86_400_000;
const def = (kind: SegmentDefinition['kind'], filters: SegmentDefinition['filters'] = {}): SegmentDefinition => ({ kind, filters });

beforeAll(async () => {
  t = createTempDb();
  process.env.DATABASE_URL = `file:${t.file}`;
  process.env.SEGMENT_EXPORT_DIR = path.join(t.dir, 'exports');
  ids = await loadSegmentFixture(t);
  const { getActiveRun } = await import('./runs');
  run = (await getActiveRun())!;
});
afterAll(async () => {
  const { prisma } = await import('./client');
  await prisma.$disconnect();
  t.close();
});

describe('segment store, preview and backtest', () => {
  test('facts at the cutoff: checkouts only, before the cutoff; discovery lists with the top history merchant', async () => {
    const { getSegmentStore } = await import('./segment-store');
    const store = await getSegmentStore(run);
    expect(store.now).toBe(SEG_CUTOFF);
    expect(store.categories).toEqual(['burgers', 'pizza', 'sushi']);
    const users = [...store.users()];
    expect(users.map((u) => [u.externalId, u.orders, u.spent, u.platform, u.spending])).toEqual([
      ['u1', 2, 30, 'ios', 'medium'],
      ['u2', 1, 50, 'android', 'high'],
      ['u3', 0, 0, '', 'none'],
    ]);
    expect(users[0]!.lastOrder).toBe(Date.UTC(2024, 11, 5, 12));
    expect([...users[0]!.ordered]).toEqual([[ids.M('m1'), { orders: 2, spent: 30 }]]);
    // Scores are affinity: the cached hybrid scores 0.8 and 0.4 ÷ u1's best (0.8).
    expect(users[0]!.recs).toEqual([
      { merchantId: ids.M('m2'), score: 1, via: ids.M('m1') },
      { merchantId: ids.M('m3'), score: 0.5, via: null },
    ]);
    expect(users[1]!.recs.map((r) => r.score)).toEqual([1, 0.75 / 0.9]);
    expect(users[2]!.recs.map((r) => r.score)).toEqual([1, 0.3 / 0.5]);
  });

  test('preview: size in users and rows, first rows, names of the merchants shown', async () => {
    const { getSegmentPreview } = await import('./segments');
    const p = await getSegmentPreview(def('high_affinity_prospect'), run);
    // Affinity > 0.7: u1 m2 (1; m3 0.5 is not), u2 m1 (1) and m3 (0.8333), u3 m1 (1; m2 0.6 is not).
    expect(p).toMatchObject({ users: 3, totalRows: 4, seedRows: 4, referenceTime: SEG_CUTOFF, columns: ['user_id', 'merchant_id', 'merchant_name', 'affinity_score'] });
    expect(p.rows).toEqual([
      { user_id: 'u1', merchant_id: 'm2', merchant_name: '=Napoli, Slice', affinity_score: 1 },
      { user_id: 'u2', merchant_id: 'm1', merchant_name: 'Burger Hub', affinity_score: 1 },
      { user_id: 'u2', merchant_id: 'm3', merchant_name: 'Sushi Go', affinity_score: 0.8333 },
      { user_id: 'u3', merchant_id: 'm1', merchant_name: 'Burger Hub', affinity_score: 1 },
    ]);
    const above = await getSegmentPreview(def('high_affinity_prospect', { minScore: 0.9 }), run);
    expect(above.rows.map((r) => [r.user_id, r.merchant_id])).toEqual([['u1', 'm2'], ['u2', 'm1'], ['u3', 'm1']]);
    expect(p.merchantNames).toEqual({ m1: 'Burger Hub', m2: '=Napoli, Slice', m3: 'Sushi Go' });
    const lapsed = await getSegmentPreview(def('lapsed_personalized', { minDaysSinceOrder: 5 }), run, 1);
    expect(lapsed.rows).toEqual([{ user_id: 'u1', days_since_order: 9, rec_1: 'm2', rec_2: 'm3', rec_3: '' }]);
  });

  test('options: merchants, categories, and how many merchants per user the default threshold keeps', async () => {
    const { getSegmentOptions } = await import('./segments');
    const o = await getSegmentOptions(run);
    expect(o.categories).toEqual(['burgers', 'pizza', 'sushi']);
    // Users with orders: u1 has 1 merchant above 0.7 (m2), u2 has 2 (m1, m3); u3 has no orders.
    // Sorted [1, 2]: the 10th, 50th and 90th percentiles (floor of p · (n − 1)) all pick index 0.
    expect(o.aboveDefault).toEqual({ p10: 1, p50: 1, p90: 1 });
  });

  test('unknown merchant or category: an error naming the field', async () => {
    const { getSegmentPreview } = await import('./segments');
    await expect(getSegmentPreview(def('merchant_superfan', { merchant: 'm_nope' }), run)).rejects.toMatchObject({ field: 'merchant', message: expect.stringContaining('Unknown merchant "m_nope"') });
    await expect(getSegmentPreview(def('category_explorer', { category: 'tacos' }), run)).rejects.toMatchObject({ field: 'category', status: 400 });
  });

  test('backtest: hits in [cutoff, cutoff + 14 days) against the base rate of warm users', async () => {
    const { getSegmentBacktest } = await import('./segments');
    // Targets u1 {m2} (ordered Dec 20: hit), u2 {m1, m3} (m3 on Dec 30 is after the window) and
    // u3 {m1} (ordered Dec 18: hit). Base over the 2 warm users: p(m2) = 1 (u1, the one who never
    // ordered m2, did), p(m1) = 0 (u2 did not), p(m3) = 0 ⇒ (1 + 0 + 0) / 3; hit rate 2/3, lift 2.
    expect(await getSegmentBacktest(def('high_affinity_prospect'), run)).toEqual({
      runId: 1, cutoff: SEG_CUTOFF, windowEnd: SEG_CUTOFF + 14 * DAY, users: 3, hits: 2, hitRate: 2 / 3, baseRate: 1 / 3, lift: 2, populationUsers: 2, baseline: 'discovery',
    });
    // At 0.9 u2 keeps only m1: the same users, the same hits and base rate.
    expect(await getSegmentBacktest(def('high_affinity_prospect', { minScore: 0.9 }), run)).toMatchObject({ users: 3, hits: 2, lift: 2 });
    // Superfans of m1: u1, who did not order there again; nobody re-ordered m1 ⇒ base 0, no lift.
    expect(await getSegmentBacktest(def('merchant_superfan', { merchant: 'm1' }), run)).toMatchObject({ users: 1, hits: 0, baseRate: 0, lift: null, baseline: 'repeat' });
  });
});

describe('CSV export', () => {
  const read = async (stream: ReadableStream<Uint8Array>) => new Response(stream).text();

  test('seed format: the exact header, one row per user and merchant, formula cells neutralised', async () => {
    const { createSegmentCsv } = await import('./segment-export');
    const csv = await createSegmentCsv(def('high_affinity_prospect'), 'seed', run, { exportDate: '2024-12-31' });
    expect(csv.fileName).toBe('high_affinity_prospect_2024-12-31.csv');
    expect(await read(csv.stream)).toBe(
      'amplitude_id,segment,recommended_merchant_id,recommended_merchant_name,score,export_date\r\n' +
        `u1,high_affinity_prospect,m2,"'=Napoli, Slice",1,2024-12-31\r\n` +
        'u2,high_affinity_prospect,m1,Burger Hub,1,2024-12-31\r\n' +
        'u2,high_affinity_prospect,m3,Sushi Go,0.8333,2024-12-31\r\n' +
        'u3,high_affinity_prospect,m1,Burger Hub,1,2024-12-31\r\n',
    );
    expect(await csv.rows).toBe(4);
  });

  test('fields format, identical whatever the chunk size', async () => {
    const { createSegmentCsv } = await import('./segment-export');
    const expected = 'user_id,ordered_merchant,recommended_merchant,score\r\nu1,m1,m2,1\r\nu1,m1,m3,0.5\r\nu2,m2,m1,1\r\nu2,m2,m3,0.8333\r\n';
    for (const chunkRows of [1, 2, 1000]) {
      const csv = await createSegmentCsv(def('cross_sell_target'), 'fields', run, { chunkRows });
      expect(await read(csv.stream)).toBe(expected);
    }
  });
});

describe('saved segments and scheduled exports', () => {
  const NOW = Date.UTC(2030, 0, 2, 6); // after the rows' createdAt (now): due at once

  test('a daily segment is exported when due, once per day, into the export folder, with history', async () => {
    const saved = await import('./saved-segments');
    const { runDueExports } = await import('./segment-export');
    const s = await saved.createSavedSegment({ name: 'Prospects', definition: def('high_affinity_prospect'), schedule: 'daily', format: 'seed' });
    expect((await saved.listSavedSegments()).map((x) => [x.name, x.kind, x.schedule, x.definition?.kind])).toEqual([['Prospects', 'high_affinity_prospect', 'daily', 'high_affinity_prospect']]);
    const [first] = await runDueExports(NOW);
    const file = path.join(t.dir, 'exports', `segment-${s.id}`, 'high_affinity_prospect_2030-01-02.csv');
    expect(first).toEqual({ segmentId: s.id, name: 'Prospects', path: file, rows: 4 });
    expect(existsSync(file)).toBe(true);
    expect(readFileSync(file, 'utf8').split('\r\n')).toHaveLength(6); // header, 4 rows, final empty
    expect(await runDueExports(NOW + 3_600_000)).toEqual([]);
    expect(await runDueExports(NOW + DAY)).toHaveLength(1);
    const history = await saved.listSegmentExports();
    expect(history.map((h) => [h.segmentName, h.rows, h.runId])).toEqual([['Prospects', 4, 1], ['Prospects', 4, 1]]);
    expect((await saved.getSavedSegment(s.id)).nextExportAt).toBe(NOW + 2 * DAY);
  });

  test('claiming is exclusive; unscheduled segments are never due; delete removes the history', async () => {
    const saved = await import('./saved-segments');
    const [s] = await saved.listDueSegments(NOW + 5 * DAY);
    expect(await saved.claimSegmentExport(s!, NOW + 5 * DAY)).toBe(true);
    expect(await saved.claimSegmentExport(s!, NOW + 5 * DAY)).toBe(false);
    await saved.updateSegmentSchedule(s!.id, null);
    expect(await saved.listDueSegments(NOW + 50 * DAY)).toEqual([]);
    await saved.deleteSavedSegment(s!.id);
    expect(await saved.listSegmentExports()).toEqual([]);
    await expect(saved.deleteSavedSegment(s!.id)).rejects.toThrow(/does not exist/);
  });
});

describe('reading cached discovery lists', () => {
  test('the fast scan reads what JSON.stringify wrote; another shape is refused (JSON.parse takes over)', async () => {
    const { scanDiscoveryTail } = await import('./cached-discovery-scan');
    const got: number[][] = [];
    const push = (m: number, s: number, v: number) => got.push([m, s, v]);
    const lists = {
      all: [{ merchantId: 9, score: 0.1, source: 'als', contributions: [] }],
      discovery: [
        { merchantId: 7, score: 0.5, source: 'item-knn', contributions: [{ merchantId: null, value: 0.2, source: 'popularity' }, { merchantId: 3, value: 0.3, source: 'item-knn' }] },
        { merchantId: 8, score: 1e-7, source: 'popularity', contributions: [] },
      ],
      fallback: false,
    };
    scanDiscoveryTail(JSON.stringify(lists), push);
    expect(got).toEqual([[7, 0.5, 3], [8, 1e-7, -1]]);
    got.length = 0;
    scanDiscoveryTail('{"discovery":[{"score":0.5,"merchantId":7,"source":"x","contributions":[]}]}', push);
    expect(got).toEqual([[7, 0.5, -1]]);
    got.length = 0;
    scanDiscoveryTail('{"discovery":[],"fallback":true}', push);
    expect(got).toEqual([]);
  });

  test('the second load of a run comes from its snapshot file (lists and facts) and is identical', async () => {
    const { loadSegmentData } = await import('./segment-data');
    const { snapshotFile } = await import('./segment-snapshot');
    expect(existsSync(snapshotFile(t.file, run))).toBe(true); // written by the first load above
    const before = loadSegmentData(t.db, run);
    t.db.prepare("UPDATE RecommendationList SET itemsJson = '{}' WHERE runId = 1").run(); // the snapshot must need neither
    t.db.prepare('DELETE FROM Event').run();
    const d = loadSegmentData(t.db, run);
    expect(d).toEqual(before);
    expect([...d.userIds]).toEqual([ids.U('u1'), ids.U('u2'), ids.U('u3')]);
    expect(d.externalIds).toEqual(['u1', 'u2', 'u3']);
    expect([...d.ptr]).toEqual([0, 2, 4, 6]);
    expect([...d.score]).toEqual([0.8, 0.4, 0.9, 0.75, 0.5, 0.3]);
    expect([...d.via]).toEqual([ids.M('m1'), -1, ids.M('m2'), ids.M('m2'), -1, -1]);
    expect([...d.orders]).toEqual([2, 1, 0]);
    expect([...d.ordPtr]).toEqual([0, 1, 2, 2]);
    expect(d.platforms[d.platform[0]!]).toBe('ios');
    expect(d.platform[2]).toBe(-1);
  });
});

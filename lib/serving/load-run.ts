import { parseCachedLists, type FlatLists } from '@/lib/db/cached-lists-codec';
import type { CachedAudienceMember, CachedSimilar, RunConfig, RunSnapshot } from '@/lib/db/run-types';
import type { Sqlite } from '@/lib/db/sqlite';
import { SERVED_MODELS, type ServedModel } from '@/lib/validation/api';

import { Growable, StringTable } from './growable';
import { Slicer } from './load-activity';
import type { IdArray, MerchantLists, ModelLists, RunCache, RunInfo } from './types';

/** The active run's row, or undefined. */
export function activeRunRow(db: Sqlite) {
  return db.prepare('SELECT id, mode, configJson, snapshotJson, finishedAt FROM ModelRun WHERE isActive = 1 ORDER BY id DESC LIMIT 1').get() as
    | { id: number; mode: string; configJson: string; snapshotJson: string; finishedAt: number | null }
    | undefined;
}

function parseOr<T>(json: string, fallback: T): T {
  try {
    return JSON.parse(json) as T;
  } catch {
    return fallback;
  }
}

const EMPTY_LISTS: FlatLists = { fallback: true, sources: [], all: [], discovery: [] };

/** A row's lists in either itemsJson format; a corrupt row serves as an empty fallback (as always). */
function flatOr(json: string): FlatLists {
  try {
    return parseCachedLists(json);
  } catch {
    return EMPTY_LISTS;
  }
}

/** Builds one model's ModelLists from its rows, in any user order. */
class ListsBuilder {
  private readonly slots = new Growable(Int32Array, 1 << 12);
  private readonly fallback = new Growable(Uint8Array, 1 << 12);
  private readonly itemStart = new Growable(Int32Array, 1 << 14);
  private readonly contribStart = new Growable(Int32Array, 1 << 14);
  private readonly itemMerchant: Growable<IdArray>;
  private readonly itemScore = new Growable(Float32Array, 1 << 16);
  private readonly itemSource = new Growable(Uint8Array, 1 << 16);
  private readonly contribCount = new Growable(Uint8Array, 1 << 16);
  private readonly contribMerchant: Growable<IdArray>;
  private readonly contribValue = new Growable(Float32Array, 1 << 17);
  private readonly contribSource = new Growable(Uint8Array, 1 << 17);

  constructor(
    private readonly idArray: typeof Uint16Array | typeof Uint32Array,
    private readonly sources: StringTable,
  ) {
    this.itemMerchant = new Growable<IdArray>(idArray, 1 << 16);
    this.contribMerchant = new Growable<IdArray>(idArray, 1 << 17);
  }

  add(userId: number, lists: FlatLists) {
    this.slots.push(userId);
    this.fallback.push(lists.fallback ? 1 : 0);
    const source = lists.sources.map((s) => this.sources.idOf(s));
    for (const list of [lists.all, lists.discovery]) {
      this.itemStart.push(this.itemScore.length);
      this.contribStart.push(this.contribValue.length);
      for (let i = 0; i < list.length; ) i = this.addItem(list, i, source);
    }
  }

  /** Adds the flat item at `i` (lib/db/cached-lists-codec.ts layout); returns the next item's offset. */
  private addItem(list: readonly number[], i: number, source: readonly number[]): number {
    this.itemMerchant.push(list[i]!);
    this.itemScore.push(list[i + 1]!);
    this.itemSource.push(source[list[i + 2]!]!);
    const n = list[i + 3]!;
    const kept = Math.min(n, 255);
    this.contribCount.push(kept);
    for (let k = i + 4; k < i + 4 + 3 * kept; k += 3) {
      this.contribMerchant.push(list[k]!);
      this.contribValue.push(list[k + 1]!);
      this.contribSource.push(source[list[k + 2]!]!);
    }
    return i + 4 + 3 * n;
  }

  /** Trims every array to size, letting requests run between the copies (each is one memcpy). */
  async finish(uSize: number, slicer: Slicer): Promise<ModelLists> {
    this.itemStart.push(this.itemScore.length);
    const users = this.slots.finish();
    const slotOfUser = new Int32Array(uSize).fill(-1);
    users.forEach((u, s) => {
      if (u < uSize) slotOfUser[u] = s;
    });
    const trim = async <T,>(g: { finish(): T }): Promise<T> => {
      const out = g.finish();
      if (slicer.due()) await slicer.yield();
      return out;
    };
    return {
      slotOfUser,
      fallback: await trim(this.fallback),
      itemStart: await trim(this.itemStart),
      contribStart: await trim(this.contribStart),
      itemMerchant: await trim(this.itemMerchant),
      itemScore: await trim(this.itemScore),
      itemSource: await trim(this.itemSource),
      contribCount: await trim(this.contribCount),
      contribMerchant: await trim(this.contribMerchant),
      contribValue: await trim(this.contribValue),
      contribSource: await trim(this.contribSource),
    };
  }
}

/** The run's reference time: the snapshot's cutoff, else the configured split, else null. */
export function runReferenceTime(run: { snapshotJson: string; configJson: string }): number | null {
  const snapshot = parseOr<Partial<RunSnapshot>>(run.snapshotJson, {});
  const config = parseOr<Partial<RunConfig>>(run.configJson, {});
  const split = config.split ? Date.parse(config.split) : NaN;
  return snapshot.cutoff ?? (Number.isFinite(split) ? split : null);
}

const bytesOf = (o: object) => Object.values(o).reduce((s: number, a) => s + (ArrayBuffer.isView(a) ? a.byteLength : 0), 0);

async function loadMerchantLists(db: Sqlite, runId: number): Promise<Map<number, MerchantLists>> {
  const out = new Map<number, MerchantLists>();
  const slicer = new Slicer();
  for (const r of db.prepare('SELECT merchantId, similarJson, audienceJson FROM MerchantCache WHERE runId = ?').iterate(runId) as Iterable<{ merchantId: number; similarJson: string; audienceJson: string }>) {
    const similar = parseOr<CachedSimilar[]>(r.similarJson, []);
    const audience = parseOr<CachedAudienceMember[]>(r.audienceJson, []);
    out.set(r.merchantId, {
      similar: Uint32Array.from(similar, (s) => s.merchantId),
      similarity: Float32Array.from(similar, (s) => s.similarity),
      audience: Uint32Array.from(audience, (a) => a.userId),
      affinity: Float32Array.from(audience, (a) => a.affinity),
    });
    if (slicer.due()) await slicer.yield();
  }
  return out;
}

/**
 * Loads a finished run's cache into typed arrays: every RecommendationList row (parsed once,
 * in either itemsJson format of lib/db/cached-lists-codec.ts; scores and contributions as
 * float32, merchant ids as 16-bit while they fit) and every MerchantCache row. Yields to the event loop every SLICE_MS. Run it inside a
 * read transaction. O(cached items + contributions).
 *
 * @param uSize - one more than the largest User.id (slot tables are indexed by User.id)
 * @param mSize - one more than the largest Merchant.id
 */
export async function loadRunCache(db: Sqlite, run: NonNullable<ReturnType<typeof activeRunRow>>, uSize: number, mSize: number): Promise<RunCache> {
  const sources = new StringTable();
  const idArray = mSize <= 0xffff ? Uint16Array : Uint32Array;
  const builders = new Map<ServedModel, ListsBuilder>();
  const rows = db.prepare('SELECT model, userId, itemsJson FROM RecommendationList WHERE runId = ?').raw();
  const slicer = new Slicer();
  for (const [model, userId, json] of rows.iterate(run.id) as Iterable<[string, number, string]>) {
    if (!(SERVED_MODELS as readonly string[]).includes(model)) continue;
    let b = builders.get(model as ServedModel);
    if (!b) builders.set(model as ServedModel, (b = new ListsBuilder(idArray, sources)));
    b.add(userId, flatOr(json));
    if (slicer.due()) await slicer.yield();
  }
  const lists = new Map<ServedModel, ModelLists>();
  for (const m of SERVED_MODELS) {
    const b = builders.get(m);
    if (b) lists.set(m, await b.finish(uSize, slicer));
  }
  const merchants = await loadMerchantLists(db, run.id);
  const snapshot = parseOr<Partial<RunSnapshot>>(run.snapshotJson, {});
  const info: RunInfo = {
    id: run.id,
    mode: run.mode,
    trainedAt: run.finishedAt,
    referenceTime: runReferenceTime(run),
    models: [...lists.keys()],
    users: snapshot.users ?? 0,
    merchants: snapshot.merchants ?? 0,
  };
  let bytes = 0;
  for (const l of lists.values()) bytes += bytesOf(l);
  for (const m of merchants.values()) bytes += bytesOf(m);
  return { run: info, lists, merchants, sources: sources.values, bytes };
}

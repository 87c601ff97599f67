/**
 * CRM segments: pure predicates and row builders over plain per-user facts (no I/O).
 *
 * Scores are discovery affinity (0–1, see segment-affinity.ts): the hybrid model's cached
 * discovery score of a merchant the user never ordered at ÷ the user's best such score, so 1 =
 * the user's strongest new-merchant match and 0.7 (the default threshold) = 70 % of it.
 * Facts (orders, spend, last order, platform) count checkouts before the reference time.
 * Kinds and data: segment-types.ts; each kind's rule: segment-rules.ts.
 */
import { matchUser, resolveFilters, superfans } from './segment-rules';
import { SEGMENT_FIELDS, type FieldValue, type SegmentContext, type SegmentFilters, type SegmentKind, type SegmentMatch, type SegmentUser } from './segment-types';

export * from './segment-types';
export * from './segment-rules';

/**
 * Every row of a segment, in the order of `users` (merchant_superfan: by rank). Lazy for every
 * kind but merchant_superfan, so exports can stream with bounded memory.
 * @param filters - raw filters; the kind's defaults are applied here
 */
export function* buildSegment(kind: SegmentKind, users: Iterable<SegmentUser>, filters: SegmentFilters, ctx: SegmentContext): Generator<SegmentMatch> {
  const f = resolveFilters(kind, filters);
  if (kind === 'merchant_superfan') {
    yield* superfans(users, f, ctx);
    return;
  }
  for (const user of users) yield* matchUser(kind, user, f, ctx);
}

/** The match as a row of the segment's own CSV, in {@link SEGMENT_FIELDS} order. */
export function fieldsRow(kind: SegmentKind, match: SegmentMatch): FieldValue[] {
  return SEGMENT_FIELDS[kind].map((k) => match.row[k] ?? '');
}

/** The match as rows of the flat format ({@link SEED_HEADER}), one per recommended merchant. */
export function seedRows(kind: SegmentKind, match: SegmentMatch, ctx: SegmentContext, exportDate: string): FieldValue[][] {
  return match.targets.map((t) => {
    const m = ctx.merchants.get(t.merchantId);
    return [match.externalId, kind, m?.externalId ?? String(t.merchantId), m?.name ?? '', t.score, exportDate];
  });
}

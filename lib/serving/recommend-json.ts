/**
 * The JSON text of a recommendations answer, equal to `JSON.stringify(answer)` character for
 * character (tested), written field by field in the order recommendFor builds them. A 10-item
 * answer is ~7 KB in which merchant ids, names, categories and signal names repeat; their quoted
 * forms are kept in a bounded cache (quoting is a pure function of the string, so the cache can
 * never be stale whatever run is promoted). About half the time of JSON.stringify here.
 */
import type { Recommendations } from './schemas';

/** Quoted strings kept at most; the cache is emptied when full (ids and names of ~10^4 merchants fit). */
const MAX_QUOTED = 50_000;
const quoted = new Map<string, string>();

/** `JSON.stringify(s)`, cached. */
function q(s: string): string {
  let v = quoted.get(s);
  if (v === undefined) {
    if (quoted.size >= MAX_QUOTED) quoted.clear();
    v = JSON.stringify(s);
    quoted.set(s, v);
  }
  return v;
}

const qn = (s: string | null) => (s === null ? 'null' : q(s));
/** A number as JSON writes it (non-finite → null). */
const num = (x: number) => (Number.isFinite(x) ? String(x) : 'null');

/** `JSON.stringify(answer)` for a recommendations answer (lib/serving/recommend.ts + processing_time_ms). */
export function recommendationsJson(r: Recommendations): string {
  let s = `{"user_id":${JSON.stringify(r.user_id)},"known_user":${r.known_user},"run_id":${num(r.run_id)},"model":${q(r.model)},"model_used":${q(r.model_used)},"exclude_ordered":${r.exclude_ordered},"category":${r.category === null ? 'null' : JSON.stringify(r.category)},"fallback_used":${r.fallback_used},"fallback_reason":${qn(r.fallback_reason)},"items":[`;
  for (let i = 0; i < r.items.length; i++) {
    const it = r.items[i]!;
    s += `${i ? ',' : ''}{"rank":${num(it.rank)},"merchant_id":${q(it.merchant_id)},"merchant_name":${q(it.merchant_name)},"category":${q(it.category)},"score":${num(it.score)},"source":${q(it.source)},"explanation":${JSON.stringify(it.explanation)},"contributions":[`;
    for (let j = 0; j < it.contributions.length; j++) {
      const c = it.contributions[j]!;
      s += `${j ? ',' : ''}{"merchant_id":${qn(c.merchant_id)},"merchant_name":${qn(c.merchant_name)},"value":${num(c.value)},"source":${q(c.source)}}`;
    }
    s += `],"ordered_before":${it.ordered_before}}`;
  }
  return `${s}],"processing_time_ms":${num(r.processing_time_ms)}}`;
}

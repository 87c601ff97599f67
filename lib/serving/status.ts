/** GET /api/v1/health and GET /api/v1/models. */
import { getLatestEvaluatedRun, getRunMetrics } from '@/lib/db/runs';
import type { MetricsDocument } from '@/lib/recsys/metrics-document';
import { SERVED_MODELS, type ServedModel } from '@/lib/validation/api';

import { iso } from './read';
import type { Health, Models } from './schemas';
import type { RunCache, ServingIndex } from './types';

const started = Date.now();

export function runRef(cache: RunCache) {
  const r = cache.run;
  return { id: r.id, mode: r.mode, trained_at: iso(r.trainedAt), reference_time: iso(r.referenceTime), models: r.models, users: r.users, merchants: r.merchants };
}

/**
 * Service status: `ok` with the active run, its training time and the counts served; `no_run`
 * before the first finished run; `loading` while the first index is being built (index null).
 */
export function health(index: ServingIndex | null): Health {
  const uptime_s = Math.round((Date.now() - started) / 100) / 10;
  if (!index) return { status: 'loading', active_run: null, users: 0, merchants: 0, data_as_of: null, index: null, uptime_s };
  return {
    status: index.cache ? 'ok' : 'no_run',
    active_run: index.cache ? runRef(index.cache) : null,
    users: index.activity.userCount,
    merchants: index.activity.merchantCount,
    data_as_of: iso(index.activity.lastEvent),
    index: { built_at: new Date(index.builtAt).toISOString(), build_ms: index.buildMs, memory_bytes: (index.cache?.bytes ?? 0) + index.activity.bytes },
    uptime_s,
  };
}

const ABOUT: Record<ServedModel, { name: string; description: string }> = {
  hybrid: { name: 'Hybrid', description: 'Weighted blend of item-kNN, ALS, repeat and popularity signals, weights learned on a validation window.' },
  als: { name: 'Implicit ALS', description: 'Matrix factorisation of order counts with confidence weighting (Hu, Koren & Volinsky 2008).' },
  'item-knn': { name: 'Item-kNN', description: 'Merchants ordered by people who order where you order (cosine item–item similarity).' },
  popularity: { name: 'Popularity', description: 'Most ordered merchants, recent orders weighted more; the fallback for users without history.' },
  repeat: { name: 'Repeat', description: 'Your own favourites again: merchants you ordered from, by frequency and recency.' },
};

const HEADLINE = ['precision@5', 'recall@10', 'hitrate@5', 'ndcg@10', 'map@10', 'mrr@10', 'coverage@10'] as const;

type Documents = { documents?: Partial<Record<'all' | 'discovery', MetricsDocument>> };

/**
 * The models the API serves, which of them the active run cached, and their headline test
 * metrics from the newest finished evaluate-mode run (per protocol), when there is one.
 */
export async function listModels(index: ServingIndex): Promise<Models> {
  const evaluated = await getLatestEvaluatedRun();
  const docs = evaluated ? ((await getRunMetrics<Documents>(evaluated.id)).documents ?? {}) : {};
  const served = new Set(index.cache?.run.models ?? []);
  return {
    active_run_id: index.cache?.run.id ?? null,
    metrics_run_id: evaluated?.id ?? null,
    models: SERVED_MODELS.map((id) => {
      const metrics: Record<string, Record<string, number>> = {};
      for (const [protocol, doc] of Object.entries(docs)) {
        const m = doc?.models?.[id];
        if (m) metrics[protocol] = Object.fromEntries(HEADLINE.map((k) => [k, Number(m[k] ?? 0)]));
      }
      return { id, ...ABOUT[id], served: served.has(id), metrics: Object.keys(metrics).length ? metrics : null };
    }),
  };
}

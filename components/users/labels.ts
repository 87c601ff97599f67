/** Display names of models and recommendation sources, shared by the user and merchant tabs. */

export const MODEL_LABELS: Record<string, string> = {
  hybrid: 'Hybrid',
  popularity: 'Popularity',
  repeat: 'Repeat',
  'item-knn': 'Item-kNN',
  als: 'ALS',
  random: 'Random',
};

const SOURCE_LABELS: Record<string, string> = {
  'item-knn': 'item-kNN',
  als: 'ALS',
  popularity: 'popularity',
  recency: 'trending',
  repeat: 'repeat',
  hybrid: 'hybrid',
};

/** "item-kNN", "ALS", "trending" (recency), … */
export function sourceLabel(source: string): string {
  return SOURCE_LABELS[source] ?? source;
}

export function modelLabel(model: string): string {
  return MODEL_LABELS[model] ?? model;
}

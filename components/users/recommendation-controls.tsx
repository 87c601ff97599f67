'use client';

import { usePathname, useRouter, useSearchParams } from 'next/navigation';
import { useOptimistic, useTransition } from 'react';

export interface ModelOption {
  value: string;
  label: string;
  /** False when the active run did not train this model. */
  available: boolean;
}

/**
 * Model picker and "exclude merchants already ordered" toggle. Both live in the URL
 * (?model=&exclude_ordered=1), so a view can be shared and the back button works.
 */
export function RecommendationControls({ models, model, excludeOrdered }: { models: ModelOption[]; model: string; excludeOrdered: boolean }) {
  const router = useRouter();
  const pathname = usePathname();
  const params = useSearchParams();
  const [pending, startTransition] = useTransition();
  const [shown, setShown] = useOptimistic({ model, excludeOrdered });

  const update = (key: 'model' | 'exclude_ordered', value: string | null) => {
    const next = new URLSearchParams(params.toString());
    if (value === null) next.delete(key);
    else next.set(key, value);
    const qs = next.toString();
    startTransition(() => {
      setShown(key === 'model' ? { ...shown, model: value ?? 'hybrid' } : { ...shown, excludeOrdered: value !== null });
      router.replace(qs ? `${pathname}?${qs}` : pathname, { scroll: false });
    });
  };

  return (
    <div className="row" aria-busy={pending}>
      <label className="field field-inline">
        Model
        <select value={shown.model} onChange={(e) => update('model', e.target.value === 'hybrid' ? null : e.target.value)}>
          {models.map((m) => (
            <option key={m.value} value={m.value} disabled={!m.available}>
              {m.label}
              {m.available ? '' : ' (not in this run)'}
            </option>
          ))}
        </select>
      </label>
      <label className="check">
        <input type="checkbox" checked={shown.excludeOrdered} onChange={(e) => update('exclude_ordered', e.target.checked ? '1' : null)} />
        Exclude merchants already ordered
      </label>
      {pending && (
        <span className="subtle small" role="status">
          Loading…
        </span>
      )}
    </div>
  );
}

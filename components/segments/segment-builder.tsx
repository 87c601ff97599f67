'use client';

import { useRouter } from 'next/navigation';
import { useState, useTransition, type FormEvent } from 'react';

import { SEGMENT_KINDS, SPENDING_FILTERS, type SegmentKind } from '@/lib/recsys/segments';
import { definitionToParams, KIND_FILTERS, parseSegmentDefinition, PLATFORMS, type FilterKey } from '@/lib/validation/segment';

import { filterLabel, KIND_INFO } from './segment-kinds';

export interface BuilderProps {
  kind: string;
  values: Partial<Record<FilterKey, string>>;
  /** Errors from the server (e.g. an unknown merchant), by field. */
  errors: Record<string, string[]>;
  merchants: Array<{ id: string; name: string; category: string }>;
  categories: string[];
  /** Where users' best scores lie in this run (shown under the score field). */
  scoreHint?: string;
}

const NUMBER_STEP: Partial<Record<FilterKey, string>> = { minScore: '0.05' };
const isKind = (k: string): k is SegmentKind => (SEGMENT_KINDS as readonly string[]).includes(k);

/**
 * The segment builder: kind and the filters it uses. Validates with the shared zod schema, then
 * puts the definition in the URL (the page builds the preview from it). Errors sit under their field.
 */
export function SegmentBuilder({ kind: initialKind, values: initialValues, errors: serverErrors, merchants, categories, scoreHint }: BuilderProps) {
  const router = useRouter();
  const [kind, setKind] = useState(initialKind);
  const [values, setValues] = useState(initialValues);
  const [errors, setErrors] = useState(serverErrors);
  const [pending, startTransition] = useTransition();
  const fields = isKind(kind) ? KIND_FILTERS[kind] : [];

  function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const params = new URLSearchParams({ kind });
    for (const k of fields) if (values[k]?.trim()) params.set(k, values[k]!.trim());
    const parsed = parseSegmentDefinition(params);
    if (!parsed.ok) {
      setErrors(parsed.fieldErrors);
      const first = Object.keys(parsed.fieldErrors)[0];
      if (first) document.getElementById(`seg-${first}`)?.focus();
      return;
    }
    setErrors({});
    startTransition(() => router.push(`/segments?${definitionToParams(parsed.data).toString()}`, { scroll: false }));
  }

  const set = (k: FilterKey, v: string) => setValues((prev) => ({ ...prev, [k]: v }));
  return (
    <form className="stack" onSubmit={submit} noValidate aria-label="Segment builder">
      <div className="seg-kind">
        <Field id="kind" label="Segment" errors={errors.kind}>
          <select id="seg-kind" name="kind" value={kind} onChange={(e) => (setKind(e.target.value), setErrors({}))} aria-invalid={errors.kind ? true : undefined} aria-describedby={errors.kind ? 'seg-kind-error' : 'seg-kind-desc'}>
            {!isKind(kind) && <option value={kind}>{kind || '(none)'}</option>}
            {SEGMENT_KINDS.map((k) => (
              <option key={k} value={k}>
                {KIND_INFO[k].title} ({k})
              </option>
            ))}
          </select>
        </Field>
        <p id="seg-kind-desc" className="subtle" style={{ margin: 0 }}>
          {isKind(kind) ? KIND_INFO[kind].description : 'Choose a segment.'}
        </p>
      </div>
      <div className="seg-filters">
        {isKind(kind) &&
          fields.map((k) => {
            const meta = filterLabel(kind, k, scoreHint);
            const common = {
              id: `seg-${k}`,
              name: k,
              value: values[k] ?? '',
              'aria-invalid': errors[k] ? true : undefined,
              'aria-describedby': errors[k] ? `seg-${k}-error` : meta.hint ? `seg-${k}-hint` : undefined,
            } as const;
            return (
              <Field key={k} id={k} label={meta.label} hint={meta.hint} errors={errors[k]}>
                {k === 'platform' || k === 'spending' || k === 'category' ? (
                  <select {...common} onChange={(e) => set(k, e.target.value)}>
                    <option value="">Any</option>
                    {(k === 'platform' ? PLATFORMS : k === 'spending' ? SPENDING_FILTERS : categories).map((o) => (
                      <option key={o} value={o}>
                        {o}
                      </option>
                    ))}
                  </select>
                ) : k === 'merchant' || k === 'recommendedMerchant' ? (
                  <input {...common} type="text" list="seg-merchant-options" placeholder={meta.placeholder} autoComplete="off" onChange={(e) => set(k, e.target.value)} />
                ) : (
                  <input {...common} type="number" inputMode="decimal" step={NUMBER_STEP[k] ?? '1'} placeholder={meta.placeholder} onChange={(e) => set(k, e.target.value)} />
                )}
              </Field>
            );
          })}
      </div>
      <datalist id="seg-merchant-options">
        {merchants.map((m) => (
          <option key={m.id} value={m.id}>
            {m.name} · {m.category}
          </option>
        ))}
      </datalist>
      <div className="row">
        <button type="submit" className="btn btn-primary" disabled={pending}>
          {pending ? 'Building…' : 'Build segment'}
        </button>
        <button type="button" className="btn" disabled={pending} onClick={() => (setValues({}), setErrors({}))}>
          Clear filters
        </button>
        {Object.keys(errors).length > 0 && (
          <span className="seg-error" role="alert">
            Fix the highlighted filter{Object.keys(errors).length > 1 ? 's' : ''} to build the segment.
          </span>
        )}
      </div>
    </form>
  );
}

function Field({ id, label, hint, errors, children }: { id: string; label: string; hint?: string; errors?: string[]; children: React.ReactNode }) {
  return (
    <div className={`field${errors ? ' field-invalid' : ''}`}>
      <label htmlFor={`seg-${id}`}>{label}</label>
      {children}
      {errors ? (
        <span id={`seg-${id}-error`} className="seg-error">
          {errors.join(' ')}
        </span>
      ) : hint ? (
        <span id={`seg-${id}-hint`} className="subtle small">
          {hint}
        </span>
      ) : null}
    </div>
  );
}

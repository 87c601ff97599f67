'use client';

import { useActionState } from 'react';

import { promoteRunAction } from '@/lib/actions/train';

/** "Make active": serve this finished run's recommendations everywhere. */
export function PromoteButton({ runId, compact = false }: { runId: number; compact?: boolean }) {
  const [result, action, pending] = useActionState(promoteRunAction, null);
  return (
    <form action={action} className="row" style={{ gap: 6 }}>
      <input type="hidden" name="runId" value={runId} />
      <button className={compact ? 'btn btn-small' : 'btn btn-primary'} type="submit" disabled={pending} aria-label={`Make run #${runId} active`}>
        {pending ? 'Activating…' : 'Make active'}
      </button>
      {result && !result.ok && (
        <span className="field-error" role="alert">
          {result.message}
        </span>
      )}
    </form>
  );
}

'use client';

import { useActionState } from 'react';

import { loginAction } from '@/lib/actions/auth';

export function LoginForm({ next }: { next: string }) {
  const [result, action, pending] = useActionState(loginAction, null);
  return (
    <form action={action} className="stack" aria-label="Log in">
      <input type="hidden" name="next" value={next} />
      <label className="field">
        Password
        <input type="password" name="password" autoComplete="current-password" required autoFocus />
      </label>
      <button className="btn btn-primary" type="submit" disabled={pending}>
        {pending ? 'Checking…' : 'Log in'}
      </button>
      {result && !result.ok && (
        <div className="alert alert-error" role="alert">
          {result.message}
        </div>
      )}
    </form>
  );
}

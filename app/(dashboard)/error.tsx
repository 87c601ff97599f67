'use client';

export default function DashboardError({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return (
    <div className="alert alert-error" role="alert">
      <strong>Something went wrong while loading this page.</strong>
      <p style={{ margin: '6px 0' }}>{error.message || 'Unexpected error.'}</p>
      <p className="small" style={{ margin: '6px 0' }}>
        Try again; if it keeps failing, check the server log{error.digest ? ` (reference ${error.digest})` : ''}.
      </p>
      <button className="btn" onClick={reset}>
        Try again
      </button>
    </div>
  );
}

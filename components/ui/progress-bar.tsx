/** A labelled progress bar; `value` in 0..1, or undefined for "working" without a known end. */
export function ProgressBar({ value, label }: { value: number | undefined; label: string }) {
  const pct = value === undefined ? 100 : Math.round(Math.min(1, Math.max(0, value)) * 100);
  return (
    <div className="stack" style={{ gap: 4 }}>
      <div
        className="progress"
        role="progressbar"
        aria-label={label}
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={value === undefined ? undefined : pct}
      >
        <div className={value === undefined ? 'skeleton' : undefined} style={{ width: `${pct}%` }} />
      </div>
      <div className="subtle small">{label}</div>
    </div>
  );
}

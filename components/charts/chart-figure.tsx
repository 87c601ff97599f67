import type { ReactNode } from 'react';

/** A titled chart with a caption; the SVG inside is drawn by recharts after hydration. */
export function ChartFigure({ title, caption, children, testId }: { title: string; caption?: ReactNode; children: ReactNode; testId?: string }) {
  return (
    <figure className="chart-figure" aria-label={title} data-testid={testId}>
      <figcaption>
        <strong>{title}</strong>
        {caption ? <span className="subtle small"> {caption}</span> : null}
      </figcaption>
      {children}
    </figure>
  );
}

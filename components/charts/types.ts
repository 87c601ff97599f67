/** One line of a chart: its data key, legend label, and whether it is a baseline (dashed). */
export interface ChartSeries {
  key: string;
  label: string;
  baseline: boolean;
}

/** One x position of a chart: the x value plus one number per series key. */
export type ChartRow = Record<string, number | string | null>;

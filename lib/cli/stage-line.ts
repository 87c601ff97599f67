/**
 * One line of a training run's progress, for the terminal and data/logs/run-N.log: the share
 * done, the seconds since `t0` (so the log shows where the time went) and the stage.
 * @example stageLine(t0, 'fitting als', 0.1, t0 + 12_345) === '   10%    12.3 s  fitting als'
 * @param t0 - start of the run (epoch ms)
 * @param stage - what is running
 * @param fraction - share done, 0..1
 * @param now - the current time (epoch ms; default Date.now())
 */
export function stageLine(t0: number, stage: string, fraction: number, now = Date.now()): string {
  return `  ${String(Math.round(fraction * 100)).padStart(3)}% ${((now - t0) / 1000).toFixed(1).padStart(7)} s  ${stage}`;
}

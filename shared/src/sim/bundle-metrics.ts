import type { DayResult } from './simulator';

/**
 * 一件事一次办 in the simulator's results: what bundle citizens lived through (every wait of
 * every step, the time in the hall, steps done in one sitting) and what everyone else
 * waited, over one or more simulated days.
 */
export interface BundleStats {
  /** Bundle citizens a day. */
  perDay: number;
  /** Share of them whose every step was done that day. */
  finishedShare: number;
  /** Minutes waited over all steps, per bundle citizen (uncalled waits up to the close). */
  totalWaitMean: number;
  totalWaitP90: number;
  /** Arrival → last finish, minutes, of those who finished. */
  timeInHallMean: number;
  /** Share of steps after the first served in the same sitting at the same window. */
  sameSittingShare: number;
  /** Mean wait (first call) of the other tickets: the effect of bundles on everyone else. */
  othersWaitMean: number;
  othersWaitP90: number;
}

function p90(values: number[]): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.ceil(0.9 * sorted.length) - 1] as number;
}

const mean = (values: number[]) =>
  values.length ? values.reduce((a, b) => a + b, 0) / values.length : 0;

export function bundleStats(days: readonly DayResult[]): BundleStats {
  const totalWaits: number[] = [];
  const inHall: number[] = [];
  const others: number[] = [];
  let citizens = 0;
  let finished = 0;
  let laterSteps = 0;
  let sameSitting = 0;
  for (const day of days) {
    for (const t of day.tickets) {
      const b = t.bundle;
      if (!b) {
        const wait = t.wait ?? t.waitedUncalled;
        if (wait !== null) others.push(wait);
        continue;
      }
      citizens += 1;
      // (A step never called counts until the close: the simulator adds it.)
      totalWaits.push(b.totalWait);
      laterSteps += Math.max(0, b.done - 1);
      sameSitting += b.sameSitting;
      if (b.finishedAt !== null) {
        finished += 1;
        inHall.push(b.finishedAt - t.arrival);
      }
    }
  }
  return {
    perDay: citizens / Math.max(1, days.length),
    finishedShare: citizens ? finished / citizens : 0,
    totalWaitMean: mean(totalWaits),
    totalWaitP90: p90(totalWaits),
    timeInHallMean: mean(inHall),
    sameSittingShare: laterSteps ? sameSitting / laterSteps : 0,
    othersWaitMean: mean(others),
    othersWaitP90: p90(others),
  };
}

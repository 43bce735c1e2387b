import type { DayResult, TicketRecord } from './simulator';

/**
 * Metrics of simulated days. Each day is summarised on its own (a few numbers, no ticket
 * lists), and summaries are aggregated over days with 95% confidence intervals across days.
 * A ticket's wait is the minutes from issue to its first call; for a ticket never called,
 * the minutes it waited before abandoning or until the hall closed. Every wait statistic
 * counts every ticket, so letting people leave never makes a policy look better.
 */

export interface SumCount {
  sum: number;
  count: number;
}

export interface DaySummary {
  day: number;
  issued: number;
  /** Called at least once. */
  called: number;
  served: number;
  abandoned: number;
  /** No-show that never came back, or came back and was not called again. */
  noShowFinal: number;
  /** Still waiting when the hall closed. */
  left: number;
  mean: number;
  p90: number;
  p95: number;
  max: number;
  over30Share: number;
  /** Per service: waits of called tickets. */
  services: Record<string, SumCount>;
  /** Tickets with a priority class other than appointment (elderly, disabled, pregnant, military). */
  priority: SumCount;
  /** Tickets with no priority and no appointment. */
  ordinary: SumCount;
  appointment: SumCount;
  /** Coefficient of variation of window utilisation (busy ÷ session minutes). */
  utilisationCv: number;
  utilisationMean: number;
  /** Busy minutes per window. */
  windowBusy: Record<string, number>;
  /** Session minutes of the day (the denominator of utilisation). */
  sessionMinutes: number;
  estimate: EstimateErrors;
}

export interface EstimateErrors {
  count: number;
  absError: number;
  within5: number;
  /** Sum of (estimate − realised): positive means the estimate runs high. */
  bias: number;
  naiveAbsError: number;
  naiveWithin5: number;
  naiveBias: number;
  naiveOwnAbsError: number;
  naiveOwnWithin5: number;
}

/** The q-quantile of sorted values (linear interpolation). */
export function quantile(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return 0;
  const pos = (sorted.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  const a = sorted[lo] as number;
  const b = sorted[hi] as number;
  return a + (b - a) * (pos - lo);
}

function add(target: SumCount, value: number): void {
  target.sum += value;
  target.count += 1;
}

const avg = (s: SumCount): number => (s.count > 0 ? s.sum / s.count : 0);

export function summariseDay(result: DayResult): DaySummary {
  const waits: number[] = [];
  const services: Record<string, SumCount> = {};
  const priority = { sum: 0, count: 0 };
  const ordinary = { sum: 0, count: 0 };
  const appointment = { sum: 0, count: 0 };
  const estimate: EstimateErrors = {
    count: 0,
    absError: 0,
    within5: 0,
    bias: 0,
    naiveAbsError: 0,
    naiveWithin5: 0,
    naiveBias: 0,
    naiveOwnAbsError: 0,
    naiveOwnWithin5: 0,
  };
  let served = 0;
  let abandoned = 0;
  let noShowFinal = 0;
  let left = 0;
  let called = 0;
  for (const t of result.tickets) {
    if (t.outcome === 'served') served += 1;
    else if (t.outcome === 'abandoned') abandoned += 1;
    else if (t.outcome === 'no-show') noShowFinal += 1;
    else left += 1;
    services[t.serviceId] ??= { sum: 0, count: 0 };
    const wait = t.wait ?? t.waitedUncalled;
    if (wait === null) continue;
    waits.push(wait);
    add(services[t.serviceId] as SumCount, wait);
    if (t.priority === 'appointment') add(appointment, wait);
    else if (t.priority !== null) add(priority, wait);
    else add(ordinary, wait);
    if (t.wait !== null) called += 1;
    recordEstimate(estimate, t);
  }
  waits.sort((a, b) => a - b);
  const utilisation = result.windows.map((w) =>
    w.sessionMinutes > 0 ? w.busyMinutes / w.sessionMinutes : 0,
  );
  const uMean = utilisation.reduce((s, u) => s + u, 0) / Math.max(1, utilisation.length);
  const uVar =
    utilisation.reduce((s, u) => s + (u - uMean) ** 2, 0) / Math.max(1, utilisation.length);
  return {
    day: result.day,
    issued: result.tickets.length,
    called,
    served,
    abandoned,
    noShowFinal,
    left,
    mean: waits.reduce((s, w) => s + w, 0) / Math.max(1, waits.length),
    p90: quantile(waits, 0.9),
    p95: quantile(waits, 0.95),
    max: waits.length > 0 ? (waits[waits.length - 1] as number) : 0,
    over30Share: waits.filter((w) => w > 30).length / Math.max(1, waits.length),
    services,
    priority,
    ordinary,
    appointment,
    utilisationCv: uMean > 0 ? Math.sqrt(uVar) / uMean : 0,
    utilisationMean: uMean,
    windowBusy: Object.fromEntries(result.windows.map((w) => [w.id, w.busyMinutes])),
    sessionMinutes: result.windows[0]?.sessionMinutes ?? 0,
    estimate,
  };
}

function recordEstimate(e: EstimateErrors, t: TicketRecord): void {
  if (t.estimate === null || t.naive === null || t.naiveOwn === null || t.wait === null) return;
  e.count += 1;
  const err = t.estimate - t.wait;
  const naiveErr = t.naive - t.wait;
  e.absError += Math.abs(err);
  e.bias += err;
  if (Math.abs(err) <= 5) e.within5 += 1;
  e.naiveAbsError += Math.abs(naiveErr);
  e.naiveBias += naiveErr;
  if (Math.abs(naiveErr) <= 5) e.naiveWithin5 += 1;
  const ownErr = Math.abs(t.naiveOwn - t.wait);
  e.naiveOwnAbsError += ownErr;
  if (ownErr <= 5) e.naiveOwnWithin5 += 1;
}

// ---- across days ------------------------------------------------------------------

/** Student t quantile t(0.975, df) (Hill's approximation; exact enough for intervals). */
export function t975(df: number): number {
  if (df <= 0) return Infinity;
  const table = [12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228];
  if (df <= table.length) return table[df - 1] as number;
  const z = 1.959964;
  return (
    z +
    (z ** 3 + z) / (4 * df) +
    (5 * z ** 5 + 16 * z ** 3 + 3 * z) / (96 * df ** 2) +
    (3 * z ** 7 + 19 * z ** 5 + 17 * z ** 3 - 15 * z) / (384 * df ** 3)
  );
}

export interface Estimate {
  value: number;
  /** Half-width of the 95% confidence interval across days. */
  half: number;
}

/** Mean of per-day values with its 95% confidence half-width. */
export function meanCi(values: readonly number[]): Estimate {
  const n = values.length;
  if (n === 0) return { value: 0, half: 0 };
  const mean = values.reduce((s, v) => s + v, 0) / n;
  if (n < 2) return { value: mean, half: Infinity };
  const variance = values.reduce((s, v) => s + (v - mean) ** 2, 0) / (n - 1);
  return { value: mean, half: t975(n - 1) * Math.sqrt(variance / n) };
}

/** Jain's fairness index of values: 1 when all equal, 1/n when one takes everything. */
export function jain(values: readonly number[]): number {
  if (values.length === 0) return 1;
  const sum = values.reduce((s, v) => s + v, 0);
  const squares = values.reduce((s, v) => s + v * v, 0);
  return squares === 0 ? 1 : (sum * sum) / (values.length * squares);
}

export interface Metrics {
  days: number;
  ticketsPerDay: number;
  mean: Estimate;
  p90: Estimate;
  p95: Estimate;
  /** The longest wait over all days. */
  max: number;
  /** Mean over days of each day's longest wait. */
  dailyMax: Estimate;
  /** The service with the highest mean wait (pooled over days), and that mean. */
  worstService: string;
  worstServiceMean: Estimate;
  /** Mean wait per service (pooled over days). */
  serviceMeans: Record<string, number>;
  /** Tickets per day per service. */
  serviceVolumes: Record<string, number>;
  /** Mean utilisation per window (busy ÷ session minutes). */
  windowUtilisation: Record<string, number>;
  /** Jain fairness over the per-service mean waits. */
  fairness: number;
  over30Share: Estimate;
  priorityMean: Estimate;
  ordinaryMean: Estimate;
  appointmentMean: Estimate;
  /** Abandoned ÷ issued. */
  abandonment: Estimate;
  /** Left waiting at close ÷ issued. */
  leftShare: Estimate;
  utilisationCv: Estimate;
  estimate: {
    count: number;
    mae: number;
    within5: number;
    bias: number;
    naiveMae: number;
    naiveWithin5: number;
    naiveBias: number;
    naiveOwnMae: number;
    naiveOwnWithin5: number;
  };
  /** Per-day mean waits, for paired comparisons (captured). */
  dailyMeans: number[];
  /** Conservation: issued = served + abandoned + no-show-final + left, every day. */
  conserved: boolean;
}

export function aggregate(days: readonly DaySummary[]): Metrics {
  const serviceTotals = new Map<string, SumCount>();
  for (const d of days) {
    for (const [id, sc] of Object.entries(d.services)) {
      const total = serviceTotals.get(id) ?? { sum: 0, count: 0 };
      total.sum += sc.sum;
      total.count += sc.count;
      serviceTotals.set(id, total);
    }
  }
  const serviceMeans: Record<string, number> = {};
  for (const [id, sc] of serviceTotals) if (sc.count > 0) serviceMeans[id] = sc.sum / sc.count;
  let worstService = '';
  for (const [id, mean] of Object.entries(serviceMeans)) {
    if (!worstService || mean > (serviceMeans[worstService] as number)) worstService = id;
  }
  const perDay = (f: (d: DaySummary) => number): Estimate => meanCi(days.map(f));
  const serviceVolumes: Record<string, number> = {};
  for (const [id, sc] of serviceTotals) serviceVolumes[id] = sc.count / Math.max(1, days.length);
  const windowUtilisation: Record<string, number> = {};
  for (const d of days) {
    for (const [id, busy] of Object.entries(d.windowBusy)) {
      windowUtilisation[id] =
        (windowUtilisation[id] ?? 0) + busy / Math.max(1, d.sessionMinutes) / days.length;
    }
  }
  const e = days.reduce(
    (acc, d) => {
      for (const k of Object.keys(acc) as (keyof EstimateErrors)[]) acc[k] += d.estimate[k];
      return acc;
    },
    {
      count: 0,
      absError: 0,
      within5: 0,
      bias: 0,
      naiveAbsError: 0,
      naiveWithin5: 0,
      naiveBias: 0,
      naiveOwnAbsError: 0,
      naiveOwnWithin5: 0,
    } as EstimateErrors,
  );
  const n = Math.max(1, e.count);
  return {
    days: days.length,
    ticketsPerDay: days.reduce((s, d) => s + d.issued, 0) / Math.max(1, days.length),
    mean: perDay((d) => d.mean),
    p90: perDay((d) => d.p90),
    p95: perDay((d) => d.p95),
    max: days.reduce((m, d) => Math.max(m, d.max), 0),
    dailyMax: perDay((d) => d.max),
    worstService,
    worstServiceMean: {
      value: serviceMeans[worstService] ?? 0,
      half: perDay((d) => avg(d.services[worstService] ?? { sum: 0, count: 0 })).half,
    },
    serviceMeans,
    serviceVolumes,
    windowUtilisation,
    fairness: jain(Object.values(serviceMeans)),
    over30Share: perDay((d) => d.over30Share),
    priorityMean: pooledCi(days.map((d) => d.priority)),
    ordinaryMean: pooledCi(days.map((d) => d.ordinary)),
    appointmentMean: pooledCi(days.map((d) => d.appointment)),
    abandonment: perDay((d) => d.abandoned / Math.max(1, d.issued)),
    leftShare: perDay((d) => d.left / Math.max(1, d.issued)),
    utilisationCv: perDay((d) => d.utilisationCv),
    estimate: {
      count: e.count,
      mae: e.absError / n,
      within5: e.within5 / n,
      bias: e.bias / n,
      naiveMae: e.naiveAbsError / n,
      naiveWithin5: e.naiveWithin5 / n,
      naiveBias: e.naiveBias / n,
      naiveOwnMae: e.naiveOwnAbsError / n,
      naiveOwnWithin5: e.naiveOwnWithin5 / n,
    },
    dailyMeans: days.map((d) => d.mean),
    conserved: days.every((d) => d.issued === d.served + d.abandoned + d.noShowFinal + d.left),
  };
}

/** A pooled mean (sum ÷ count over all days) with the interval of the per-day means. */
function pooledCi(parts: readonly SumCount[]): Estimate {
  const sum = parts.reduce((s, p) => s + p.sum, 0);
  const count = parts.reduce((s, p) => s + p.count, 0);
  const ci = meanCi(parts.filter((p) => p.count > 0).map(avg));
  return { value: count > 0 ? sum / count : 0, half: ci.half };
}

/**
 * Share of the pooling benefit a policy captures: (W_P0 − W) ÷ (W_P0 − W_B1), on mean
 * waits of the same days, with an interval from the paired daily differences.
 */
export function captured(
  baseline: readonly number[],
  policy: readonly number[],
  bound: readonly number[],
): Estimate {
  const gap = meanCi(baseline.map((b, i) => b - (bound[i] ?? 0))).value;
  if (gap <= 0) return { value: 0, half: 0 };
  const gain = meanCi(baseline.map((b, i) => b - (policy[i] ?? 0)));
  return { value: gain.value / gap, half: gain.half / gap };
}

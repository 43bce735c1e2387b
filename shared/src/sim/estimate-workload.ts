import { PRIORITY_CLASSES, type PriorityClass } from '../domain/hall-config';
import { clockMinutes, formatClock } from '../domain/local-time';
import { parseWorkload, type Workload, type WorkloadInput } from './workload';

/**
 * A workload estimated from the tickets a hall recorded on past days (the layout advisor
 * "from the database"): arrivals per time-of-day bin give the day profile, tickets per day
 * the volumes, started → finished the service times, and the shares of priority,
 * appointment, no-show and abandoned tickets the rest. Pure: the server reads the rows.
 */

/** One recorded ticket, as the server's reader gives it (times in minutes). */
export interface RecordedTicket {
  /** Local day of issue, YYYY-MM-DD. */
  day: string;
  /** The service it was served under (after any transfer: what the citizen needed). */
  serviceId: string;
  /** Minutes after local midnight at issue. */
  issuedMinute: number;
  channel: string;
  priority: PriorityClass | null;
  /** Minutes at the window (finished − started), when it was served; else null. */
  serviceMinutes: number | null;
  /** Minutes from the (last) call to the start of service, when started; else null. */
  walkMinutes: number | null;
  /** Minutes from issue to the first call; null when never called. */
  waitMinutes: number | null;
  /** Marked 过号 at least once. */
  noShow: boolean;
  /** Came back after a no-show. */
  returned: boolean;
  /** Cancelled before any call: the citizen left. */
  abandoned: boolean;
  /** Minutes from issue to leaving, when abandoned. */
  abandonedAfterMinutes: number | null;
}

export interface EstimateOptions {
  name?: string;
  /** The hall's sessions on the recorded days. */
  sessions: { open: string; close: string }[];
  lastTicketMinutesBeforeClose: number;
  /** Width of a profile bin (minutes). */
  binMinutes?: number;
  /** Days the rows cover (default: the distinct days among the rows). */
  days?: number;
  /** Only these services are kept (the hall's); others are reported as skipped. */
  serviceIds?: readonly string[];
  /** Fewer served tickets than this: the service keeps the hall's expected minutes. */
  minServed?: number;
}

export interface ServiceEstimate {
  serviceId: string;
  tickets: number;
  perDay: number;
  served: number;
  /** Mean service minutes; null when too few were served (the hall's expectation is used). */
  meanMinutes: number | null;
  /** Coefficient of variation of its service times; null with fewer than 2 served. */
  cv: number | null;
}

export interface WorkloadEstimate {
  workload: Workload;
  days: string[];
  tickets: number;
  services: ServiceEstimate[];
  /** Tickets of services the hall no longer has. */
  skipped: { serviceId: string; tickets: number }[];
  priorityShare: number;
  appointmentShare: number;
  noShowShare: number;
  abandonShare: number;
  /** Mean patience (exponential maximum likelihood), when anyone left. */
  patienceMeanMinutes: number | null;
}

const round = (x: number, digits = 3) => Math.round(x * 10 ** digits) / 10 ** digits;
const clamp = (x: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, x));

/** Estimates a workload (shared/src/sim/workload.ts) from recorded tickets. */
export function estimateWorkload(
  rows: readonly RecordedTicket[],
  options: EstimateOptions,
): WorkloadEstimate {
  const binMinutes = options.binMinutes ?? 30;
  const minServed = options.minServed ?? 5;
  const keep = options.serviceIds ? new Set(options.serviceIds) : null;
  const skippedCounts = new Map<string, number>();
  const kept = rows.filter((r) => {
    if (!keep || keep.has(r.serviceId)) return true;
    skippedCounts.set(r.serviceId, (skippedCounts.get(r.serviceId) ?? 0) + 1);
    return false;
  });
  const days = [...new Set(rows.map((r) => r.day))].sort();
  const dayCount = Math.max(1, options.days ?? days.length);

  // Volumes and service times per service.
  const byService = new Map<string, RecordedTicket[]>();
  for (const r of kept) {
    const list = byService.get(r.serviceId) ?? [];
    list.push(r);
    byService.set(r.serviceId, list);
  }
  const services: ServiceEstimate[] = [];
  /** Service times divided by their service's mean: one pooled CV for the workload. */
  const normalised: number[] = [];
  for (const [serviceId, list] of [...byService].sort((a, b) => (a[0] < b[0] ? -1 : 1))) {
    const times = list.map((r) => r.serviceMinutes).filter((m): m is number => m !== null && m > 0);
    const mean = times.length > 0 ? times.reduce((s, m) => s + m, 0) / times.length : 0;
    let cv: number | null = null;
    if (times.length >= 2) {
      const variance = times.reduce((s, m) => s + (m - mean) ** 2, 0) / (times.length - 1);
      cv = Math.sqrt(variance) / mean;
      for (const m of times) normalised.push(m / mean);
    }
    services.push({
      serviceId,
      tickets: list.length,
      perDay: round(list.length / dayCount, 2),
      served: times.length,
      meanMinutes: times.length >= minServed ? round(mean, 2) : null,
      cv: cv === null ? null : round(cv),
    });
  }
  let pooledCv = 0.9;
  if (normalised.length >= 10) {
    const m = normalised.reduce((s, x) => s + x, 0) / normalised.length;
    const v = normalised.reduce((s, x) => s + (x - m) ** 2, 0) / (normalised.length - 1);
    pooledCv = clamp(Math.sqrt(v) / m, 0, 5);
  }

  // The day profile: arrivals per bin of the issuing minutes, relative to their average.
  const bins: { start: number; end: number; count: number }[] = [];
  for (const s of options.sessions) {
    const end = clockMinutes(s.close) - options.lastTicketMinutesBeforeClose;
    for (let t = clockMinutes(s.open); t < end; t += binMinutes)
      bins.push({ start: t, end: Math.min(end, t + binMinutes), count: 0 });
  }
  for (const r of kept) {
    const bin = bins.find((b) => r.issuedMinute >= b.start && r.issuedMinute < b.end);
    if (bin) bin.count += 1;
  }
  const binned = bins.reduce((s, b) => s + b.count, 0);
  const binnedMinutes = bins.reduce((s, b) => s + b.end - b.start, 0);
  const profile =
    binned === 0
      ? []
      : bins.map((b) => ({
          from: formatClock(b.start),
          to: formatClock(b.end),
          rate: round(clamp(b.count / (b.end - b.start) / (binned / binnedMinutes), 0, 20)),
        }));

  // Shares.
  const n = kept.length;
  const share = (count: number, of: number) => (of > 0 ? count / of : 0);
  const appointments = kept.filter(
    (r) => r.channel === 'appointment' || r.priority === 'appointment',
  ).length;
  const classCounts = new Map<PriorityClass, number>();
  for (const r of kept) {
    if (r.priority && r.priority !== 'appointment' && r.channel !== 'appointment')
      classCounts.set(r.priority, (classCounts.get(r.priority) ?? 0) + 1);
  }
  const prioritised = [...classCounts.values()].reduce((s, c) => s + c, 0);
  const called = kept.filter((r) => r.waitMinutes !== null);
  const noShows = called.filter((r) => r.noShow);
  const returned = noShows.filter((r) => r.returned).length;
  const walks = kept
    .filter((r) => !r.noShow)
    .map((r) => r.walkMinutes)
    .filter((m): m is number => m !== null && m >= 0);
  const abandoned = kept.filter((r) => r.abandoned);
  // Exponential patience, censored by the call: minutes exposed to leaving ÷ departures.
  const exposure =
    called.reduce((s, r) => s + Math.max(0, r.waitMinutes ?? 0), 0) +
    abandoned.reduce((s, r) => s + Math.max(0, r.abandonedAfterMinutes ?? 0), 0);
  const patience =
    abandoned.length > 0 ? round(clamp(exposure / abandoned.length, 1, 1440), 1) : null;

  const input: WorkloadInput = {
    name: options.name ?? `estimated from ${days.length} day(s)`,
    description:
      days.length > 0
        ? `Estimated from ${n} recorded tickets, ${days[0]} to ${days[days.length - 1]} (${dayCount} working days).`
        : 'No recorded tickets.',
    day: {
      sessions: options.sessions,
      lastTicketMinutesBeforeClose: options.lastTicketMinutesBeforeClose,
      profile,
      lunch: 'extend',
      overtimeMinutes: 60,
    },
    services: Object.fromEntries(
      services
        .filter((s) => s.tickets > 0)
        .map((s) => [
          s.serviceId,
          s.meanMinutes === null
            ? { volume: s.perDay }
            : { volume: s.perDay, meanMinutes: s.meanMinutes },
        ]),
    ),
    serviceTime: { distribution: 'lognormal', cv: round(pooledCv), flexibleSlowdown: 1 },
    priority: {
      share: round(share(prioritised, n), 4),
      classes:
        prioritised > 0
          ? Object.fromEntries(
              PRIORITY_CLASSES.filter((c) => classCounts.has(c)).map((c) => [
                c,
                round(share(classCounts.get(c) ?? 0, prioritised)),
              ]),
            )
          : { elderly: 1 },
    },
    appointments: { share: round(share(appointments, n), 4), jitterMinutes: 10 },
    noShow: {
      share: round(share(noShows.length, called.length), 4),
      recallAfterMinutes: 1,
      returnShare: noShows.length > 0 ? round(share(returned, noShows.length), 3) : 0.5,
      returnWithinMinutes: 25,
    },
    abandonment:
      patience === null
        ? { enabled: false, patienceMeanMinutes: 30, patienceCv: 1 }
        : { enabled: true, patienceMeanMinutes: patience, patienceCv: 1 },
    walkMinutes:
      walks.length > 0
        ? round(clamp(walks.reduce((s, m) => s + m, 0) / walks.length, 0, 10), 2)
        : 0.5,
  };
  return {
    workload: parseWorkload(input),
    days,
    tickets: n,
    services,
    skipped: [...skippedCounts].map(([serviceId, tickets]) => ({ serviceId, tickets })),
    priorityShare: share(prioritised, n),
    appointmentShare: share(appointments, n),
    noShowShare: share(noShows.length, called.length),
    abandonShare: share(abandoned.length, n),
    patienceMeanMinutes: patience,
  };
}

import type { HallConfig, PriorityClass } from '../domain/hall-config';
import type { Channel } from '../domain/ticket';
import { streamFor, type Random } from './random';
import { dayIntervals, profilePieces, serviceLoads, type Workload } from './workload';

/**
 * The ticket stream of one simulated day, drawn up front from the seed: who arrives when,
 * for what, how long they will take, whether they are there when called, how long they
 * will wait. Every policy and every layout replays this very stream.
 */
export interface StreamTicket {
  id: string;
  serviceId: string;
  /** Minutes after local midnight. */
  arrival: number;
  channel: Channel;
  priority: PriorityClass | null;
  /** Minutes at the window, when served (before any flexible-window slowdown). */
  serviceMinutes: number;
  /** Absent at the first call (过号). */
  noShow: boolean;
  /** Minutes after the no-show when they come back; null: they never do. */
  returnAfter: number | null;
  /** Minutes of waiting before leaving; null: abandonment off. */
  patience: number | null;
  /** 一件事一次办: the bundle and its steps (serviceId is the first), with their minutes. */
  bundleId?: string;
  steps?: { serviceId: string; serviceMinutes: number }[];
}

export interface PauseRequest {
  /** Minutes after local midnight. */
  at: number;
  minutes: number;
}

export interface DayStream {
  day: number;
  tickets: StreamTicket[];
}

/**
 * Service times are capped at this many times their mean (lognormal tails are long: over
 * 40,000 tickets a few would otherwise run past midnight). Moves the mean by under 0.5%.
 */
export const MAX_SERVICE_FACTOR = 10;

/** Time-varying Poisson arrivals on [pieces] by thinning a homogeneous process at the peak rate. */
function thinnedArrivals(
  rng: Random,
  perMinute: number,
  pieces: readonly { start: number; end: number; rate: number }[],
): number[] {
  const times: number[] = [];
  if (perMinute <= 0 || pieces.length === 0) return times;
  const peak = Math.max(...pieces.map((p) => p.rate)) * perMinute;
  if (peak <= 0) return times;
  const start = (pieces[0] as { start: number }).start;
  const end = (pieces[pieces.length - 1] as { end: number }).end;
  let t = start;
  let piece = 0;
  for (;;) {
    t += rng.exponential(1 / peak);
    if (t >= end) break;
    while (piece < pieces.length && t >= (pieces[piece] as { end: number }).end) piece += 1;
    const current = pieces[piece];
    // Gaps between issuing periods (lunch) have rate 0.
    const rate = current && t >= current.start ? current.rate * perMinute : 0;
    if (rng.next() * peak < rate) times.push(t);
  }
  return times;
}

function pickClass(
  rng: { weighted(weights: readonly number[]): number },
  classes: Partial<Record<PriorityClass, number>>,
): PriorityClass {
  const entries = Object.entries(classes) as [PriorityClass, number][];
  if (entries.length === 0) return 'elderly';
  return (entries[rng.weighted(entries.map(([, w]) => w))] as [PriorityClass, number])[0];
}

/** Draws one day's ticket stream. Depends only on (workload, hall services, seed, day). */
export function generateDay(
  workload: Workload,
  hall: HallConfig,
  seed: number,
  day: number,
): DayStream {
  const pieces = profilePieces(workload);
  const { issuing } = dayIntervals(workload);
  const issuingMinutes = issuing.reduce((sum, s) => sum + s.end - s.start, 0);
  const drafts: Omit<StreamTicket, 'id'>[] = [];
  for (const load of serviceLoads(workload, hall)) {
    const arrivals = streamFor(seed, `arrivals:${load.serviceId}`, day);
    const draws = streamFor(seed, `tickets:${load.serviceId}`, day);
    const times = thinnedArrivals(arrivals, load.volume / Math.max(1, issuingMinutes), pieces);
    for (const slot of times) {
      // Every ticket draws the same numbers whatever the switches: streams stay aligned.
      const kind = draws.next();
      const classDraw = draws.next();
      const jitter = draws.uniform(-1, 1);
      const service =
        workload.serviceTime.distribution === 'exponential'
          ? draws.exponential(load.meanMinutes)
          : draws.lognormal(load.meanMinutes, workload.serviceTime.cv);
      const noShowDraw = draws.next();
      const returnDraw = draws.next();
      const returnDelay = draws.next();
      const patience = draws.lognormal(
        workload.abandonment.patienceMeanMinutes,
        workload.abandonment.patienceCv,
      );

      const appointment = kind < workload.appointments.share;
      const prioritised =
        !appointment && kind < workload.appointments.share + workload.priority.share;
      let arrival = slot;
      if (appointment) {
        const period = issuing.find((p) => slot >= p.start && slot < p.end);
        arrival = slot + jitter * workload.appointments.jitterMinutes;
        if (period) arrival = Math.min(period.end - 1e-3, Math.max(period.start, arrival));
      }
      const noShow = noShowDraw < workload.noShow.share;
      const grace = hall.rules.noShowGraceMinutes;
      const within = Math.min(workload.noShow.returnWithinMinutes, Math.max(2, grace - 0.5));
      drafts.push({
        serviceId: load.serviceId,
        arrival,
        channel: appointment ? 'appointment' : 'kiosk',
        priority: appointment
          ? 'appointment'
          : prioritised
            ? pickClass(new SeededPick(classDraw), workload.priority.classes)
            : null,
        serviceMinutes: Math.min(MAX_SERVICE_FACTOR * load.meanMinutes, Math.max(0.25, service)),
        noShow,
        returnAfter:
          noShow && returnDraw < workload.noShow.returnShare && hall.rules.noShowMaxReturns > 0
            ? 2 + returnDelay * (within - 2)
            : null,
        patience: workload.abandonment.enabled ? patience : null,
      });
    }
  }
  drafts.push(...bundleDrafts(workload, hall, seed, day, issuingMinutes, pieces));
  drafts.sort((a, b) => a.arrival - b.arrival);
  return {
    day,
    tickets: drafts.map((t, i) => ({ id: `d${day}-${String(i + 1).padStart(5, '0')}`, ...t })),
  };
}

/**
 * 一件事一次办 citizens of the day, from their own streams (the others' stay aligned): a
 * Poisson stream per bundle at share × the day's service volume × the bundle's weight.
 */
function bundleDrafts(
  workload: Workload,
  hall: HallConfig,
  seed: number,
  day: number,
  issuingMinutes: number,
  pieces: readonly { start: number; end: number; rate: number }[],
): Omit<StreamTicket, 'id'>[] {
  const { share, weights, optionalShare } = workload.bundles;
  if (share <= 0 || hall.bundles.length === 0) return [];
  const loads = serviceLoads(workload, hall);
  const total = loads.reduce((sum, l) => sum + l.volume, 0);
  const weightOf = (id: string) => weights[id] ?? (Object.keys(weights).length ? 0 : 1);
  const weightSum = hall.bundles.reduce((sum, b) => sum + weightOf(b.id), 0);
  const meanOf = (serviceId: string) =>
    loads.find((l) => l.serviceId === serviceId)?.meanMinutes ??
    hall.services.find((s) => s.id === serviceId)?.expectedMinutes ??
    10;
  const out: Omit<StreamTicket, 'id'>[] = [];
  for (const bundle of hall.bundles) {
    const weight = weightOf(bundle.id);
    if (weight <= 0 || weightSum <= 0) continue;
    const volume = (share * total * weight) / weightSum;
    const arrivals = streamFor(seed, `bundle-arrivals:${bundle.id}`, day);
    const draws = streamFor(seed, `bundle-tickets:${bundle.id}`, day);
    for (const arrival of thinnedArrivals(arrivals, volume / Math.max(1, issuingMinutes), pieces)) {
      const steps = bundle.steps.flatMap((step) => {
        const needed = draws.next();
        const mean = meanOf(step.serviceId);
        const minutes =
          workload.serviceTime.distribution === 'exponential'
            ? draws.exponential(mean)
            : draws.lognormal(mean, workload.serviceTime.cv);
        if (step.optional && needed >= optionalShare) return [];
        const serviceMinutes = Math.min(MAX_SERVICE_FACTOR * mean, Math.max(0.25, minutes));
        return [{ serviceId: step.serviceId, serviceMinutes }];
      });
      const first = steps[0];
      if (!first) continue;
      out.push({
        serviceId: first.serviceId,
        arrival,
        channel: 'kiosk',
        priority: null,
        serviceMinutes: first.serviceMinutes,
        noShow: false,
        returnAfter: null,
        patience: null,
        bundleId: bundle.id,
        steps,
      });
    }
  }
  return out;
}

/** A Random-like wrapper that yields one fixed uniform: picks a class from a ticket's own draw. */
class SeededPick {
  constructor(private readonly u: number) {}
  weighted(weights: readonly number[]): number {
    let total = 0;
    for (const w of weights) total += w;
    let x = this.u * total;
    for (let i = 0; i < weights.length; i += 1) {
      x -= weights[i] as number;
      if (x < 0) return i;
    }
    return weights.length - 1;
  }
}

/** A window's pause requests over the day's sessions: Poisson at `perHour`, lognormal length. */
export function generatePauses(
  workload: Workload,
  windowId: string,
  seed: number,
  day: number,
): PauseRequest[] {
  const { perHour, meanMinutes, cv } = workload.pauses;
  if (perHour <= 0) return [];
  const rng = streamFor(seed, `pauses:${windowId}`, day);
  const out: PauseRequest[] = [];
  for (const session of dayIntervals(workload).open) {
    let t = session.start;
    for (;;) {
      t += rng.exponential(60 / perHour);
      if (t >= session.end) break;
      out.push({ at: t, minutes: rng.lognormal(meanMinutes, cv) });
    }
  }
  return out;
}

import { queuePosition, type HallState } from './hall-state';
import type { Ticket } from './ticket';

/** How many waiting tickets will be called before this one (same service or window queue). */
export function ticketsAhead(state: HallState, ticket: Ticket): number {
  const queue = ticket.targetWindowId
    ? state.waitingForWindow(ticket.targetWindowId)
    : state.waiting(ticket.serviceId);
  // The queue is kept sorted by (queueKey, issuedAt) (HallState's insertSorted): a binary
  // search finds the first place the ticket can be, instead of a walk along a long queue
  // on every ticket view. Ties are walked; a ticket not found there is looked for the slow
  // way, so the answer is the same as a walk from the front in every case.
  const lo = queuePosition(queue, ticket, 'first');
  for (let i = lo; i < queue.length; i += 1) {
    const other = queue[i] as Ticket;
    if (other.id === ticket.id) return i;
    if (other.queueKey !== ticket.queueKey || other.issuedAt !== ticket.issuedAt) break;
  }
  const index = queue.findIndex((other) => other.id === ticket.id);
  return index >= 0 ? index : queue.length;
}

/**
 * How much of a flexible window's listed share goes to one of its later services. A
 * window serves its own (first) service first and gives the others only its spare time,
 * so counting its full share of 1/(rank + 1) makes estimates run short; the simulator
 * (docs/benchmarks.md, "Estimated waits") puts the effective share near a tenth of it.
 */
const FLEXIBLE_SHARE = 0.1;

/** Observed service times count as much as the configured expectation once this many are seen. */
const PRIOR_WEIGHT = 20;

const MINUTE = 60_000;

/**
 * Mean service minutes for an estimate: today's finished tickets of the service, pooled
 * with the configured expectation weighted as PRIOR_WEIGHT tickets. Steadier than the
 * exponentially smoothed mean routing uses, whose noise (service times vary a lot) would
 * pass straight into every estimate.
 */
function estimateMeanMinutes(state: HallState, serviceId: string): number {
  const expected =
    state.config.services.find((s) => s.id === serviceId)?.expectedMinutes ??
    state.meanServiceMinutes(serviceId);
  const finished = finishedMinutes(state).get(serviceId);
  const sum = finished?.sum ?? 0;
  const count = finished?.count ?? 0;
  return (sum + PRIOR_WEIGHT * expected) / (count + PRIOR_WEIGHT);
}

/** Today's finished service minutes per service, and the revision they were counted at. */
const finishedCache = new WeakMap<
  HallState,
  { revision: number; byService: Map<string, { sum: number; count: number }> }
>();

/**
 * The sum and count of today's finished tickets' service minutes, per service: one pass over
 * the day's tickets (in the same order, so the same sums as a pass per service), kept until
 * a finished ticket may have changed (HallState.finishedRevision). Issuing, the commonest
 * command, changes none, so a kiosk press no longer walks every ticket of the day.
 */
function finishedMinutes(state: HallState): Map<string, { sum: number; count: number }> {
  const cached = finishedCache.get(state);
  if (cached && cached.revision === state.finishedRevision) return cached.byService;
  const byService = new Map<string, { sum: number; count: number }>();
  for (const ticket of state.tickets.values()) {
    if (ticket.status !== 'done') continue;
    if (ticket.startedAt === null || ticket.finishedAt === null) continue;
    let entry = byService.get(ticket.serviceId);
    if (!entry) {
      entry = { sum: 0, count: 0 };
      byService.set(ticket.serviceId, entry);
    }
    entry.sum += Math.max(0, ticket.finishedAt - ticket.startedAt) / MINUTE;
    entry.count += 1;
  }
  finishedCache.set(state, { revision: state.finishedRevision, byService });
  return byService;
}

/**
 * The capacity an estimate counts: a staffed (open or paused) window that lists the
 * service first gives 1, one that lists it later (or takes it for now, 临时受理) gives
 * FLEXIBLE_SHARE of 1/(rank + 1). Before any window opens, the configured ones count.
 */
function estimateCapacity(state: HallState, serviceId: string): { capacity: number; idle: number } {
  let staffed = 0;
  let staffedOwn = 0;
  let staffedFlexible = 0;
  let configured = 0;
  let idle = 0;
  for (const window of state.config.windows) {
    const live = state.window(window.id);
    let rank = window.services.indexOf(serviceId);
    if (rank < 0 && live) {
      const extra = live.extraServiceIds.indexOf(serviceId);
      if (extra >= 0) rank = window.services.length + extra;
    }
    if (rank < 0) continue;
    const share = rank === 0 ? 1 : FLEXIBLE_SHARE / (rank + 1);
    configured += share;
    if (live?.status === 'open' || live?.status === 'paused') {
      staffed += share;
      if (rank === 0) staffedOwn += 1;
      else staffedFlexible += 1;
      if (state.displayStatus(window.id) === 'idle') idle += 1;
    }
  }
  // With its own windows all closed, the flexible windows are the service's only servers
  // and the routing treats its queue as urgent: count each as half a window, not a tenth
  // of a share (which would promise a citizen hours for one person ahead).
  if (staffedOwn === 0 && staffedFlexible > 0) staffed = Math.max(staffed, 0.5 * staffedFlexible);
  return { capacity: staffed > 0 ? staffed : configured, idle };
}

/**
 * Estimated minutes until a ticket with `ahead` tickets before it is called: the tickets
 * ahead plus half a service for the ones at the windows now, over the service's capacity.
 * Zero when a window that serves it stands idle for it. The queue-length estimate of
 * service systems, with the capacity and the mean service time chosen to keep it honest:
 * checked against the simulator in docs/benchmarks.md ("Estimated waits").
 */
export function estimateWaitMinutes(state: HallState, serviceId: string, ahead: number): number {
  const { capacity, idle } = estimateCapacity(state, serviceId);
  if (ahead < idle) return 0;
  const mean = estimateMeanMinutes(state, serviceId);
  if (capacity <= 0) return Math.round((ahead + 1) * mean);
  return Math.max(0, Math.round(((ahead + 0.5) * mean) / capacity));
}

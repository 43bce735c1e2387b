import type { HallConfig, WindowConfig } from '../hall-config';
import type { HallState } from '../hall-state';
import type { Ticket } from '../ticket';
import type { IssuedContext, RoutingContext, RoutingPolicy } from './policy';
import { serviceRank } from './window-services';

/**
 * Shared machinery of the pre-assignment policies (P1 round-robin, P2 join-shortest-queue):
 * many cheap systems bind a ticket to one window when it is issued ("请到 5 号窗口"), and
 * that window alone calls it, in queue order. The binding is deterministic state kept by
 * ticket id for the current day. A waiting ticket the policy has not bound (the caller
 * never called observeIssued, or a no-show came back) is bound at the next pick, in issue
 * order; tickets bound to a window that has closed while others are staffed are bound again.
 */
export interface Assigner {
  /** Chooses the window for a ticket among the eligible ones (config order, never empty). */
  choose(
    ticket: Ticket,
    eligible: readonly WindowConfig[],
    state: HallState,
    queueOf: (windowId: string) => number,
  ): WindowConfig;
}

/** Windows that may take a service: staffed (open or paused) ones serving it; else any serving it. */
export function eligibleWindows(
  config: HallConfig,
  state: HallState,
  serviceId: string,
): WindowConfig[] {
  const listing = config.windows.filter((w) => serviceRank(state, w, serviceId) >= 0);
  const staffed = listing.filter((w) => state.window(w.id)?.status !== 'closed');
  return staffed.length > 0 ? staffed : listing;
}

export function preassignmentPolicy(
  name: string,
  description: string,
  assigner: Assigner,
): RoutingPolicy {
  let day = '';
  /** ticket id → window id */
  const assigned = new Map<string, string>();
  /** window id → ids of tickets bound to it (pruned lazily of those no longer waiting). */
  const bound = new Map<string, Set<string>>();

  const reset = (state: HallState) => {
    if (state.day === day) return;
    day = state.day;
    assigned.clear();
    bound.clear();
  };

  /** Tickets bound to a window and still waiting. */
  const queueOf = (state: HallState, windowId: string): Set<string> => {
    const set = bound.get(windowId) ?? new Set<string>();
    bound.set(windowId, set);
    for (const id of set) {
      if (state.tickets.get(id)?.status !== 'waiting') {
        set.delete(id);
        assigned.delete(id);
      }
    }
    return set;
  };

  const bind = (config: HallConfig, state: HallState, ticket: Ticket) => {
    const eligible = eligibleWindows(config, state, ticket.serviceId);
    if (eligible.length === 0) return;
    const window = assigner.choose(ticket, eligible, state, (id) => queueOf(state, id).size);
    assigned.set(ticket.id, window.id);
    queueOf(state, window.id).add(ticket.id);
  };

  const unbind = (ticketId: string) => {
    const windowId = assigned.get(ticketId);
    if (windowId === undefined) return;
    assigned.delete(ticketId);
    bound.get(windowId)?.delete(ticketId);
  };

  /** Binds waiting tickets not bound yet, in issue order; rebinds those of closed windows. */
  const catchUp = (config: HallConfig, state: HallState) => {
    let waiting = 0;
    for (const service of config.services) waiting += state.waiting(service.id).length;
    let known = 0;
    for (const [windowId] of bound) known += queueOf(state, windowId).size;
    const anyStaffed = config.windows.some((w) => state.window(w.id)?.status !== 'closed');
    const stranded = anyStaffed
      ? [...bound.keys()].filter(
          (id) => state.window(id)?.status === 'closed' && (bound.get(id)?.size ?? 0) > 0,
        )
      : [];
    if (waiting === known && stranded.length === 0) return;
    const rebind: Ticket[] = [];
    for (const windowId of stranded) {
      for (const id of bound.get(windowId) ?? []) {
        const t = state.tickets.get(id);
        if (t) rebind.push(t);
        unbind(id);
      }
    }
    for (const service of config.services) {
      for (const t of state.waiting(service.id)) if (!assigned.has(t.id)) rebind.push(t);
    }
    const unique = [...new Map(rebind.map((t) => [t.id, t])).values()];
    unique.sort((a, b) => a.issuedAt - b.issuedAt || (a.id < b.id ? -1 : 1));
    for (const t of unique) if (!assigned.has(t.id)) bind(config, state, t);
  };

  return {
    name,
    description,
    observeIssued({ config, state, ticket }: IssuedContext) {
      reset(state);
      if (assigned.has(ticket.id) || ticket.status !== 'waiting') return;
      catchUp(config, state);
    },
    pick({ config, state, window }: RoutingContext) {
      reset(state);
      catchUp(config, state);
      let best: Ticket | null = null;
      for (const id of queueOf(state, window.id)) {
        const t = state.tickets.get(id);
        if (
          t &&
          (!best ||
            t.queueKey < best.queueKey ||
            (t.queueKey === best.queueKey && t.issuedAt < best.issuedAt))
        )
          best = t;
      }
      if (best) unbind(best.id);
      return best;
    },
  };
}

/** Tickets a window has now: its bound queue plus the one at the window. */
export function windowLoad(state: HallState, windowId: string, queued: number): number {
  return queued + (state.window(windowId)?.currentTicketId ? 1 : 0);
}

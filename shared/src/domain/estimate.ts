import type { HallState } from './hall-state';
import type { Ticket } from './ticket';

/**
 * Windows' worth of capacity a service gets: a window that lists it first gives all its
 * time, one that lists it further down shares its time with the services before it.
 * Counts open windows; before any window opens, the configured ones (the hall will open).
 */
export function serviceCapacity(
  state: HallState,
  serviceId: string,
): { capacity: number; idleWindows: number } {
  let open = 0;
  let configured = 0;
  let idleWindows = 0;
  for (const window of state.config.windows) {
    const rank = window.services.indexOf(serviceId);
    if (rank < 0) continue;
    const share = 1 / (rank + 1);
    configured += share;
    const status = state.window(window.id)?.status;
    if (status === 'open') {
      open += share;
      if (state.displayStatus(window.id) === 'idle') idleWindows += 1;
    }
  }
  return { capacity: open > 0 ? open : configured, idleWindows };
}

/** How many waiting tickets will be called before this one (same service or window queue). */
export function ticketsAhead(state: HallState, ticket: Ticket): number {
  const queue = ticket.targetWindowId
    ? state.waitingForWindow(ticket.targetWindowId)
    : state.waiting(ticket.serviceId);
  let ahead = 0;
  for (const other of queue) {
    if (other.id === ticket.id) break;
    ahead += 1;
  }
  return ahead;
}

/**
 * Estimated minutes until a ticket with `ahead` tickets before it is called: the work
 * ahead spread over the service's capacity, plus half a service for the ones being
 * served now. Zero when a window that serves it stands idle with nobody ahead.
 */
export function estimateWaitMinutes(state: HallState, serviceId: string, ahead: number): number {
  const { capacity, idleWindows } = serviceCapacity(state, serviceId);
  if (ahead < idleWindows) return 0;
  const mean = state.meanServiceMinutes(serviceId);
  if (capacity <= 0) return Math.round((ahead + 1) * mean);
  return Math.max(0, Math.round(((ahead + 0.5) * mean) / capacity));
}

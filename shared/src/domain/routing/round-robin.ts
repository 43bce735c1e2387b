import { preassignmentPolicy } from './preassign';
import type { RoutingPolicy } from './policy';

/**
 * P1, round-robin pre-assignment: at issue, a ticket is bound to the next window, in turn,
 * among the staffed windows that list its service; that window alone calls it, in queue
 * order. What cheap systems do. It ignores how busy each window is, so a flexible window
 * listed by many services collects a share of every one of them.
 */
export function roundRobinPolicy(): RoutingPolicy {
  const turn = new Map<string, number>();
  return preassignmentPolicy(
    'round-robin',
    'Pre-assigns each ticket at issue to the next window in turn that serves it',
    {
      choose(ticket, eligible) {
        const next = turn.get(ticket.serviceId) ?? 0;
        turn.set(ticket.serviceId, next + 1);
        return eligible[next % eligible.length] ?? (eligible[0] as (typeof eligible)[number]);
      },
    },
  );
}

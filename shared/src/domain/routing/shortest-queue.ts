import { preassignmentPolicy, windowLoad } from './preassign';
import type { RoutingPolicy } from './policy';
import { serviceRank } from './window-services';

/**
 * P2, join-the-shortest-queue pre-assignment: at issue, a ticket is bound to the staffed
 * window that serves its service and has the fewest tickets (bound and at the window);
 * ties go to the window that lists the service earliest, then to the lower window number.
 */
export function shortestQueuePolicy(): RoutingPolicy {
  return preassignmentPolicy(
    'shortest-queue',
    'Pre-assigns each ticket at issue to the serving window with the fewest tickets',
    {
      choose(ticket, eligible, state, queueOf) {
        let best = eligible[0] as (typeof eligible)[number];
        let bestKey = [Infinity, Infinity, Infinity];
        for (const w of eligible) {
          const key = [
            windowLoad(state, w.id, queueOf(w.id)),
            serviceRank(state, w, ticket.serviceId),
            w.number,
          ];
          if (
            (key[0] as number) < (bestKey[0] as number) ||
            (key[0] === bestKey[0] &&
              ((key[1] as number) < (bestKey[1] as number) ||
                (key[1] === bestKey[1] && (key[2] as number) < (bestKey[2] as number))))
          ) {
            best = w;
            bestKey = key;
          }
        }
        return best;
      },
    },
  );
}

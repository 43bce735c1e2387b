import type { Ticket } from '../ticket';
import type { RoutingPolicy } from './policy';

/**
 * First come, first served across every service a window may serve, in queue order
 * (issue time less the priority boost). With every window serving everything this is the
 * fully pooled hall, the bound B1 of the routing benchmark.
 */
export const fcfsPolicy: RoutingPolicy = {
  name: 'fcfs',
  description: 'The earliest queue place across every service the window serves',
  pick({ state, services }) {
    let best: Ticket | null = null;
    for (const serviceId of services) {
      const head = state.waiting(serviceId)[0];
      if (
        head &&
        (!best ||
          head.queueKey < best.queueKey ||
          (head.queueKey === best.queueKey && head.issuedAt < best.issuedAt))
      )
        best = head;
    }
    return best;
  },
};

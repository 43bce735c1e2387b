import type { Ticket } from '../ticket';
import type { RoutingPolicy } from './policy';

/**
 * P4, the TheQ rule: among every service the window serves, a priority ticket (any class,
 * appointments included) before an ordinary one, then the earliest arrival. No skill
 * preference: a window does not favour its own service.
 */
export const theqPolicy: RoutingPolicy = {
  name: 'theq',
  description: 'Priority first, then arrival, across every service the window serves',
  pick({ state, services }) {
    let best: Ticket | null = null;
    for (const serviceId of services) {
      for (const t of state.waiting(serviceId)) {
        if (
          !best ||
          (t.priority !== null && best.priority === null) ||
          ((t.priority !== null) === (best.priority !== null) && t.issuedAt < best.issuedAt)
        )
          best = t;
      }
    }
    return best;
  },
};

import type { HallState } from '../hall-state';
import type { Ticket } from '../ticket';
import type { RoutingPolicy } from './policy';

/** Open windows that list the service first (its own windows), counting at least one. */
function ownWindows(state: HallState, serviceId: string): number {
  let count = 0;
  for (const window of state.config.windows) {
    if (window.services[0] === serviceId && state.window(window.id)?.status === 'open') count += 1;
  }
  return Math.max(1, count);
}

/**
 * P5, central queues with a queue-ratio rule: one queue per service, and a free window
 * takes the head of the service whose backlog is largest relative to its own windows'
 * capacity (waiting × mean service ÷ open windows that list it first: minutes to clear).
 * Ties go to the window's order of preference.
 */
export const queueRatioPolicy: RoutingPolicy = {
  name: 'queue-ratio',
  description: 'The head of the service with the largest backlog per own window',
  pick({ state, services }) {
    let best: Ticket | null = null;
    let bestRatio = -Infinity;
    for (const serviceId of services) {
      const queue = state.waiting(serviceId);
      const head = queue[0];
      if (!head) continue;
      const ratio =
        (queue.length * state.meanServiceMinutes(serviceId)) / ownWindows(state, serviceId);
      if (ratio > bestRatio) {
        bestRatio = ratio;
        best = head;
      }
    }
    return best;
  },
};

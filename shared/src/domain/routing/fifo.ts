import type { RoutingPolicy } from './policy';

/**
 * Plain per-service FIFO (the baseline, P0): a window takes the head of its first service
 * in preference order that has anyone waiting. A specialised window lists only its own
 * services, so it never helps another queue. Priority comes from the queue order itself.
 */
export const fifoPolicy: RoutingPolicy = {
  name: 'fifo',
  description: 'Per-service FIFO in the window\u2019s order of preference',
  pick({ state, services }) {
    for (const serviceId of services) {
      const head = state.waiting(serviceId)[0];
      if (head) return head;
    }
    return null;
  },
};

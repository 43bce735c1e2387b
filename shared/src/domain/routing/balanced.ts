import type { HallState } from '../hall-state';
import type { Ticket } from '../ticket';
import type { RoutingPolicy } from './policy';

/** Tuning of the balanced policy; minutes throughout. */
export interface BalancedOptions {
  /** How much more urgent another service must be, per step down the window's preference list. */
  preferenceStepMinutes: number;
  /** A head waiting longer than this is taken first whatever the preference. */
  starvationMinutes: number;
}

export const DEFAULT_BALANCED_OPTIONS: BalancedOptions = {
  preferenceStepMinutes: 10,
  starvationMinutes: 60,
};

const MINUTE = 60_000;

/** Open (not paused, not closed) windows that list the service first: its own capacity. */
function ownCapacity(state: HallState, serviceId: string): number {
  let capacity = 0;
  for (const window of state.config.windows) {
    if (window.services[0] !== serviceId) continue;
    if (state.window(window.id)?.status === 'open') capacity += 1;
  }
  return capacity;
}

/**
 * The wait the head of a service would see with no help: how long it has queued already
 * plus the work ahead of the service's own windows. The hotter, the sooner a flexible
 * window should help.
 */
function urgencyMinutes(state: HallState, serviceId: string, head: Ticket, now: number): number {
  const waited = Math.max(0, now - head.queueKey) / MINUTE;
  const backlog = state.waiting(serviceId).length * state.meanServiceMinutes(serviceId);
  const capacity = ownCapacity(state, serviceId);
  // No own window open: only flexible windows will ever serve it.
  const ahead = capacity > 0 ? backlog / capacity : backlog * 2;
  return waited + ahead;
}

/**
 * hallq's default: a window serves its own services first, but a flexible window
 * (comprehensive, classified, or cross-trained) takes the hottest service it may serve when
 * that service is clearly more urgent than its own. This is what ends 冷热不均: no window
 * idles while a queue it is allowed to serve grows.
 */
export function balancedPolicy(options: BalancedOptions = DEFAULT_BALANCED_OPTIONS): RoutingPolicy {
  return {
    name: 'balanced',
    description: 'Own services first; flexible windows help the most urgent queue they may serve',
    pick({ state, services, now }) {
      let best: Ticket | null = null;
      let bestScore = -Infinity;
      let oldest: Ticket | null = null;
      services.forEach((serviceId, rank) => {
        const head = state.waiting(serviceId)[0];
        if (!head) return;
        if (!oldest || head.queueKey < oldest.queueKey) oldest = head;
        const score =
          urgencyMinutes(state, serviceId, head, now) - rank * options.preferenceStepMinutes;
        if (score > bestScore) {
          bestScore = score;
          best = head;
        }
      });
      const longest = oldest as Ticket | null;
      if (longest && (now - longest.queueKey) / MINUTE > options.starvationMinutes) return longest;
      return best;
    },
  };
}

import type { HallState } from '../hall-state';
import type { Ticket } from '../ticket';
import { stepQueueKey } from '../bundle';
import type { RoutingPolicy } from './policy';
import { serviceRank } from './window-services';
import { cappedHead } from '../../booking/routing-cap';

/** Tuning of the balanced policy; minutes throughout. */
export interface BalancedOptions {
  /**
   * Score a service other than the window's own must beat its own by (in minutes of
   * projected wait per 10 minutes of service): a window serves its own queue first unless
   * another is clearly more urgent.
   */
  helpPenaltyMinutes: number;
  /**
   * A head that has queued this much longer than the window's own head (or than 0 when its
   * own queue is empty) is taken first whatever the score: nothing starves.
   */
  starvationMinutes: number;
  /**
   * The window's own head, once it has queued this long, is taken before any help
   * elsewhere (only a starving head goes before it).
   */
  ownFirstMinutes: number;
  /** Capacity floor (windows) of a service no other window serves: its queue is urgent. */
  minCapacity: number;
}

export const DEFAULT_BALANCED_OPTIONS: BalancedOptions = {
  helpPenaltyMinutes: 5,
  starvationMinutes: 60,
  ownFirstMinutes: 20,
  minCapacity: 0.3,
};

const MINUTE = 60_000;

/**
 * Windows' worth of service the other windows give a service: each open window that serves
 * it gives its share, 1 when it lists it first, 1/2 second, 1/3 third… (services taken for
 * now, 临时受理, count after the configured ones). When none of them
 * is open, the configured ones count (they are expected to open, as in the wait estimate).
 */
function otherCapacity(state: HallState, serviceId: string, selfId: string): number {
  let open = 0;
  let configured = 0;
  for (const window of state.config.windows) {
    if (window.id === selfId) continue;
    const rank = serviceRank(state, window, serviceId);
    if (rank < 0) continue;
    const share = 1 / (rank + 1);
    configured += share;
    if (state.window(window.id)?.status === 'open') open += share;
  }
  return open > 0 ? open : configured;
}

/**
 * hallq's default (P7 in the routing benchmark, docs/benchmarks.md). A free window scores
 * the head of every service it may serve by the value of its time there:
 *
 *   projected = minutes the head has queued + waiting × mean service ÷ the other windows'
 *               capacity for the service (the wait the head would still see without this
 *               window)
 *   score     = projected × 10 ÷ mean service (per 10 minutes of this window's time: a
 *               short ticket taken now frees the window sooner for the next hot queue)
 *             − helpPenaltyMinutes when the service is not the window's own (first listed)
 *
 * and takes, in this order:
 *   1. the oldest head that has queued more than starvationMinutes longer than the window's
 *      own head (0 when its own queue is empty): no queue starves beside it;
 *   2. its own head, once that has queued ownFirstMinutes: when the whole hall is
 *      overloaded, helping elsewhere only moves the wait onto its own queue, which nobody
 *      else serves;
 *   3. the highest score.
 * Within a service the order is always the queue order (issue time less the bounded
 * priority boost): priority never starves anyone. Specialised windows (one service) are
 * unaffected; flexible windows (comprehensive, classified, cross-trained) help where their
 * time cuts waiting most: the comprehensive-window reform's answer to 冷热不均. It reads
 * only the hall state and the time, so the server and the simulator run it alike.
 */
export function balancedPolicy(options: BalancedOptions = DEFAULT_BALANCED_OPTIONS): RoutingPolicy {
  return {
    name: 'balanced',
    description:
      'Own service first; flexible windows take the queue where their time cuts waiting most',
    pick({ state, services, window, now }) {
      let best: Ticket | null = null;
      let bestScore = -Infinity;
      let oldest: Ticket | null = null;
      let own: Ticket | null = null;
      let ownQueued = 0;
      services.forEach((serviceId, rank) => {
        const queue = state.waiting(serviceId);
        // 预约办: past the hourly cap of appointments, walk-ins come first.
        const head = cappedHead(state, serviceId, queue, now);
        if (!head) return;
        // 一件事一次办: a bundle ticket has waited here only since its step fell due.
        if (!oldest || stepQueueKey(head) < stepQueueKey(oldest)) oldest = head;
        const mean = Math.max(0.5, state.meanServiceMinutes(serviceId));
        const capacity = Math.max(options.minCapacity, otherCapacity(state, serviceId, window.id));
        const queued = Math.max(0, now - stepQueueKey(head)) / MINUTE;
        if (rank === 0) {
          own = head;
          ownQueued = queued;
        }
        const projected = queued + (queue.length * mean) / capacity;
        const score = (projected * 10) / mean - (rank > 0 ? options.helpPenaltyMinutes : 0);
        if (score > bestScore) {
          bestScore = score;
          best = head;
        }
      });
      const longest = oldest as Ticket | null;
      if (longest && (now - stepQueueKey(longest)) / MINUTE - ownQueued > options.starvationMinutes)
        return longest;
      if (own && ownQueued >= options.ownFirstMinutes) return own;
      return best;
    },
  };
}

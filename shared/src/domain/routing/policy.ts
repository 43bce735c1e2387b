import type { HallConfig, WindowConfig } from '../hall-config';
import type { HallState } from '../hall-state';
import type { Ticket } from '../ticket';

/** What a policy sees when a free window asks for its next ticket. */
export interface RoutingContext {
  config: HallConfig;
  state: HallState;
  window: WindowConfig;
  /** The services this window may serve now, in its order of preference. */
  services: readonly string[];
  now: number;
}

/**
 * Picks the next ticket for a free window among the services it may serve, or null.
 * Pure and deterministic: the server, the simulator and the benchmarks run the same one.
 * Tickets transferred to this very window are served before any policy is asked.
 */
export interface RoutingPolicy {
  readonly name: string;
  readonly description: string;
  pick(context: RoutingContext): Ticket | null;
  /**
   * Optional: hears each ticket right after it is issued. Pre-assignment policies (which
   * bind a ticket to a window at issue time) assign it here; callers that never call this
   * still work, since such a policy assigns any ticket it has not heard of at its next pick.
   */
  observeIssued?(context: IssuedContext): void;
}

/** What a policy hears when a ticket is issued. */
export interface IssuedContext {
  config: HallConfig;
  state: HallState;
  ticket: Ticket;
  now: number;
}

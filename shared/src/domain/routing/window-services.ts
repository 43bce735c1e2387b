import type { WindowConfig } from '../hall-config';
import type { HallState } from '../hall-state';

/**
 * Where a window lists a service: 0 for its own (first) service, then its configured
 * order, then the services a guide let it take for now (临时受理); -1 when it does not
 * serve it. What routing policies use to weigh other windows' help.
 */
export function serviceRank(state: HallState, window: WindowConfig, serviceId: string): number {
  const rank = window.services.indexOf(serviceId);
  if (rank >= 0) return rank;
  const extra = state.window(window.id)?.extraServiceIds.indexOf(serviceId) ?? -1;
  return extra >= 0 ? window.services.length + extra : -1;
}

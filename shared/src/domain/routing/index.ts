import { balancedPolicy } from './balanced';
import { fifoPolicy } from './fifo';
import type { RoutingPolicy } from './policy';

export type { RoutingContext, RoutingPolicy } from './policy';
export { balancedPolicy, DEFAULT_BALANCED_OPTIONS, type BalancedOptions } from './balanced';
export { fifoPolicy } from './fifo';

export const ROUTING_POLICY_NAMES = ['balanced', 'fifo'] as const;
export type RoutingPolicyName = (typeof ROUTING_POLICY_NAMES)[number];

export function routingPolicy(name: RoutingPolicyName): RoutingPolicy {
  return name === 'fifo' ? fifoPolicy : balancedPolicy();
}

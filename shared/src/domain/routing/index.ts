import { balancedPolicy } from './balanced';
import { fcfsPolicy } from './fcfs';
import { fifoPolicy } from './fifo';
import { novoSgaPolicy } from './novo-sga';
import type { RoutingPolicy } from './policy';
import { queueRatioPolicy } from './queue-ratio';
import { roundRobinPolicy } from './round-robin';
import { shortestQueuePolicy } from './shortest-queue';
import { theqPolicy } from './theq';

export type { IssuedContext, RoutingContext, RoutingPolicy } from './policy';
export { balancedPolicy, DEFAULT_BALANCED_OPTIONS, type BalancedOptions } from './balanced';
export { fifoPolicy } from './fifo';
export { fcfsPolicy } from './fcfs';
export { novoSgaPolicy } from './novo-sga';
export { queueRatioPolicy } from './queue-ratio';
export { roundRobinPolicy } from './round-robin';
export { shortestQueuePolicy } from './shortest-queue';
export { theqPolicy } from './theq';

/** Policies a hall configuration may name (`routingPolicy`). */
export const ROUTING_POLICY_NAMES = ['balanced', 'fifo'] as const;
export type RoutingPolicyName = (typeof ROUTING_POLICY_NAMES)[number];

export function routingPolicy(name: RoutingPolicyName): RoutingPolicy {
  return name === 'fifo' ? fifoPolicy : balancedPolicy();
}

/**
 * Every policy the simulator and the routing benchmark know, by name. The benchmark's
 * labels: P0 fifo, P1 round-robin, P2 shortest-queue, P3 novo-sga, P4 theq, P5 queue-ratio,
 * P7 balanced; B1 is fcfs on the fully pooled layout.
 */
const FACTORIES = {
  fifo: () => fifoPolicy,
  'round-robin': roundRobinPolicy,
  'shortest-queue': shortestQueuePolicy,
  'novo-sga': () => novoSgaPolicy,
  theq: () => theqPolicy,
  'queue-ratio': () => queueRatioPolicy,
  balanced: () => balancedPolicy(),
  fcfs: () => fcfsPolicy,
} satisfies Record<string, () => RoutingPolicy>;

export type AnyPolicyName = keyof typeof FACTORIES;
export const ALL_POLICY_NAMES = Object.keys(FACTORIES) as AnyPolicyName[];

/** A fresh policy instance by name (pre-assignment policies keep per-day state). */
export function createPolicy(name: string): RoutingPolicy {
  const factory = (FACTORIES as Record<string, (() => RoutingPolicy) | undefined>)[name];
  if (!factory)
    throw new Error(`unknown routing policy ${name}: one of ${ALL_POLICY_NAMES.join(', ')}`);
  return factory();
}

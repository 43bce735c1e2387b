import { z } from 'zod';
import type { HallConfig } from '../domain/hall-config';
import { createPolicy, type RoutingPolicy } from '../domain/routing';
import { applyLayout, layoutSpecSchema, pooledLayout } from './layouts';
import { aggregate, captured, summariseDay, type DaySummary, type Metrics } from './metrics';
import { simulateDay } from './simulator';
import { generateDay } from './stream';
import type { Workload } from './workload';

/**
 * A benchmark scenario: a workload on a layout of a hall. The files live in
 * scripts/sim/scenarios/ (format in docs/simulator.md).
 */
export const scenarioSchema = z
  .object({
    id: z.string().min(1).max(20),
    name: z.string().min(1).max(120),
    description: z.string().max(2000).default(''),
    /** Hall configuration file, relative to the scenario file. */
    hall: z.string().min(1),
    /** Workload file, relative to the scenario file. */
    workload: z.string().min(1),
    layout: layoutSpecSchema.default({ type: 'published' }),
  })
  .strict();
export type ScenarioFile = z.output<typeof scenarioSchema>;

export interface Scenario {
  id: string;
  name: string;
  /** The published hall: volumes given as rho refer to its windows. */
  hall: HallConfig;
  /** The layout simulated. */
  layout: HallConfig;
  workload: Workload;
}

export function buildScenario(file: ScenarioFile, hall: HallConfig, workload: Workload): Scenario {
  return { id: file.id, name: file.name, hall, layout: applyLayout(hall, file.layout), workload };
}

export interface RunOptions {
  seed: number;
  days: number;
  /** First simulated day (days are numbered; each has its own streams). */
  firstDay?: number;
  estimates?: boolean;
}

/**
 * Simulates `days` days of a workload on a layout under a named policy, a fresh policy
 * instance each day, and summarises each day. The stream of day d depends only on the
 * workload, the published hall's services, the seed and d: every policy and every layout
 * replays the same tickets.
 */
export function runDays(
  layout: HallConfig,
  workload: Workload,
  policy: string | (() => RoutingPolicy),
  options: RunOptions,
  streamHall: HallConfig = layout,
): DaySummary[] {
  const out: DaySummary[] = [];
  const first = options.firstDay ?? 0;
  for (let day = first; day < first + options.days; day += 1) {
    const stream = generateDay(workload, streamHall, options.seed, day);
    const instance = typeof policy === 'string' ? createPolicy(policy) : policy();
    const result = simulateDay(layout, workload, instance, options.seed, day, {
      stream,
      estimates: options.estimates ?? false,
    });
    out.push(summariseDay(result));
  }
  return out;
}

/** The benchmark's columns: label, policy, and whether the layout is fully pooled. */
export const BENCH_RUNS = [
  { label: 'P0', policy: 'fifo', pooled: false },
  { label: 'P1', policy: 'round-robin', pooled: false },
  { label: 'P2', policy: 'shortest-queue', pooled: false },
  { label: 'P3', policy: 'novo-sga', pooled: false },
  { label: 'P4', policy: 'theq', pooled: false },
  { label: 'P5', policy: 'queue-ratio', pooled: false },
  { label: 'P7', policy: 'balanced', pooled: false },
  { label: 'B1', policy: 'fcfs', pooled: true },
  /** P7 with every window fully flexible: should come within 5% of B1. */
  { label: 'P7F', policy: 'balanced', pooled: true },
] as const;
export type BenchLabel = (typeof BENCH_RUNS)[number]['label'];

export function benchLayout(scenario: Scenario, pooled: boolean): HallConfig {
  return pooled ? pooledLayout(scenario.layout) : scenario.layout;
}

/** The JSON row of one policy in one scenario (minutes; captured as a fraction). */
export interface BenchRow {
  mean: number;
  p90: number;
  p95: number;
  max: number;
  worstServiceMean: number;
  fairness: number;
  over30Share: number;
  priorityMean: number;
  utilisationCv: number;
  captured: number;
}

export function benchRow(metrics: Metrics, capturedShare: number): BenchRow {
  const r = (x: number, digits = 2) => Number(x.toFixed(digits));
  return {
    mean: r(metrics.mean.value),
    p90: r(metrics.p90.value),
    p95: r(metrics.p95.value),
    max: r(metrics.max, 1),
    worstServiceMean: r(metrics.worstServiceMean.value),
    fairness: r(metrics.fairness, 3),
    over30Share: r(metrics.over30Share.value, 4),
    priorityMean: r(metrics.priorityMean.value),
    utilisationCv: r(metrics.utilisationCv.value, 3),
    captured: r(capturedShare, 3),
  };
}

/** Metrics and captured share of every run of one scenario. */
export function scenarioResults(
  summaries: Partial<Record<BenchLabel, DaySummary[]>>,
): Partial<Record<BenchLabel, { metrics: Metrics; captured: ReturnType<typeof captured> }>> {
  const metrics: Partial<Record<BenchLabel, Metrics>> = {};
  for (const [label, days] of Object.entries(summaries) as [BenchLabel, DaySummary[]][]) {
    metrics[label] = aggregate(days);
  }
  const p0 = metrics.P0?.dailyMeans ?? [];
  const b1 = metrics.B1?.dailyMeans ?? [];
  const out: Partial<
    Record<BenchLabel, { metrics: Metrics; captured: ReturnType<typeof captured> }>
  > = {};
  for (const [label, m] of Object.entries(metrics) as [BenchLabel, Metrics][]) {
    out[label] = { metrics: m, captured: captured(p0, m.dailyMeans, b1) };
  }
  return out;
}

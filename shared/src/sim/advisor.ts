import type { HallConfig, WindowConfig } from '../domain/hall-config';
import { parseHallConfig } from '../domain/hall-config-validate';
import { layoutChanges } from './layouts';
import { aggregate, type Metrics } from './metrics';
import { runDays } from './scenario';
import type { Workload } from './workload';

/**
 * The layout advisor: which windows should serve which services. Given a hall, a workload
 * and a budget, it searches layouts with the simulator (greedy steps, a few days per
 * evaluation), then confirms the best on more days it has not seen, beside today's layout.
 */

export type Budget =
  /** Cross-train at most `clerks` clerks, each with at most `servicesPerClerk` extra services. */
  | { kind: 'cross-train'; clerks: number; servicesPerClerk: number }
  /** Convert at most `windows` windows to comprehensive (own service first, then all). */
  | { kind: 'convert'; windows: number };

export interface AdvisorOptions {
  /** Routing policy the layouts are judged under (hallq's default: balanced). */
  policy: string;
  seed: number;
  /** Days per evaluation during the search. */
  searchDays: number;
  /** Days of the confirmation run (days the search has not seen). */
  confirmDays: number;
  /** Hot services tried per step. */
  hotServices: number;
  /** Candidate windows tried per hot service and step. */
  candidateWindows: number;
  /** Weight of the p95 wait beside the mean in the search objective. */
  p95Weight: number;
  onProgress?: (message: string) => void;
}

export const DEFAULT_ADVISOR_OPTIONS: AdvisorOptions = {
  policy: 'balanced',
  seed: 1,
  searchDays: 3,
  confirmDays: 30,
  hotServices: 4,
  candidateWindows: 6,
  p95Weight: 0.1,
};

export interface AdvisorStep {
  change: string;
  objective: number;
  mean: number;
  p95: number;
}

export interface Advice {
  budget: Budget;
  /** The recommended layout. */
  layout: HallConfig;
  /** What to change, window by window. */
  changes: string[];
  steps: AdvisorStep[];
  /** Simulated layouts during the search. */
  evaluations: number;
  /** Confirmation (confirmDays, unseen days): today's layout under fifo (P0) and the policy, and the recommendation. */
  todayFifo: Metrics;
  todayPolicy: Metrics;
  recommended: Metrics;
}

/** First day of confirmation runs: far from the search days, so the confirmation is out of sample. */
const CONFIRM_FIRST_DAY = 10_000;

interface Move {
  windowId: string;
  /** Service to add, or null: convert to comprehensive. */
  serviceId: string | null;
}

function applyMove(hall: HallConfig, move: Move, order: readonly string[]): HallConfig {
  const windows: WindowConfig[] = hall.windows.map((w) => {
    if (w.id !== move.windowId) return w;
    if (move.serviceId === null) {
      return {
        ...w,
        kind: 'comprehensive' as const,
        services: [...new Set([...w.services, ...order])],
      };
    }
    return { ...w, services: [...new Set([...w.services, move.serviceId])] };
  });
  return parseHallConfig({ ...hall, windows });
}

/** The service order of the hall's comprehensive windows, then every other service. */
function comprehensiveOrder(hall: HallConfig): string[] {
  const comprehensive = hall.windows.find((w) => w.kind === 'comprehensive');
  return [...new Set([...(comprehensive?.services ?? []), ...hall.services.map((s) => s.id)])];
}

export function objective(metrics: Metrics, p95Weight: number): number {
  return metrics.mean.value + p95Weight * metrics.p95.value;
}

/**
 * Searches layouts within the budget and recommends the best. Pure and deterministic: the
 * same inputs give the same advice.
 */
export function adviseLayout(
  hall: HallConfig,
  workload: Workload,
  budget: Budget,
  options: Partial<AdvisorOptions> = {},
): Advice {
  const o: AdvisorOptions = { ...DEFAULT_ADVISOR_OPTIONS, ...options };
  const order = comprehensiveOrder(hall);
  const serviceName = (id: string) => hall.services.find((s) => s.id === id)?.name ?? id;
  let evaluations = 0;
  const evaluate = (layout: HallConfig): Metrics => {
    evaluations += 1;
    return aggregate(
      runDays(layout, workload, o.policy, { seed: o.seed, days: o.searchDays }, hall),
    );
  };

  let current = hall;
  let currentMetrics = evaluate(current);
  let currentObjective = objective(currentMetrics, o.p95Weight);
  const steps: AdvisorStep[] = [];
  /** Extra services given per window so far (cross-train). */
  const added = new Map<string, number>();
  const limit = budget.kind === 'cross-train' ? budget.clerks : budget.windows;
  const maxSteps =
    budget.kind === 'cross-train'
      ? budget.clerks * Math.max(1, budget.servicesPerClerk)
      : budget.windows;

  for (let step = 0; step < maxSteps; step += 1) {
    const moves = candidateMoves(current, currentMetrics, budget, added, limit, o);
    if (moves.length === 0) break;
    let bestMove: Move | null = null;
    let bestLayout = current;
    let bestMetrics = currentMetrics;
    let bestObjective = currentObjective;
    for (const move of moves) {
      const layout = applyMove(current, move, order);
      const metrics = evaluate(layout);
      const value = objective(metrics, o.p95Weight);
      if (value < bestObjective - 1e-9) {
        bestMove = move;
        bestLayout = layout;
        bestMetrics = metrics;
        bestObjective = value;
      }
    }
    // Stop when no move helps by at least 0.5%.
    if (!bestMove || bestObjective > currentObjective * 0.995) break;
    current = bestLayout;
    currentMetrics = bestMetrics;
    currentObjective = bestObjective;
    added.set(bestMove.windowId, (added.get(bestMove.windowId) ?? 0) + 1);
    const window = hall.windows.find((w) => w.id === bestMove?.windowId);
    const change =
      bestMove.serviceId === null
        ? `${window?.number}号 ${window?.name}: 改为综合窗口`
        : `${window?.number}号 ${window?.name}: 加办 ${serviceName(bestMove.serviceId)}`;
    steps.push({
      change,
      objective: bestObjective,
      mean: bestMetrics.mean.value,
      p95: bestMetrics.p95.value,
    });
    o.onProgress?.(
      `step ${step + 1}: ${change} → mean ${bestMetrics.mean.value.toFixed(2)}, p95 ${bestMetrics.p95.value.toFixed(1)}`,
    );
  }

  const confirm = (layout: HallConfig, policy: string) =>
    aggregate(
      runDays(
        layout,
        workload,
        policy,
        { seed: o.seed, days: o.confirmDays, firstDay: CONFIRM_FIRST_DAY },
        hall,
      ),
    );
  return {
    budget,
    layout: current,
    changes: layoutChanges(hall, current),
    steps,
    evaluations,
    todayFifo: confirm(hall, 'fifo'),
    todayPolicy: confirm(hall, o.policy),
    recommended: confirm(current, o.policy),
  };
}

/**
 * Moves worth trying from a layout: the hottest services (most minutes waited a day) ×
 * the least busy windows that could take them (one per kind of window, so a step never
 * tries ten copies of the same idea). Converting tries the least busy window of each kind.
 */
function candidateMoves(
  layout: HallConfig,
  metrics: Metrics,
  budget: Budget,
  added: Map<string, number>,
  limit: number,
  o: AdvisorOptions,
): Move[] {
  const utilisation = (w: WindowConfig) => metrics.windowUtilisation[w.id] ?? 0;
  const touched = [...added.values()].filter((n) => n > 0).length;
  const eligible = layout.windows.filter((w) => {
    if (w.kind === 'comprehensive' || w.kind === 'output' || w.kind === 'escalation') return false;
    const n = added.get(w.id) ?? 0;
    if (budget.kind === 'convert') return n === 0 && touched < limit;
    if (n >= budget.servicesPerClerk) return false;
    return n > 0 || touched < limit;
  });
  // The least busy eligible window of each kind (own service).
  const byKind = new Map<string, WindowConfig>();
  for (const w of eligible) {
    const own = w.services[0] ?? '';
    const best = byKind.get(own);
    if (!best || utilisation(w) < utilisation(best)) byKind.set(own, w);
  }
  const representatives = [...byKind.values()].sort(
    (a, b) => utilisation(a) - utilisation(b) || a.number - b.number,
  );
  if (budget.kind === 'convert') {
    return representatives.slice(0, o.candidateWindows * 2).map((w) => ({
      windowId: w.id,
      serviceId: null,
    }));
  }
  const hot = Object.entries(metrics.serviceMeans)
    .map(([id, mean]) => ({ id, minutes: mean * (metrics.serviceVolumes[id] ?? 0) }))
    .sort((a, b) => b.minutes - a.minutes || (a.id < b.id ? -1 : 1))
    .slice(0, o.hotServices);
  const moves: Move[] = [];
  for (const service of hot) {
    const takers = representatives.filter((w) => !w.services.includes(service.id));
    for (const w of takers.slice(0, o.candidateWindows))
      moves.push({ windowId: w.id, serviceId: service.id });
  }
  return moves;
}

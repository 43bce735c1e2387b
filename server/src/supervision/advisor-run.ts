import type { HallConfig } from '../../../shared/src/domain';
import { adviseLayout, type Budget } from '../../../shared/src/sim/advisor';
import type { Metrics } from '../../../shared/src/sim/metrics';
import type { Workload } from '../../../shared/src/sim/workload';
import type {
  AdvisorBudgetBody,
  AdvisorResultView,
  LayoutMetricsView,
  WindowChangeView,
} from '../../../shared/src/supervision/advisor-http';

/**
 * One advisor job's work, run in a worker thread (advisor-worker.ts) so the hall server's
 * event loop never waits for the simulator: one proposal per budget, each beside today's
 * layout, on simulated days the search did not see.
 */
export interface AdvisorRunInput {
  hall: HallConfig;
  workload: Workload;
  budgets: AdvisorBudgetBody[];
  policy: string;
  seed: number;
  searchDays: number;
  confirmDays: number;
}

export type AdvisorProgress = { done: number; total: number; message: string };

const ci = (e: { value: number; half: number }) => ({
  value: e.value,
  half: Number.isFinite(e.half) ? e.half : null,
});

export function metricsView(m: Metrics): LayoutMetricsView {
  return {
    days: m.days,
    ticketsPerDay: m.ticketsPerDay,
    mean: ci(m.mean),
    p90: ci(m.p90),
    p95: ci(m.p95),
    max: m.max,
    over30Share: ci(m.over30Share),
    worstService: m.worstService,
    worstServiceMean: ci(m.worstServiceMean),
    serviceMeans: m.serviceMeans,
  };
}

export function toBudget(b: AdvisorBudgetBody): Budget {
  return b.kind === 'convert'
    ? { kind: 'convert', windows: b.k }
    : { kind: 'cross-train', clerks: b.k, servicesPerClerk: b.perClerk };
}

/** Steps a budget may take at most (the progress bar's length). */
export function budgetSteps(b: AdvisorBudgetBody): number {
  return b.kind === 'convert' ? b.k : b.k * b.perClerk;
}

/** What a proposal changes, window by window. */
export function windowChanges(
  before: HallConfig,
  windows: HallConfig['windows'],
): WindowChangeView[] {
  const out: WindowChangeView[] = [];
  for (const w of windows) {
    const old = before.windows.find((o) => o.id === w.id);
    if (!old) continue;
    const added = w.services.filter((s) => !old.services.includes(s));
    if (added.length === 0 && w.kind === old.kind) continue;
    out.push({
      windowId: w.id,
      number: w.number,
      name: w.name,
      kind: w.kind !== old.kind ? 'convert' : 'cross-train',
      added,
    });
  }
  return out;
}

export function runAdvisor(
  input: AdvisorRunInput,
  progress: (p: AdvisorProgress) => void,
  clock: () => number = () => performance.now(),
): AdvisorResultView {
  const started = clock();
  const total = input.budgets.reduce((s, b) => s + budgetSteps(b) + 1, 0);
  let done = 0;
  const proposals: AdvisorResultView['proposals'] = [];
  let today: { fifo: Metrics; policy: Metrics } | null = null;
  for (const budget of input.budgets) {
    const base = done;
    const advice = adviseLayout(input.hall, input.workload, toBudget(budget), {
      policy: input.policy,
      seed: input.seed,
      searchDays: input.searchDays,
      confirmDays: input.confirmDays,
      onProgress: (message) => {
        done = Math.min(base + budgetSteps(budget), done + 1);
        progress({ done, total, message });
      },
    });
    done = base + budgetSteps(budget) + 1;
    progress({ done, total, message: `${advice.changes.length} changes confirmed` });
    today ??= { fifo: advice.todayFifo, policy: advice.todayPolicy };
    proposals.push({
      budget,
      changes: advice.changes,
      windows: windowChanges(input.hall, advice.layout.windows),
      metrics: metricsView(advice.recommended),
      layout: advice.layout.windows,
      evaluations: advice.evaluations,
    });
  }
  if (!today) throw new Error('no budget');
  return {
    policy: input.policy,
    todayFifo: metricsView(today.fifo),
    todayPolicy: metricsView(today.policy),
    proposals,
    seconds: (clock() - started) / 1000,
  };
}

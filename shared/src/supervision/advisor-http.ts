import { z } from 'zod';
import type { HallConfig } from '../domain/hall-config';

/**
 * The layout advisor page's API (布局优化, docs/supervision.md): the workload estimated from
 * past days, advisor jobs run in a worker thread, and their proposals.
 */

export const advisorWorkloadQuery = z
  .object({ days: z.coerce.number().int().min(1).max(120).default(20) })
  .strict();

export const advisorBudgetBody = z.discriminatedUnion('kind', [
  z
    .object({
      kind: z.literal('cross-train'),
      k: z.number().int().min(1).max(60),
      perClerk: z.number().int().min(1).max(2).default(1),
    })
    .strict(),
  z.object({ kind: z.literal('convert'), k: z.number().int().min(1).max(60) }).strict(),
]);
export type AdvisorBudgetBody = z.output<typeof advisorBudgetBody>;

export const advisorJobBody = z
  .object({
    /** The last N working days the workload is estimated from. */
    days: z.number().int().min(1).max(120).default(20),
    /** One proposal per budget, shown side by side. */
    budgets: z.array(advisorBudgetBody).min(1).max(3),
    /** Simulated days per layout during the search, and for the confirmation. */
    searchDays: z.number().int().min(1).max(10).default(3),
    confirmDays: z.number().int().min(2).max(60).default(20),
    seed: z.number().int().min(1).max(1_000_000).default(1),
  })
  .strict();
export type AdvisorJobBody = z.output<typeof advisorJobBody>;

/** A wait figure with its 95% confidence half-width (minutes). */
export interface CiView {
  value: number;
  half: number | null;
}

export interface LayoutMetricsView {
  days: number;
  ticketsPerDay: number;
  mean: CiView;
  p90: CiView;
  p95: CiView;
  max: number;
  over30Share: CiView;
  worstService: string;
  worstServiceMean: CiView;
  serviceMeans: Record<string, number>;
}

export interface WindowChangeView {
  windowId: string;
  number: number;
  name: string;
  /** 'cross-train': takes the added services too; 'convert': becomes comprehensive. */
  kind: 'cross-train' | 'convert';
  added: string[];
}

export interface AdvisorProposalView {
  budget: AdvisorBudgetBody;
  changes: string[];
  windows: WindowChangeView[];
  metrics: LayoutMetricsView;
  /** The proposal's windows (the rest of the configuration is the hall's when applied). */
  layout: HallConfig['windows'];
  evaluations: number;
}

export interface AdvisorResultView {
  policy: string;
  /** Today's layout under dedicated FIFO (P0) and under the hall's routing. */
  todayFifo: LayoutMetricsView;
  todayPolicy: LayoutMetricsView;
  proposals: AdvisorProposalView[];
  seconds: number;
}

export interface AdvisorServiceEstimateView {
  serviceId: string;
  name: string;
  perDay: number;
  served: number;
  meanMinutes: number | null;
  expectedMinutes: number | null;
  cv: number | null;
}

export interface AdvisorWorkloadView {
  days: string[];
  requestedDays: number;
  tickets: number;
  services: AdvisorServiceEstimateView[];
  priorityShare: number;
  appointmentShare: number;
  noShowShare: number;
  abandonShare: number;
  patienceMeanMinutes: number | null;
  serviceTimeCv: number;
  profile: { from: string; to: string; rate: number }[];
}

export interface AdvisorJobView {
  id: string;
  status: 'running' | 'done' | 'failed';
  startedAt: string;
  finishedAt: string | null;
  request: AdvisorJobBody;
  /** Search steps done so far and the latest step in words. */
  progress: { done: number; total: number; message: string };
  workload: AdvisorWorkloadView;
  result: AdvisorResultView | null;
  error: string | null;
}

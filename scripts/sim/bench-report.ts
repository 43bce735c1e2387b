/**
 * The routing benchmark's report: tables, the P7 targets and the JSON of issue 3, built
 * from the metrics of every scenario × policy column. No side effects (bench-routing.ts runs).
 */
import type { Metrics } from '../../shared/src/sim/metrics';
import {
  BENCH_RUNS,
  benchRow,
  type BenchLabel,
  type BenchRow,
  type Scenario,
  type scenarioResults,
} from '../../shared/src/sim/scenario';
import { ci, f1, f2, pct, serviceName, table } from './format';

export const POLICY_NAMES: Record<BenchLabel, string> = {
  P0: 'fifo',
  P1: 'round-robin',
  P2: 'shortest-queue',
  P3: 'novo-sga',
  P4: 'theq',
  P5: 'queue-ratio',
  P7: 'balanced',
  B1: 'pooled fcfs',
  P7F: 'balanced, pooled',
};

export interface ScenarioOutcome {
  scenario: Scenario;
  results: ReturnType<typeof scenarioResults>;
}

export function scenarioTable(o: ScenarioOutcome): string {
  const hall = o.scenario.hall;
  const rows = BENCH_RUNS.flatMap((run) => {
    const r = o.results[run.label];
    if (!r) return [];
    const m = r.metrics;
    return [
      [
        `${run.label} ${POLICY_NAMES[run.label]}`,
        ci(m.mean),
        f1(m.p90.value),
        f1(m.p95.value),
        f1(m.max),
        `${serviceName(hall, m.worstService)} ${f1(m.worstServiceMean.value)}`,
        m.fairness.toFixed(2),
        pct(m.over30Share.value),
        `${f1(m.priorityMean.value)} / ${f1(m.ordinaryMean.value)}`,
        pct(m.abandonment.value),
        pct(m.leftShare.value),
        m.utilisationCv.value.toFixed(2),
        pct(r.captured.value, 0),
      ],
    ];
  });
  return table(
    [
      'policy',
      'mean ±95%',
      'p90',
      'p95',
      'max',
      'worst service',
      'Jain',
      '>30 min',
      'priority / others',
      'abandon',
      'left',
      'util CV',
      'captured',
    ],
    rows,
  );
}

export interface TargetLine {
  target: string;
  met: boolean;
  detail: string;
}

export function targets(outcomes: ScenarioOutcome[]): TargetLine[] {
  const lines: TargetLine[] = [];
  const s1 = outcomes.find((o) => o.scenario.id === 'S1');
  const get = (o: ScenarioOutcome, l: BenchLabel): Metrics | undefined => o.results[l]?.metrics;
  if (s1) {
    const p0 = get(s1, 'P0');
    const p7 = get(s1, 'P7');
    const cap = s1.results.P7?.captured;
    if (p0 && p7 && cap) {
      const hall = s1.scenario.hall;
      lines.push({
        target: 'S1: ≥ 15% of the pooling benefit captured',
        met: cap.value >= 0.15,
        detail: `${pct(cap.value)} ±${pct(cap.half)} (mean ${f2(p0.mean.value)} → ${f2(p7.mean.value)}, B1 ${f2(get(s1, 'B1')?.mean.value ?? NaN)})`,
      });
      const ratio = p7.worstServiceMean.value / p0.worstServiceMean.value;
      lines.push({
        target: "S1: worst service's mean wait ≥ 30% below P0",
        met: ratio <= 0.7,
        detail: `${serviceName(hall, p7.worstService)} ${f1(p7.worstServiceMean.value)} vs P0's ${serviceName(hall, p0.worstService)} ${f1(p0.worstServiceMean.value)} (${ratio <= 1 ? `${pct(1 - ratio)} below` : `${pct(ratio - 1)} above`})`,
      });
      const worse = Object.entries(p7.serviceMeans)
        .map(([id, mean]) => ({ id, mean, base: p0.serviceMeans[id] ?? 0 }))
        .filter((s) => s.mean > s.base * 1.05 + 1e-9)
        .sort((a, b) => b.mean / Math.max(0.01, b.base) - a.mean / Math.max(0.01, a.base));
      lines.push({
        target: "S1: no service's mean wait > 5% worse than P0",
        met: worse.length === 0,
        detail:
          worse.length === 0
            ? 'none worse'
            : worse
                .map((s) => `${serviceName(hall, s.id)} ${f1(s.base)} → ${f1(s.mean)}`)
                .join(', '),
      });
      const pr = p7.priorityMean.value / Math.max(1e-9, p7.ordinaryMean.value);
      lines.push({
        target: "S1: priority tickets' mean wait ≤ 1/3 of others'",
        met: pr <= 1 / 3,
        detail: `${f2(p7.priorityMean.value)} vs ${f2(p7.ordinaryMean.value)} (ratio ${pr.toFixed(2)})`,
      });
      lines.push({
        target: 'S1: nothing starves (max wait bounded, not above P0)',
        met: p7.max <= p0.max,
        detail: `max ${f1(p7.max)} vs P0 ${f1(p0.max)}`,
      });
    }
  }
  for (const o of outcomes) {
    const p7 = get(o, 'P7');
    if (!p7) continue;
    const peers = (['P1', 'P2', 'P3', 'P4', 'P5'] as const).flatMap((l) => {
      const m = get(o, l);
      return m ? [{ l, m }] : [];
    });
    const meanLosers = peers.filter((p) => p.m.mean.value <= p7.mean.value);
    const p95Losers = peers.filter((p) => p.m.p95.value <= p7.p95.value);
    lines.push({
      target: `${o.scenario.id}: P7 ahead of P1–P5 on mean and p95`,
      met: meanLosers.length === 0 && p95Losers.length === 0,
      detail:
        `mean ${f2(p7.mean.value)} (best peer ${f2(Math.min(...peers.map((p) => p.m.mean.value)))}), ` +
        `p95 ${f1(p7.p95.value)} (best peer ${f1(Math.min(...peers.map((p) => p.m.p95.value)))})` +
        (meanLosers.length + p95Losers.length > 0
          ? `; behind on ${[
              ...meanLosers.map((p) => `mean vs ${p.l}`),
              ...p95Losers.map((p) => `p95 vs ${p.l}`),
            ].join(', ')}`
          : ''),
    });
    const flex = get(o, 'P7F');
    const b1 = get(o, 'B1');
    if (flex && b1) {
      lines.push({
        target: `${o.scenario.id}: fully flexible P7 within 5% of B1`,
        met: flex.mean.value <= b1.mean.value * 1.05,
        detail: `${f2(flex.mean.value)} vs B1 ${f2(b1.mean.value)} (${pct(flex.mean.value / b1.mean.value - 1)})`,
      });
    }
  }
  return lines;
}

export interface BenchJson {
  /** Exactly the shape of issue 3: minutes; captured as a fraction. */
  scenarios: Record<string, Record<string, BenchRow>>;
  /** 95% confidence half-widths across days, same keys. */
  ci95: Record<string, Record<string, Record<string, number>>>;
  /** More per column: P7F (balanced on the fully pooled layout), abandonment, per-service means… */
  extra: Record<string, Record<string, Record<string, unknown>>>;
  /** Estimate accuracy of the P7 runs. */
  estimates: Record<string, Metrics['estimate'] | undefined>;
  targets: TargetLine[];
  meta: Record<string, unknown>;
}

export function benchJson(outcomes: ScenarioOutcome[], meta: Record<string, unknown>): BenchJson {
  const json: BenchJson = {
    scenarios: {},
    ci95: {},
    extra: {},
    estimates: {},
    targets: targets(outcomes),
    meta: { ...meta, units: 'minutes; captured and shares as fractions' },
  };
  for (const o of outcomes) {
    const rows: Record<string, BenchRow> = {};
    const cis: Record<string, Record<string, number>> = {};
    const extra: Record<string, Record<string, unknown>> = {};
    for (const run of BENCH_RUNS) {
      const r = o.results[run.label];
      if (!r) continue;
      const m = r.metrics;
      const row = benchRow(m, r.captured.value);
      if (run.label !== 'P7F') rows[run.label] = row;
      cis[run.label] = {
        mean: m.mean.half,
        p90: m.p90.half,
        p95: m.p95.half,
        worstServiceMean: m.worstServiceMean.half,
        over30Share: m.over30Share.half,
        priorityMean: m.priorityMean.half,
        utilisationCv: m.utilisationCv.half,
        captured: r.captured.half,
      };
      extra[run.label] = {
        ...(run.label === 'P7F' ? row : {}),
        policy: POLICY_NAMES[run.label],
        worstService: m.worstService,
        othersMean: m.ordinaryMean.value,
        appointmentMean: m.appointmentMean.value,
        abandonment: m.abandonment.value,
        leftAtClose: m.leftShare.value,
        ticketsPerDay: m.ticketsPerDay,
        serviceMeans: m.serviceMeans,
      };
    }
    json.scenarios[o.scenario.id] = rows;
    json.ci95[o.scenario.id] = cis;
    json.extra[o.scenario.id] = extra;
    json.estimates[o.scenario.id] = o.results.P7?.metrics.estimate;
  }
  return json;
}

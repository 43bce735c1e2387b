import { BENCH_RUNS, benchLayout, runDays, scenarioResults } from '../../shared/src/sim/scenario';
import type { BenchLabel } from '../../shared/src/sim/scenario';
import type { DaySummary } from '../../shared/src/sim/metrics';
import { benchJson, scenarioTable, targets } from './bench-report';
import { loadScenario } from './load';

describe('routing benchmark report', () => {
  const scenario = loadScenario('S1');
  const summaries: Partial<Record<BenchLabel, DaySummary[]>> = {};
  for (const run of BENCH_RUNS) {
    summaries[run.label] = runDays(
      benchLayout(scenario, run.pooled),
      scenario.workload,
      run.policy,
      { seed: 1, days: 1, estimates: run.label === 'P7' },
      scenario.hall,
    );
  }
  const outcomes = [{ scenario, results: scenarioResults(summaries) }];

  it('prints exactly the JSON shape of the issue under "scenarios"', () => {
    const json = benchJson(outcomes, { days: 1, seed: 1 });
    expect(Object.keys(json.scenarios.S1 ?? {})).toEqual([
      'P0',
      'P1',
      'P2',
      'P3',
      'P4',
      'P5',
      'P7',
      'B1',
    ]);
    for (const row of Object.values(json.scenarios.S1 ?? {})) {
      expect(Object.keys(row)).toEqual([
        'mean',
        'p90',
        'p95',
        'max',
        'worstServiceMean',
        'fairness',
        'over30Share',
        'priorityMean',
        'utilisationCv',
        'captured',
      ]);
    }
    expect(json.scenarios.S1?.P0?.captured).toBe(0);
    expect(json.scenarios.S1?.B1?.captured).toBe(1);
    expect(json.extra.S1?.P7F?.mean).toBeGreaterThan(0);
    expect(json.estimates.S1?.count).toBeGreaterThan(0);
  });

  it('tables every column and checks the P7 targets', () => {
    expect(scenarioTable(outcomes[0]!).split('\n')).toHaveLength(2 + BENCH_RUNS.length);
    const lines = targets(outcomes).map((t) => t.target);
    expect(lines).toContain('S1: ≥ 15% of the pooling benefit captured');
    expect(lines).toContain('S1: P7 ahead of P1–P5 on mean and p95');
  });
});

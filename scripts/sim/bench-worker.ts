/**
 * A child process of bench:routing: runs the jobs it is sent (one scenario × one policy
 * column, all days) and sends back the day summaries.
 */
import { BENCH_RUNS, benchLayout, runDays } from '../../shared/src/sim/scenario';
import { loadScenario } from './load';

export interface BenchJob {
  scenario: string;
  label: (typeof BENCH_RUNS)[number]['label'];
  seed: number;
  days: number;
  estimates: boolean;
}

process.on('message', (job: BenchJob) => {
  const scenario = loadScenario(job.scenario);
  const run = BENCH_RUNS.find((r) => r.label === job.label);
  if (!run) throw new Error(`unknown column ${job.label}`);
  const started = performance.now();
  const days = runDays(
    benchLayout(scenario, run.pooled),
    scenario.workload,
    run.policy,
    { seed: job.seed, days: job.days, estimates: job.estimates },
    scenario.hall,
  );
  process.send?.({ job, days, seconds: (performance.now() - started) / 1000 });
});

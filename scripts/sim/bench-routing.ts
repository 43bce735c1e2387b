/**
 * npm run bench:routing [-- --days 30 --seed 2026 --scenarios S1,S2 --jobs 2 --json]
 * (--scenarios takes ids or paths of .scenario.json files)
 *
 * The routing benchmark of issue 3: every scenario (S1…S6, scripts/sim/scenarios/) under
 * every policy column (P0 fifo, P1 round-robin, P2 shortest-queue, P3 novo-sga, P4 theq,
 * P5 queue-ratio, P7 balanced, B1 fully pooled fcfs, P7F balanced on the fully pooled
 * layout), each replaying the same ticket stream, day by day. Prints the side-by-side
 * tables and the P7 targets; with --json exactly
 *   { "scenarios": { "S1": { "P0": { mean, p90, p95, max, worstServiceMean, fairness,
 *     over30Share, priorityMean, utilisationCv, captured }, … }, … } }
 * plus "ci95", "extra", "estimates", "targets" and "meta" beside it. --out FILE also
 * writes that JSON to a file while printing the tables.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { resolve } from 'node:path';
import type { DaySummary } from '../../shared/src/sim/metrics';
import { BENCH_RUNS, scenarioResults, type BenchLabel } from '../../shared/src/sim/scenario';
import { benchJson, scenarioTable, targets, type ScenarioOutcome } from './bench-report';
import { parseArgs, runMain } from './args';
import type { BenchJob } from './bench-worker';
import { f1, f2, pct, table } from './format';
import { loadScenario, SCENARIO_IDS } from './load';

/** Relative cost of a job, to start the slow ones first. */
const COST: Partial<Record<BenchLabel, number>> = { P1: 3, P2: 1.5 };

async function runJobs(jobs: BenchJob[], workers: number): Promise<Map<string, DaySummary[]>> {
  const results = new Map<string, DaySummary[]>();
  const queue = [...jobs].sort(
    (a, b) =>
      (COST[b.label] ?? 1) * (b.scenario === 'S2' ? 1.3 : 1) -
      (COST[a.label] ?? 1) * (a.scenario === 'S2' ? 1.3 : 1),
  );
  const script = resolve(__dirname, 'bench-worker.ts');
  const children: ChildProcess[] = [];
  await new Promise<void>((done, fail) => {
    let pending = queue.length;
    if (pending === 0) done();
    const feed = (child: ChildProcess) => {
      const job = queue.shift();
      if (job) child.send(job);
    };
    for (let i = 0; i < Math.min(workers, queue.length); i += 1) {
      const child = fork(script, [], { execArgv: process.execArgv, stdio: 'inherit' });
      children.push(child);
      child.on('message', (msg: { job: BenchJob; days: DaySummary[] }) => {
        results.set(`${msg.job.scenario}/${msg.job.label}`, msg.days);
        if (process.env.BENCH_TIMES)
          process.stderr.write(
            ` ${msg.job.scenario}/${msg.job.label} ${(msg as { seconds?: number }).seconds?.toFixed(1)}s\n`,
          );
        process.stderr.write('.');
        pending -= 1;
        if (pending === 0) done();
        else feed(child);
      });
      child.on('exit', (code) => {
        if (code !== 0 && code !== null && pending > 0) fail(new Error(`worker exited ${code}`));
      });
      feed(child);
    }
  });
  for (const child of children) child.kill();
  process.stderr.write('\n');
  return results;
}

runMain(async () => {
  const args = parseArgs(process.argv.slice(2), ['json']);
  const days = args.number('days', 30);
  const seed = args.number('seed', 2026);
  const ids = args.list('scenarios', SCENARIO_IDS);
  const workers = args.number('jobs', Math.max(1, Math.min(availableParallelism(), 4)));
  const started = performance.now();
  const scenarios = ids.map((id) => loadScenario(id));
  // A job names its scenario as it was given (an id, or the path of a .scenario.json).
  const jobs: BenchJob[] = ids.flatMap((source) =>
    BENCH_RUNS.map((run) => ({
      scenario: source,
      label: run.label,
      seed,
      days,
      estimates: run.label === 'P7' || run.label === 'P0',
    })),
  );
  const summaries = await runJobs(jobs, workers);
  const outcomes: ScenarioOutcome[] = scenarios.map((scenario, index) => {
    const byLabel: Partial<Record<BenchLabel, DaySummary[]>> = {};
    for (const run of BENCH_RUNS) {
      const days = summaries.get(`${ids[index]}/${run.label}`);
      if (days) byLabel[run.label] = days;
    }
    return { scenario, results: scenarioResults(byLabel) };
  });
  const seconds = (performance.now() - started) / 1000;

  const json = benchJson(outcomes, { days, seed, seconds });
  const text = JSON.stringify(json, null, 2);
  const out = args.get('out');
  if (out) writeFileSync(out, `${text}\n`, 'utf8');
  if (args.flag('json')) {
    console.log(text);
    return;
  }

  console.log(
    `Routing benchmark: ${days} simulated days per run, seed ${seed}, the same ticket stream for every column. ` +
      `Waits in minutes; ±: 95% confidence half-width across days.`,
  );
  for (const o of outcomes) {
    const m0 = o.results.P0?.metrics;
    console.log(
      `\n${o.scenario.id} ${o.scenario.name} — ${f1(m0?.ticketsPerDay ?? 0)} tickets/day (${o.scenario.workload.name})`,
    );
    console.log(scenarioTable(o));
  }
  console.log('\nTargets for P7 (balanced)');
  for (const t of targets(outcomes))
    console.log(`  [${t.met ? 'met' : 'NOT met'}] ${t.target}: ${t.detail}`);
  console.log('\nEstimated waits (P7 runs): the estimate shown at issue vs the realised wait');
  console.log(
    table(
      [
        'scenario',
        'core MAE',
        'within ±5',
        'naive MAE',
        'within ±5',
        'naive-own MAE',
        'within ±5',
        'vs naive',
        'vs naive-own',
      ],
      outcomes.flatMap((o) => {
        const e = o.results.P7?.metrics.estimate;
        if (!e) return [];
        return [
          [
            o.scenario.id,
            f2(e.mae),
            pct(e.within5),
            f2(e.naiveMae),
            pct(e.naiveWithin5),
            f2(e.naiveOwnMae),
            pct(e.naiveOwnWithin5),
            `${pct(1 - e.mae / e.naiveMae)} lower`,
            `${pct(1 - e.mae / e.naiveOwnMae)} lower`,
          ],
        ];
      }),
    ),
  );
  console.log(`\n${jobs.length} runs on ${workers} processes in ${seconds.toFixed(0)} s`);
});

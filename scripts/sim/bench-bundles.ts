/**
 * npm run bench:bundles [-- --days 20 --seed 2026 --scenario S7 --json --out FILE]
 *
 * 一件事一次办 in the simulator: scenario S7 (S1 plus one bundle citizen for every ten
 * tickets) replayed day by day under fifo (P0) and balanced (P7), with the bundle
 * citizens holding one bundle ticket that keeps its place from step to step, against the
 * same citizens taking a new ticket for each next step (a hall without bundles). The same
 * ticket stream in all four runs. Prints, per run: bundle citizens a day, the share done
 * that day, their waits over all steps (mean, p90), their time in the hall, the share of
 * later steps done in the same sitting, and the other tickets' waits.
 */
import { writeFileSync } from 'node:fs';
import { createPolicy } from '../../shared/src/domain/routing';
import { bundleStats, type BundleStats } from '../../shared/src/sim/bundle-metrics';
import { simulateDay, type DayResult } from '../../shared/src/sim/simulator';
import { generateDay } from '../../shared/src/sim/stream';
import { parseArgs, runMain } from './args';
import { f1, pct, table } from './format';
import { loadScenario } from './load';

const RUNS = [
  { label: 'P0 separate', policy: 'fifo', mode: 'separate' },
  { label: 'P0 bundle', policy: 'fifo', mode: 'bundle' },
  { label: 'P7 separate', policy: 'balanced', mode: 'separate' },
  { label: 'P7 bundle', policy: 'balanced', mode: 'bundle' },
] as const;

runMain(() => {
  const args = parseArgs(process.argv.slice(2), ['json']);
  const days = args.number('days', 20);
  const seed = args.number('seed', 2026);
  const scenario = loadScenario(args.get('scenario') ?? 'S7');
  const started = performance.now();
  const results: Record<string, BundleStats> = {};
  for (const run of RUNS) {
    const out: DayResult[] = [];
    for (let day = 0; day < days; day += 1) {
      const stream = generateDay(scenario.workload, scenario.hall, seed, day);
      const result = simulateDay(
        scenario.layout,
        scenario.workload,
        createPolicy(run.policy),
        seed,
        day,
        { stream, bundleMode: run.mode },
      );
      // Only what the figures need: a month of states would not fit in memory.
      out.push({ ...result, state: undefined as never });
    }
    results[run.label] = bundleStats(out);
    process.stderr.write('.');
  }
  process.stderr.write('\n');
  const seconds = (performance.now() - started) / 1000;
  const json = { scenario: scenario.id, days, seed, seconds: Math.round(seconds), results };
  const out = args.get('out');
  if (out) writeFileSync(out, `${JSON.stringify(json, null, 2)}\n`, 'utf8');
  if (args.flag('json')) {
    console.log(JSON.stringify(json, null, 2));
    return;
  }
  console.log(
    `一件事一次办 benchmark: ${scenario.id} ${scenario.name}, ${days} simulated days, seed ${seed}. Minutes.`,
  );
  console.log(
    table(
      [
        'run',
        'bundles/day',
        'done that day',
        'bundle wait mean',
        'bundle wait p90',
        'time in hall',
        'same sitting',
        'others wait mean',
        'others wait p90',
      ],
      RUNS.map(({ label }) => {
        const r = results[label] as BundleStats;
        return [
          label,
          f1(r.perDay),
          pct(r.finishedShare),
          f1(r.totalWaitMean),
          f1(r.totalWaitP90),
          f1(r.timeInHallMean),
          pct(r.sameSittingShare),
          f1(r.othersWaitMean),
          f1(r.othersWaitP90),
        ];
      }),
    ),
  );
  console.log(`\n${RUNS.length} runs in ${seconds.toFixed(0)} s`);
});

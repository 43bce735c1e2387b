/**
 * npm run sim -- --hall FILE --workload FILE --policy NAME --seed N --days D
 *
 * Simulates a hall (any hall configuration) under a workload (docs/simulator.md) with one
 * routing policy and prints the metrics with 95% confidence intervals across days.
 *   --scenario S3        take hall, workload and layout from a scenario (S1…S6 or a file)
 *   --layout SPEC        published | pooled | areas | convert-largest:K (default: as given)
 *   --estimates          also check the wait estimate shown at issue
 *   --json               print the metrics as JSON
 *   --write-hall FILE    write the simulated layout as a hall configuration
 */
import { writeFileSync } from 'node:fs';
import { ALL_POLICY_NAMES } from '../../shared/src/domain/routing';
import { applyLayout, type LayoutSpec } from '../../shared/src/sim/layouts';
import { aggregate } from '../../shared/src/sim/metrics';
import { runDays } from '../../shared/src/sim/scenario';
import { parseArgs, runMain } from './args';
import { describeMetrics } from './format';
import { loadHall, loadScenario, loadWorkload } from './load';

function layoutSpec(text: string): LayoutSpec {
  if (text === 'published' || text === 'pooled' || text === 'areas') return { type: text };
  const m = /^convert-largest:(\d+)$/.exec(text);
  if (m) return { type: 'convert-largest', count: Number(m[1]) };
  throw new Error(`--layout: published, pooled, areas or convert-largest:K, not ${text}`);
}

runMain(() => {
  const args = parseArgs(process.argv.slice(2), ['estimates', 'json']);
  let hall;
  let layout;
  let workload;
  let label = '';
  const scenarioId = args.get('scenario');
  if (scenarioId) {
    const scenario = loadScenario(scenarioId);
    label = `${scenario.id} ${scenario.name} · `;
    hall = scenario.hall;
    layout = scenario.layout;
    workload = scenario.workload;
  } else {
    const hallFile = args.get('hall');
    const workloadFile = args.get('workload');
    if (!hallFile || !workloadFile)
      throw new Error('give --hall FILE and --workload FILE, or --scenario S1…S6');
    hall = loadHall(hallFile);
    layout = hall;
    workload = loadWorkload(workloadFile);
  }
  const spec = args.get('layout');
  if (spec) layout = applyLayout(hall, layoutSpec(spec));
  const policy = args.get('policy') ?? 'balanced';
  if (!(ALL_POLICY_NAMES as string[]).includes(policy))
    throw new Error(`--policy: one of ${ALL_POLICY_NAMES.join(', ')}`);
  const seed = args.number('seed', 1);
  const days = args.number('days', 30);
  const out = args.get('write-hall');
  if (out) writeFileSync(out, `${JSON.stringify(layout, null, 2)}\n`, 'utf8');

  const started = performance.now();
  const summaries = runDays(
    layout,
    workload,
    policy,
    { seed, days, estimates: args.flag('estimates') },
    hall,
  );
  const metrics = aggregate(summaries);
  if (args.flag('json')) {
    console.log(JSON.stringify(metrics, null, 2));
    return;
  }
  console.log(
    `${label}${hall.name} · ${workload.name} · policy ${policy} · seed ${seed} · ${days} days ` +
      `(${((performance.now() - started) / 1000).toFixed(1)} s)`,
  );
  console.log(describeMetrics(hall, metrics));
});

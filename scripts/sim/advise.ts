/**
 * npm run advise -- --scenario S1 --budget cross-train --k 10
 * npm run advise -- --hall FILE --workload FILE --budget convert --k 10
 * npm run advise -- --scenario S1 --live --at 10:30
 *
 * The layout advisor: searches layouts within a budget with the simulator and recommends
 * the best, with its predicted waits beside today's (on simulated days the search has not
 * seen). Options:
 *   --budget cross-train|convert   cross-train at most K clerks (--per-clerk 1 or 2 extra
 *                                  services each), or convert at most K windows to comprehensive
 *   --k K                          the budget (default 10)
 *   --policy NAME                  routing the layouts are judged under (default balanced)
 *   --seed N --search-days D --confirm-days D
 *   --json                         the advice as JSON
 *   --write-hall FILE              write the recommended layout as a hall configuration
 *   --live --at HH:MM [--day N]    live mode: simulate day N up to HH:MM and print which
 *                                  window should temporarily take which hot service now
 */
import { writeFileSync } from 'node:fs';
import { clockMinutes } from '../../shared/src/domain/local-time';
import { createPolicy } from '../../shared/src/domain/routing';
import { adviseLayout, type Budget } from '../../shared/src/sim/advisor';
import { suggestTemporaryServices } from '../../shared/src/sim/live';
import type { Metrics } from '../../shared/src/sim/metrics';
import { dayStart, simulateDay } from '../../shared/src/sim/simulator';
import { parseArgs, runMain } from './args';
import { ci, f1, pct, serviceName, table } from './format';
import { loadHall, loadScenario, loadWorkload } from './load';

runMain(() => {
  const args = parseArgs(process.argv.slice(2), ['json', 'live']);
  let hall;
  let workload;
  const scenarioId = args.get('scenario');
  if (scenarioId) {
    const scenario = loadScenario(scenarioId);
    hall = scenario.layout;
    workload = scenario.workload;
  } else {
    const hallFile = args.get('hall');
    const workloadFile = args.get('workload');
    if (!hallFile || !workloadFile)
      throw new Error('give --hall FILE and --workload FILE, or --scenario S1…S6');
    hall = loadHall(hallFile);
    workload = loadWorkload(workloadFile);
  }
  const policy = args.get('policy') ?? 'balanced';
  const seed = args.number('seed', 1);

  if (args.flag('live')) {
    const at = clockMinutes(args.get('at') ?? '10:30');
    const day = args.number('day', 0);
    const result = simulateDay(hall, workload, createPolicy(policy), seed, day, { until: at });
    const now = dayStart(hall.timeZone, day) + at * 60_000;
    const waiting = hall.services
      .map((s) => `${s.name} ${result.state.waiting(s.id).length}`)
      .filter((text) => !text.endsWith(' 0'));
    console.log(
      `${hall.name}, simulated day ${day} at ${args.get('at') ?? '10:30'} (seed ${seed})`,
    );
    console.log(`waiting: ${waiting.join(', ') || 'nobody'}`);
    const suggestions = suggestTemporaryServices(result.state, now);
    if (suggestions.length === 0) console.log('no queue is hot: nothing to suggest');
    for (const s of suggestions) {
      console.log(
        `• ${s.text}  (${s.reason}; with this help about ${s.projectedWithHelpMinutes} min)`,
      );
    }
    if (args.flag('json')) console.log(JSON.stringify(suggestions, null, 2));
    return;
  }

  const k = args.number('k', 10);
  const kind = args.get('budget') ?? 'cross-train';
  const budget: Budget =
    kind === 'convert'
      ? { kind: 'convert', windows: k }
      : kind === 'cross-train'
        ? { kind: 'cross-train', clerks: k, servicesPerClerk: args.number('per-clerk', 1) }
        : (() => {
            throw new Error('--budget: cross-train or convert');
          })();
  const started = performance.now();
  const advice = adviseLayout(hall, workload, budget, {
    policy,
    seed,
    searchDays: args.number('search-days', 3),
    confirmDays: args.number('confirm-days', 30),
    onProgress: args.flag('json') ? undefined : (message) => console.error(message),
  });
  const seconds = (performance.now() - started) / 1000;
  const out = args.get('write-hall');
  if (out) writeFileSync(out, `${JSON.stringify(advice.layout, null, 2)}\n`, 'utf8');

  const summary = (m: Metrics) => ({
    mean: m.mean.value,
    meanCi95: m.mean.half,
    p90: m.p90.value,
    p95: m.p95.value,
    max: m.max,
    worstService: m.worstService,
    worstServiceMean: m.worstServiceMean.value,
    over30Share: m.over30Share.value,
  });
  const reduction = 1 - advice.recommended.mean.value / advice.todayFifo.mean.value;
  if (args.flag('json')) {
    console.log(
      JSON.stringify(
        {
          budget: advice.budget,
          policy,
          changes: advice.changes,
          steps: advice.steps,
          evaluations: advice.evaluations,
          todayFifo: summary(advice.todayFifo),
          todayPolicy: summary(advice.todayPolicy),
          recommended: summary(advice.recommended),
          meanReductionVsTodayFifo: reduction,
          seconds,
        },
        null,
        2,
      ),
    );
    return;
  }
  console.log(
    `\n${hall.name} · ${workload.name} · budget: ${
      budget.kind === 'convert'
        ? `convert at most ${k} windows to comprehensive`
        : `cross-train at most ${k} clerks, ${budget.servicesPerClerk} extra service(s) each`
    } · judged under ${policy}`,
  );
  console.log(`\nRecommended changes (${advice.changes.length}):`);
  for (const change of advice.changes) console.log(`  ${change}`);
  const row = (label: string, m: Metrics) => [
    label,
    ci(m.mean),
    f1(m.p90.value),
    f1(m.p95.value),
    f1(m.max),
    `${serviceName(hall, m.worstService)} ${f1(m.worstServiceMean.value)}`,
    pct(m.over30Share.value),
  ];
  console.log(
    `\nPredicted waits (minutes; ${advice.recommended.days} simulated days the search did not see, 95% CI):`,
  );
  console.log(
    table(
      ['layout', 'mean', 'p90', 'p95', 'max', 'worst service', '>30 min'],
      [
        row('today, fifo (P0)', advice.todayFifo),
        row(`today, ${policy}`, advice.todayPolicy),
        row(`recommended, ${policy}`, advice.recommended),
      ],
    ),
  );
  console.log(
    `\nmean ${pct(reduction)} below today's layout under fifo; p95 ${f1(advice.recommended.p95.value)} min` +
      ` (${advice.evaluations} layouts simulated, ${seconds.toFixed(0)} s)`,
  );
});

/**
 * npm run advise -- --scenario S1 --budget cross-train --k 10
 * npm run advise -- --hall FILE --workload FILE --budget convert --k 10
 * npm run advise -- --scenario S1 --live --at 10:30
 * npm run advise -- --from-db ./data/hallq.sqlite --days 20 --budget cross-train --k 10
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
 *   --from-db FILE|DIR --days N    the workload estimated from the tickets of the last N
 *                                  working days in the hall's database (read-only; a folder
 *                                  means FOLDER/hallq.sqlite); the hall is the configuration
 *                                  saved there, else --hall FILE, else the reference hall.
 *                                  --before YYYY-MM-DD (default today), --write-workload FILE,
 *                                  --estimate-only (print the estimate, do not search)
 */
import Database from 'better-sqlite3';
import { existsSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { localTime } from '../../shared/src/domain/local-time';
import type { HallConfig } from '../../shared/src/domain/hall-config';
import { parseHallConfig } from '../../shared/src/domain/hall-config-validate';
import { loadHallConfig } from '../../server/src/hall-config-file';
import { storedHallConfig } from '../../server/src/supervision/config-store';
import { estimateRecordedWorkload } from '../../server/src/supervision/recorded-workload';
import { clockMinutes } from '../../shared/src/domain/local-time';
import { createPolicy } from '../../shared/src/domain/routing';
import { adviseLayout, type Budget } from '../../shared/src/sim/advisor';
import { suggestTemporaryServices } from '../../shared/src/sim/live';
import type { Metrics } from '../../shared/src/sim/metrics';
import type { Workload } from '../../shared/src/sim/workload';
import { dayStart, simulateDay } from '../../shared/src/sim/simulator';
import { parseArgs, runMain } from './args';
import { ci, f1, pct, serviceName, table } from './format';
import { loadHall, loadScenario, loadWorkload } from './load';

/** The hall and the workload of the last N working days, from a hall database (read-only). */
function fromDatabase(args: ReturnType<typeof parseArgs>, path: string) {
  const file = existsSync(path) && statSync(path).isDirectory() ? join(path, 'hallq.sqlite') : path;
  if (!existsSync(file)) throw new Error(`no database at ${resolve(file)}`);
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    const stored = storedHallConfig(db);
    const hallFile = args.get('hall');
    const hall = stored
      ? parseHallConfig(stored.config)
      : hallFile
        ? loadHallConfig(resolve(hallFile))
        : loadHallConfig(process.env.HALLQ_HALL);
    const before = args.get('before') ?? localTime(Date.now(), hall.timeZone).day;
    const estimate = estimateRecordedWorkload(db, hall, { before, days: args.number('days', 20) });
    if (estimate.tickets === 0) throw new Error(`no recorded tickets before ${before} in ${file}`);
    return { hall, estimate };
  } finally {
    db.close();
  }
}

runMain(() => {
  const args = parseArgs(process.argv.slice(2), ['json', 'live', 'estimate-only']);
  let hall: HallConfig;
  let workload: Workload;
  const scenarioId = args.get('scenario');
  const dbPath = args.get('from-db');
  if (dbPath) {
    const loaded = fromDatabase(args, dbPath);
    hall = loaded.hall;
    workload = loaded.estimate.workload;
    const e = loaded.estimate;
    const out = args.get('write-workload');
    if (out) writeFileSync(out, `${JSON.stringify(workload, null, 2)}\n`, 'utf8');
    const lines = [
      `${hall.name}: ${e.tickets} tickets on ${e.days.length} working day(s), ${e.days[0]} … ${e.days[e.days.length - 1]}`,
      table(
        ['service', 'tickets/day', 'served', 'mean min', 'cv'],
        e.services.map((s) => [
          serviceName(hall, s.serviceId),
          f1(s.perDay),
          String(s.served),
          s.meanMinutes === null ? '(hall)' : f1(s.meanMinutes),
          s.cv === null ? '' : s.cv.toFixed(2),
        ]),
      ),
      `priority ${pct(e.priorityShare)}, appointments ${pct(e.appointmentShare)}, no-shows ${pct(e.noShowShare)}, left ${pct(e.abandonShare)}` +
        (e.patienceMeanMinutes === null ? '' : ` (patience ~${f1(e.patienceMeanMinutes)} min)`) +
        `, service-time cv ${workload.serviceTime.cv.toFixed(2)}`,
    ];
    if (e.skipped.length > 0)
      lines.push(
        `skipped (not in the hall): ${e.skipped.map((s) => `${s.serviceId} ${s.tickets}`).join(', ')}`,
      );
    if (args.flag('estimate-only')) {
      console.log(args.flag('json') ? JSON.stringify(e, null, 2) : lines.join('\n'));
      return;
    }
    if (!args.flag('json')) console.error(lines.join('\n'));
  } else if (scenarioId) {
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

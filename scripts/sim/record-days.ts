/**
 * npm run sim:record-days -- --data DIR --scenario S1 --days 20 --seed 7 --policy fifo
 *
 * Writes simulated past days of a scenario's hall into DIR/hallq.sqlite, as the server stores
 * them (tickets and their first call / cancellation in the event log), so the advisor's
 * `--from-db` and the /advisor page can be tried, and docs/simulator.md reproduced, without
 * months of real traffic. Simulated day n is 2026-03-02 + n. Use a fresh folder: the days
 * are added to whatever the database holds.
 */
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { openDatabase } from '../../server/src/store/db';
import { parseArgs, runMain } from './args';
import { loadScenario } from './load';
import { writeSimulatedDays } from './recorded-days';

runMain(() => {
  const args = parseArgs(process.argv.slice(2));
  const dataDir = args.get('data');
  if (!dataDir) throw new Error('--data DIR is required');
  const scenario = loadScenario(args.get('scenario') ?? 'S1');
  mkdirSync(resolve(dataDir), { recursive: true });
  const db = openDatabase(join(resolve(dataDir), 'hallq.sqlite'));
  try {
    const written = writeSimulatedDays(db, scenario.layout, scenario.workload, {
      days: args.number('days', 20),
      seed: args.number('seed', 7),
      policy: args.get('policy') ?? 'fifo',
    });
    const first = written.days[0] ?? '-';
    const last = written.days[written.days.length - 1] ?? '-';
    console.log(
      `${written.tickets} tickets of ${written.days.length} days (${first} … ${last}) written to ${dataDir}`,
    );
  } finally {
    db.close();
  }
});

import path from 'node:path';
import { parseWorkload } from '../../shared/src/sim/workload';
import { openDatabase } from '../../server/src/store/db';
import { startTestHall, tempDataDir, TestClock, type TestHall } from '../helpers/hall-server';
import { writeSimulatedDays } from '../../scripts/sim/recorded-days';
import { MONDAY_9AM, smallHall } from './helpers';

const config = smallHall();
/** Tax is hot on its one window; property and social are light. */
export const pastWorkload = parseWorkload({
  name: 'past',
  day: {
    sessions: config.hours.weekly[0],
    profile: [{ from: '09:30', to: '11:00', rate: 1.5 }],
  },
  services: {
    tax: { volume: 75, meanMinutes: 10 },
    social: { volume: 30, meanMinutes: 8 },
    property: { volume: 12, meanMinutes: 15 },
    help: { volume: 6, meanMinutes: 15 },
  },
  priority: { share: 0.05 },
  noShow: { share: 0.04 },
});

/** A hall server on a database holding `days` simulated past days of `pastWorkload`. */
export async function hallWithPastDays(days: number): Promise<TestHall> {
  const dataDir = tempDataDir();
  const db = openDatabase(path.join(dataDir, 'hallq.sqlite'));
  writeSimulatedDays(db, config, pastWorkload, { days, seed: 3, policy: 'fifo' });
  db.close();
  return startTestHall({ hall: config, dataDir, clock: new TestClock(MONDAY_9AM) });
}

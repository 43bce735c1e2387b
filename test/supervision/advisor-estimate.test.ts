import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { smallHall, smallWorkload } from '../../shared/src/sim/test-fixtures';
import { openDatabase, type Db } from '../../server/src/store/db';
import { saveHallConfig } from '../../server/src/supervision/config-store';
import {
  estimateRecordedWorkload,
  recordedDays,
} from '../../server/src/supervision/recorded-workload';
import { tempDataDir } from '../helpers/hall-server';
import { writeSimulatedDays } from '../../scripts/sim/recorded-days';
import { ROOT } from '../helpers/server-process';

/**
 * The advisor's workload from past days: days simulated through the real core are written
 * into a real hall database, then read back and estimated; the estimate must find the
 * workload that produced them. Then `npm run advise -- --from-db` on that database.
 */
const hall = smallHall();
const truth = smallWorkload({
  services: {
    a: { volume: 150, meanMinutes: 10 },
    b: { volume: 60, meanMinutes: 8 },
    c: { volume: 30, meanMinutes: 6 },
  },
});

describe('workload from the recorded tickets of past days', () => {
  let dataDir: string;
  let db: Db;
  let written: { tickets: number; days: string[] };

  beforeAll(() => {
    dataDir = tempDataDir();
    db = openDatabase(path.join(dataDir, 'hallq.sqlite'));
    saveHallConfig(db, hall, Date.UTC(2026, 2, 1), null);
    written = writeSimulatedDays(db, hall, truth, { days: 10, seed: 5 });
  });
  afterAll(() => db.close());

  it('reads the last N working days and recovers volumes, service times and shares', () => {
    expect(written.days).toHaveLength(10);
    expect(recordedDays(db, '2026-03-11', 20)).toEqual(written.days.slice(0, 9));
    const e = estimateRecordedWorkload(db, hall, { before: '2026-04-01', days: 8 });
    expect(e.days).toEqual(written.days.slice(2));
    const w = e.workload;
    for (const [id, volume, mean] of [
      ['a', 150, 10],
      ['b', 60, 8],
      ['c', 30, 6],
    ] as const) {
      expect(w.services[id]?.volume).toBeGreaterThan(volume * 0.85);
      expect(w.services[id]?.volume).toBeLessThan(volume * 1.15);
      expect(w.services[id]?.meanMinutes).toBeGreaterThan(mean * 0.85);
      expect(w.services[id]?.meanMinutes).toBeLessThan(mean * 1.15);
    }
    expect(w.day.sessions).toEqual(hall.hours.weekly[0]);
    expect(Math.abs(w.priority.share - 0.08)).toBeLessThan(0.025);
    expect(Math.abs(w.appointments.share - 0.2)).toBeLessThan(0.04);
    expect(Math.abs(w.noShow.share - 0.05)).toBeLessThan(0.025);
    // The truth has abandonment on (lognormal patience, mean 30).
    expect(w.abandonment.enabled).toBe(true);
    expect(w.abandonment.patienceMeanMinutes).toBeGreaterThan(10);
    expect(w.abandonment.patienceMeanMinutes).toBeLessThan(120);
    // The morning peak (09:30–11:00 at ×1.5) shows in the profile.
    const rate = (from: string) => w.day.profile.find((p) => p.from === from)?.rate ?? 0;
    expect(rate('10:00')).toBeGreaterThan(rate('15:00') * 1.2);
  });

  it('npm run advise -- --from-db estimates and advises from the database', () => {
    const tsx = path.join(ROOT, 'node_modules', '.bin', 'tsx');
    const run = (args: string[]) =>
      execFileSync(tsx, [path.join(ROOT, 'scripts', 'sim', 'advise.ts'), ...args], {
        cwd: ROOT,
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'pipe'],
      });
    const estimate = JSON.parse(
      run([
        '--from-db',
        dataDir,
        '--days',
        '5',
        '--before',
        '2026-04-01',
        '--estimate-only',
        '--json',
      ]),
    );
    expect(estimate.days).toEqual(written.days.slice(5));
    expect(estimate.workload.services.a.volume).toBeGreaterThan(100);

    const advice = JSON.parse(
      run([
        '--from-db',
        path.join(dataDir, 'hallq.sqlite'),
        '--days',
        '5',
        '--before',
        '2026-04-01',
        '--budget',
        'cross-train',
        '--k',
        '1',
        '--search-days',
        '1',
        '--confirm-days',
        '3',
        '--json',
      ]),
    );
    expect(advice.budget).toEqual({ kind: 'cross-train', clerks: 1, servicesPerClerk: 1 });
    expect(advice.todayFifo.mean).toBeGreaterThan(0);
    expect(advice.changes.length).toBeLessThanOrEqual(1);
  }, 60_000);
});

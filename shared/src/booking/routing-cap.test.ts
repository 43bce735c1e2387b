import fs from 'node:fs';
import path from 'node:path';
import { parseHallConfig, type HallConfig } from '../domain';
import { balancedPolicy } from '../domain/routing/balanced';
import { simulateDay, type TicketRecord } from '../sim/simulator';
import { parseWorkload } from '../sim/workload';
import { appointmentCallCap } from './routing-cap';

/**
 * The hourly cap on appointment calls, in the simulator: the S6 stress day at 和硕 with
 * half of all tickets booked (a wave of check-ins), under the balanced policy, with the
 * cap and without it (a cap no hour reaches). Same seeds, same tickets.
 */
const root = path.join(__dirname, '..', '..', '..');
const read = (file: string) => JSON.parse(fs.readFileSync(path.join(root, file), 'utf8'));
const hallRaw = read('shared/halls/hoxud.json') as Record<string, unknown>;
const s6 = read('scripts/sim/scenarios/s6-stress.workload.json') as Record<string, unknown>;
const workload = parseWorkload({
  ...s6,
  appointments: { share: 0.5, jitterMinutes: 10 },
  // No recalls: a ticket's call time is its first call, as the records count it.
  noShow: { share: 0, recallAfterMinutes: 1, returnShare: 0, returnWithinMinutes: 25 },
});
const hall = (cap: number | null): HallConfig =>
  parseHallConfig({ ...hallRaw, appointments: { callsPerServicePerHour: cap } });

const called = (r: TicketRecord) => r.wait !== null;
const callAt = (r: TicketRecord) => r.arrival + (r.wait ?? 0);
const walkIns = (records: TicketRecord[]) => records.filter((r) => r.priority !== 'appointment');
const waitOf = (r: TicketRecord) => r.wait ?? r.waitedUncalled ?? 0;
const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length);
const p95 = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length * 0.95)] ?? 0;

describe('the hourly cap on appointment calls (simulator)', () => {
  const runs = [1, 2, 3].map((day) => ({
    capped: simulateDay(hall(null), workload, balancedPolicy(), 20261123, day),
    uncapped: simulateDay(hall(500), workload, balancedPolicy(), 20261123, day),
  }));

  test('the default cap is the bookable places of an hour', () => {
    expect(appointmentCallCap(hall(null), 'deed-tax')).toBe(6); // 3 per 30 minutes
    expect(appointmentCallCap(hall(4), 'deed-tax')).toBe(4);
  });

  /** Appointment calls past the hourly cap made while a walk-in of the service waited. */
  const unfair = (records: TicketRecord[], config: HallConfig): number => {
    let n = 0;
    for (const service of config.services) {
      const cap = appointmentCallCap(config, service.id);
      const mine = records.filter((r) => r.serviceId === service.id);
      const calls = mine
        .filter((r) => r.priority === 'appointment' && called(r))
        .map(callAt)
        .sort((a, b) => a - b);
      calls.forEach((t, i) => {
        if (calls.slice(0, i).filter((u) => u > t - 60).length < cap) return;
        const waiting = walkIns(mine).some(
          (r) => r.arrival < t - 1e-6 && t < r.arrival + waitOf(r) - 1e-6,
        );
        if (waiting) n += 1;
      });
    }
    return n;
  };

  test('past the cap, an appointment is called only when no walk-in of its service waits', () => {
    const config = hall(null);
    for (const { capped, uncapped } of runs) {
      expect(unfair(capped.tickets, config)).toBe(0);
      // Without the cap the same day has such calls: the cap is what prevents them.
      expect(unfair(uncapped.tickets, config)).toBeGreaterThan(0);
    }
  });

  test('walk-ins are not starved: they wait less with the cap than without it', () => {
    const capped = runs.flatMap((r) => walkIns(r.capped.tickets).map(waitOf));
    const uncapped = runs.flatMap((r) => walkIns(r.uncapped.tickets).map(waitOf));
    expect(capped.length).toBeGreaterThan(1000);
    expect(mean(capped)).toBeLessThanOrEqual(mean(uncapped));
    expect(p95(capped)).toBeLessThanOrEqual(p95(uncapped));
    // None left behind at the close by a wave of appointments.
    const left = runs.flatMap((r) => walkIns(r.capped.tickets).filter((t) => t.outcome === 'left'));
    expect(left).toEqual([]);
  });
});

import { parseHallConfig } from '../domain/hall-config-validate';
import { createPolicy } from '../domain/routing';
import { aggregate, meanCi, summariseDay } from './metrics';
import { runDays } from './scenario';
import { simulateDay } from './simulator';
import { generateDay } from './stream';
import { smallHall, smallWorkload } from './test-fixtures';
import { parseWorkload } from './workload';

const hall = smallHall();
const workload = smallWorkload();

describe('simulator', () => {
  it('is deterministic per seed, and another seed gives another day', () => {
    const one = simulateDay(hall, workload, createPolicy('balanced'), 7, 0);
    const again = simulateDay(hall, workload, createPolicy('balanced'), 7, 0);
    const other = simulateDay(hall, workload, createPolicy('balanced'), 8, 0);
    expect(again.tickets).toEqual(one.tickets);
    expect(again.windows).toEqual(one.windows);
    expect(other.tickets).not.toEqual(one.tickets);
  });

  it('replays the same ticket stream for every policy and layout', () => {
    const stream = generateDay(workload, hall, 3, 2);
    expect(generateDay(workload, hall, 3, 2)).toEqual(stream);
    for (const policy of ['fifo', 'round-robin', 'theq', 'balanced']) {
      const day = simulateDay(hall, workload, createPolicy(policy), 3, 2);
      expect(day.tickets.map((t) => [t.id, t.serviceId, t.arrival, t.priority])).toEqual(
        stream.tickets.map((t) => [t.id, t.serviceId, t.arrival, t.priority]),
      );
    }
  });

  it('conserves tickets: issued = served + abandoned + final no-shows + left at close', () => {
    for (const policy of ['fifo', 'shortest-queue', 'novo-sga', 'balanced']) {
      for (const lunch of ['extend', 'carry-over'] as const) {
        const w = smallWorkload({
          day: { ...smallWorkload().day, lunch, overtimeMinutes: 10 },
          volumeScale: 1.3,
        });
        for (let day = 0; day < 3; day += 1) {
          const result = simulateDay(hall, w, createPolicy(policy), 11, day);
          const s = summariseDay(result);
          expect(s.issued).toBe(s.served + s.abandoned + s.noShowFinal + s.left);
          expect(s.served).toBeGreaterThan(0);
          // The core agrees: every ticket ends done, cancelled (abandoned), no-show or waiting.
          const statuses = [...result.state.tickets.values()].map((t) => t.status);
          expect(statuses.filter((x) => x === 'done')).toHaveLength(s.served);
          expect(statuses.filter((x) => x === 'cancelled')).toHaveLength(s.abandoned);
          expect(statuses.filter((x) => x === 'no-show')).toHaveLength(s.noShowFinal);
          expect(statuses.filter((x) => x === 'waiting')).toHaveLength(s.left);
          expect(result.state.tickets.size).toBe(s.issued);
        }
      }
    }
  });

  it('drives the real core: windows open, pause, close; no-shows are recalled and come back', () => {
    const result = simulateDay(hall, workload, createPolicy('balanced'), 5, 1);
    const tickets = [...result.state.tickets.values()];
    expect(tickets.some((t) => t.noShowReturns > 0 && t.status === 'done')).toBe(true);
    expect(tickets.filter((t) => t.status === 'done').every((t) => t.calls >= 1)).toBe(true);
    expect([...result.state.windows.values()].every((w) => w.status === 'closed')).toBe(true);
    expect(result.commands).toBeGreaterThan(4 * tickets.length);
  });

  it('counts the wait of tickets never called (abandoned, left) in the wait metrics', () => {
    const heavy = smallWorkload({ volumeScale: 1.6 });
    const s = summariseDay(simulateDay(hall, heavy, createPolicy('fifo'), 2, 0));
    expect(s.abandoned).toBeGreaterThan(0);
    const counted = Object.values(s.services).reduce((n, x) => n + x.count, 0);
    expect(counted).toBe(s.issued);
  });

  it('agrees with Erlang C for an M/M/c hall, within its confidence interval', () => {
    // One service, c = 3 windows, exponential service of mean 2 minutes (many tickets a
    // day, so days are nearly independent samples), constant arrivals at ρ = 0.75; no
    // pauses, no-shows, priorities or walking time.
    const c = 3;
    const mean = 2;
    const rho = 0.75;
    const mmc = parseHallConfig({
      ...smallHall(),
      services: [{ ...smallHall().services[0], digits: 4 }],
      windows: [1, 2, 3].map((n) => ({
        id: `w${n}`,
        number: n,
        name: `窗口${n}`,
        kind: 'specialised',
        areaId: 'main',
        services: ['a'],
      })),
    });
    const w = parseWorkload({
      name: 'M/M/3',
      day: {
        sessions: [{ open: '06:00', close: '20:00' }],
        lastTicketMinutesBeforeClose: 0,
        overtimeMinutes: 480,
      },
      constantRate: true,
      services: { a: { rho, windows: c, meanMinutes: mean } },
      serviceTime: { distribution: 'exponential' },
      walkMinutes: 0,
    });
    const warmUp = 7 * 60; // ignore the first hour: the day starts empty
    const dailyMeans: number[] = [];
    for (let day = 0; day < 12; day += 1) {
      const result = simulateDay(mmc, w, createPolicy('fifo'), 2026, day);
      const waits = result.tickets
        .filter((t) => t.arrival >= warmUp && t.wait !== null)
        .map((t) => t.wait as number);
      dailyMeans.push(waits.reduce((s, x) => s + x, 0) / waits.length);
    }
    const a = rho * c;
    let sum = 0;
    let term = 1;
    for (let k = 0; k < c; k += 1) {
      if (k > 0) term *= a / k;
      sum += term;
    }
    const top = ((term * a) / c) * (c / (c - a));
    const erlangC = top / (sum + top);
    const theory = (erlangC * mean) / (c - a);
    const { value, half } = meanCi(dailyMeans);
    expect(Math.abs(value - theory)).toBeLessThanOrEqual(half);
    expect(half).toBeLessThan(theory * 0.4);
  });

  it('aggregates days with confidence intervals', () => {
    const m = aggregate(runDays(hall, workload, 'balanced', { seed: 1, days: 4 }));
    expect(m.days).toBe(4);
    expect(m.mean.half).toBeGreaterThan(0);
    expect(m.p95.value).toBeGreaterThanOrEqual(m.p90.value);
    expect(m.max).toBeGreaterThanOrEqual(m.p95.value);
    expect(m.conserved).toBe(true);
    expect(m.fairness).toBeGreaterThan(0);
    expect(m.fairness).toBeLessThanOrEqual(1);
  });
});

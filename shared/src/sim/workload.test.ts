import { EventQueue } from './heap';
import { Random } from './random';
import { generateDay, generatePauses } from './stream';
import { smallHall, smallWorkload } from './test-fixtures';
import { dayIntervals, parseWorkload, profilePieces, serviceLoads } from './workload';

describe('random streams', () => {
  it('are reproducible per (seed, name) and independent across names', () => {
    const a = new Random(1, 'x');
    const b = new Random(1, 'x');
    const c = new Random(1, 'y');
    const xs = Array.from({ length: 5 }, () => a.next());
    expect(Array.from({ length: 5 }, () => b.next())).toEqual(xs);
    expect(Array.from({ length: 5 }, () => c.next())).not.toEqual(xs);
  });

  it('lognormal has the asked mean and coefficient of variation', () => {
    const rng = new Random(42, 'lognormal');
    const n = 40_000;
    const xs = Array.from({ length: n }, () => rng.lognormal(12, 0.9));
    const mean = xs.reduce((s, x) => s + x, 0) / n;
    const sd = Math.sqrt(xs.reduce((s, x) => s + (x - mean) ** 2, 0) / (n - 1));
    expect(mean).toBeGreaterThan(11.6);
    expect(mean).toBeLessThan(12.4);
    expect(sd / mean).toBeGreaterThan(0.83);
    expect(sd / mean).toBeLessThan(0.97);
  });
});

describe('event queue', () => {
  it('pops by time, ties in insertion order', () => {
    const q = new EventQueue<string>();
    const rng = new Random(3);
    const items = Array.from({ length: 200 }, (_, i) => ({ t: Math.floor(rng.next() * 20), i }));
    for (const { t, i } of items) q.push(t, `${t}:${i}`);
    const out: string[] = [];
    for (let e = q.pop(); e; e = q.pop()) out.push(e.item);
    const expected = [...items].sort((a, b) => a.t - b.t || a.i - b.i).map((x) => `${x.t}:${x.i}`);
    expect(out).toEqual(expected);
  });
});

describe('workload', () => {
  it('normalises the day profile to average 1 over the issuing minutes', () => {
    const pieces = profilePieces(smallWorkload());
    const minutes = pieces.reduce((s, p) => s + p.end - p.start, 0);
    const area = pieces.reduce((s, p) => s + (p.end - p.start) * p.rate, 0);
    expect(minutes).toBe(2 * (180 - 15));
    expect(area / minutes).toBeCloseTo(1, 9);
  });

  it('turns rho into daily volume over the issuing minutes', () => {
    const loads = serviceLoads(smallWorkload(), smallHall());
    const a = loads.find((l) => l.serviceId === 'a');
    expect(a?.volume).toBeCloseTo((0.95 * 2 * 330) / 10, 6);
    expect(a?.rho).toBeCloseTo(0.95, 6);
  });

  it('refuses a service given both volume and rho, and unknown fields', () => {
    expect(() =>
      parseWorkload({ ...smallWorkload(), services: { a: { volume: 10, rho: 0.5 } } }),
    ).toThrow(/exactly one of volume and rho/);
    expect(() => parseWorkload({ ...smallWorkload(), surprise: 1 })).toThrow(/invalid workload/);
  });

  it('draws arrivals only while tickets are issued, about the expected volume, in order', () => {
    const w = smallWorkload();
    const { issuing } = dayIntervals(w);
    const expected = serviceLoads(w, smallHall()).reduce((s, l) => s + l.volume, 0);
    let total = 0;
    for (let day = 0; day < 20; day += 1) {
      const stream = generateDay(w, smallHall(), 9, day);
      total += stream.tickets.length;
      for (const t of stream.tickets)
        expect(issuing.some((p) => t.arrival >= p.start && t.arrival < p.end)).toBe(true);
      const times = stream.tickets.map((t) => t.arrival);
      expect([...times].sort((a, b) => a - b)).toEqual(times);
    }
    expect(total / 20).toBeGreaterThan(expected * 0.9);
    expect(total / 20).toBeLessThan(expected * 1.1);
  });

  it('marks appointments, priorities and no-shows in about their shares', () => {
    const w = smallWorkload({ volumeScale: 4 });
    const tickets = Array.from(
      { length: 10 },
      (_, d) => generateDay(w, smallHall(), 1, d).tickets,
    ).flat();
    const share = (f: (t: (typeof tickets)[number]) => boolean) =>
      tickets.filter(f).length / tickets.length;
    expect(share((t) => t.channel === 'appointment')).toBeCloseTo(0.2, 1);
    expect(share((t) => t.priority !== null && t.priority !== 'appointment')).toBeCloseTo(0.08, 1);
    expect(share((t) => t.noShow)).toBeCloseTo(0.05, 1);
    expect(tickets.every((t) => t.patience !== null)).toBe(true);
  });

  it('draws pauses per window inside the sessions', () => {
    const w = smallWorkload({ pauses: { perHour: 2, meanMinutes: 3, cv: 0.5 } });
    const pauses = generatePauses(w, 'wa1', 1, 0);
    expect(pauses.length).toBeGreaterThan(4);
    expect(generatePauses(w, 'wa1', 1, 0)).toEqual(pauses);
    expect(generatePauses(w, 'wa2', 1, 0)).not.toEqual(pauses);
  });
});

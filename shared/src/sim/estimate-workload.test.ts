import { estimateWorkload, type RecordedTicket } from './estimate-workload';
import { streamFor } from './random';
import { generateDay } from './stream';
import { smallHall, smallWorkload } from './test-fixtures';
import { profilePieces, serviceLoads } from './workload';

const hall = smallHall();
const SESSIONS = [
  { open: '09:00', close: '12:00' },
  { open: '14:00', close: '17:00' },
];
// The truth: known volumes, means, CV, shares and a morning peak.
const truth = smallWorkload({
  day: {
    sessions: SESSIONS,
    profile: [
      { from: '09:30', to: '11:00', rate: 2 },
      { from: '16:00', to: '16:45', rate: 0.5 },
    ],
  },
  services: {
    a: { volume: 150, meanMinutes: 12 },
    b: { volume: 60, meanMinutes: 8 },
    c: { volume: 30, meanMinutes: 5 },
  },
  serviceTime: { cv: 0.8 },
  priority: { share: 0.08, classes: { elderly: 0.75, disabled: 0.25 } },
  appointments: { share: 0.2 },
  noShow: { share: 0.05, returnShare: 0.4 },
  abandonment: { enabled: false },
});

/** Recorded rows as the hall would have them, from the simulator's ticket streams. */
function recordedDays(days: number): RecordedTicket[] {
  const rows: RecordedTicket[] = [];
  for (let d = 0; d < days; d += 1) {
    for (const t of generateDay(truth, hall, 11, d).tickets) {
      rows.push({
        day: `2026-03-${String(d + 1).padStart(2, '0')}`,
        serviceId: t.serviceId,
        issuedMinute: t.arrival,
        channel: t.channel,
        priority: t.priority,
        serviceMinutes: t.noShow && t.returnAfter === null ? null : t.serviceMinutes,
        walkMinutes: t.noShow ? null : 0.5,
        waitMinutes: 3,
        noShow: t.noShow,
        returned: t.returnAfter !== null,
        abandoned: false,
        abandonedAfterMinutes: null,
      });
    }
  }
  return rows;
}

describe('workload estimated from recorded tickets', () => {
  const rows = recordedDays(30);
  const estimate = estimateWorkload(rows, {
    sessions: SESSIONS,
    lastTicketMinutesBeforeClose: 15,
    serviceIds: ['a', 'b', 'c'],
  });
  const w = estimate.workload;

  it('recovers the daily volume and mean service time of each service', () => {
    expect(estimate.days).toHaveLength(30);
    const loads = serviceLoads(w, hall);
    for (const [id, volume, mean] of [
      ['a', 150, 12],
      ['b', 60, 8],
      ['c', 30, 5],
    ] as const) {
      const load = loads.find((l) => l.serviceId === id);
      expect(load?.volume).toBeGreaterThan(volume * 0.93);
      expect(load?.volume).toBeLessThan(volume * 1.07);
      expect(load?.meanMinutes).toBeGreaterThan(mean * 0.92);
      expect(load?.meanMinutes).toBeLessThan(mean * 1.08);
    }
    expect(w.serviceTime.cv).toBeGreaterThan(0.7);
    expect(w.serviceTime.cv).toBeLessThan(0.9);
  });

  it('recovers the shares of priority, appointments and no-shows', () => {
    expect(Math.abs(w.priority.share - 0.08)).toBeLessThan(0.012);
    expect(Math.abs((w.priority.classes.elderly ?? 0) - 0.75)).toBeLessThan(0.06);
    expect(Math.abs(w.appointments.share - 0.2)).toBeLessThan(0.015);
    expect(Math.abs(w.noShow.share - 0.05)).toBeLessThan(0.01);
    expect(Math.abs(w.noShow.returnShare - 0.4)).toBeLessThan(0.1);
    expect(w.abandonment.enabled).toBe(false);
    expect(w.walkMinutes).toBeCloseTo(0.5, 5);
  });

  it('recovers the shape of the day (the morning peak and the quiet end)', () => {
    const rateAt = (pieces: ReturnType<typeof profilePieces>, minute: number) =>
      pieces.find((p) => minute >= p.start && minute < p.end)?.rate ?? 0;
    const estimated = profilePieces(w);
    const actual = profilePieces(truth);
    // Mid-bin minutes, away from the edges appointment jitter blurs.
    for (const minute of [9 * 60 + 15, 10 * 60 + 15, 11 * 60 + 15, 14 * 60 + 45, 16 * 60 + 20]) {
      const expected = rateAt(actual, minute);
      expect(Math.abs(rateAt(estimated, minute) - expected)).toBeLessThan(0.15 * expected + 0.05);
    }
  });

  it('estimates patience from who left and how long the others waited', () => {
    const rng = streamFor(3, 'patience-test', 0);
    const synthetic: RecordedTicket[] = [];
    for (let i = 0; i < 4000; i += 1) {
      const wait = rng.exponential(20);
      const patience = rng.exponential(30);
      const left = patience < wait;
      synthetic.push({
        day: `2026-03-${String((i % 20) + 1).padStart(2, '0')}`,
        serviceId: 'a',
        issuedMinute: 9 * 60 + (i % 150),
        channel: 'kiosk',
        priority: null,
        serviceMinutes: left ? null : 10,
        walkMinutes: left ? null : 0.5,
        waitMinutes: left ? null : wait,
        noShow: false,
        returned: false,
        abandoned: left,
        abandonedAfterMinutes: left ? patience : null,
      });
    }
    const e = estimateWorkload(synthetic, { sessions: SESSIONS, lastTicketMinutesBeforeClose: 15 });
    expect(e.workload.abandonment.enabled).toBe(true);
    expect(e.patienceMeanMinutes).toBeGreaterThan(30 * 0.9);
    expect(e.patienceMeanMinutes).toBeLessThan(30 * 1.1);
    // Share who left: P(patience < wait) = 20 / (20 + 30) = 0.4.
    expect(Math.abs(e.abandonShare - 0.4)).toBeLessThan(0.03);
    expect(e.workload.services.a?.volume).toBe(200);
  });

  it('skips services the hall no longer has and copes with no rows', () => {
    const e = estimateWorkload(
      [...rows.slice(0, 50), { ...(rows[0] as RecordedTicket), serviceId: 'gone' }],
      { sessions: SESSIONS, lastTicketMinutesBeforeClose: 15, serviceIds: ['a', 'b', 'c'] },
    );
    expect(e.skipped).toEqual([{ serviceId: 'gone', tickets: 1 }]);
    expect(e.workload.services.gone).toBeUndefined();
    const empty = estimateWorkload([], { sessions: SESSIONS, lastTicketMinutesBeforeClose: 15 });
    expect(empty.tickets).toBe(0);
    expect(empty.workload.services).toEqual({});
  });
});

import { slotCapacity } from '../../shared/src/booking/rules';
import { api, startTestHall, testIdNumber, type TestHall } from '../helpers/hall-server';

/**
 * 预约办: a slot is never overbooked, however many phones book, cancel and move at once.
 * Real HTTP requests in parallel against a real server and SQLite file.
 */
describe('bookings under concurrent requests', () => {
  let hall: TestHall;
  const DAY = '2026-11-24'; // Tuesday; the clock is Monday 10:00
  let person = 0;
  const nextId = () => {
    person += 1;
    return testIdNumber('1980-01-01', String(person).padStart(3, '0'));
  };
  const book = (slot: string) =>
    api(hall.url, 'POST', '/api/bookings', {
      body: {
        serviceId: 'deed-tax',
        day: DAY,
        slot,
        idNumber: nextId(),
        phone: `139${String(10_000_000 + person).slice(-8)}`,
      },
    });
  const held = (slot: string) =>
    (
      hall.server.db
        .prepare(
          `SELECT COUNT(*) AS n FROM bookings WHERE service_id = 'deed-tax' AND day = ? AND slot = ? AND status <> 'cancelled'`,
        )
        .get(DAY, slot) as { n: number }
    ).n;

  beforeAll(async () => {
    hall = await startTestHall();
  });
  afterAll(async () => {
    await hall.server.close();
  });

  test('40 phones booking the same slot at once: exactly its capacity get it', async () => {
    const capacity = slotCapacity(hall.hall, 'deed-tax');
    expect(capacity).toBe(3);
    const answers = await Promise.all(Array.from({ length: 40 }, () => book('09:00')));
    const created = answers.filter((a) => a.status === 201);
    expect(created).toHaveLength(capacity);
    for (const a of answers.filter((x) => x.status !== 201)) {
      expect(a.status).toBe(409);
      expect(a.body.error.code).toBe('BOOKING_SLOT_FULL');
    }
    expect(new Set(created.map((a) => a.body.code)).size).toBe(capacity);
    expect(held('09:00')).toBe(capacity);
    const slots = await api(hall.url, 'GET', `/api/bookings/slots?serviceId=deed-tax&day=${DAY}`);
    expect(slots.body.slots.find((s: { start: string }) => s.start === '09:00')).toMatchObject({
      booked: 3,
      capacity: 3,
      state: 'full',
    });
  });

  test('property: random parallel books, cancels and moves never overbook any slot', async () => {
    // A seeded generator: the same rounds every run.
    let seed = 20261124;
    const random = () => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed / 2 ** 31;
    };
    const slots = ['10:00', '10:30', '11:00'];
    const pick = <T>(list: T[]): T => list[Math.floor(random() * list.length)] as T;
    const codes: string[] = [];
    for (let round = 0; round < 6; round += 1) {
      const ops = Array.from({ length: 30 }, () => {
        const r = random();
        if (r < 0.55 || codes.length === 0) return book(pick(slots));
        const code = pick(codes);
        if (r < 0.75) return api(hall.url, 'POST', `/api/bookings/${code}/cancel`);
        return api(hall.url, 'POST', `/api/bookings/${code}/move`, {
          body: { day: DAY, slot: pick(slots) },
        });
      });
      const answers = await Promise.all(ops);
      for (const a of answers) {
        expect([200, 201, 409]).toContain(a.status);
        if (a.status === 201) codes.push(a.body.code);
        if (a.status === 409)
          expect(['BOOKING_SLOT_FULL', 'BOOKING_NOT_ACTIVE']).toContain(a.body.error.code);
      }
      for (const slot of slots) expect(held(slot)).toBeLessThanOrEqual(3);
    }
    // Each slot's page count agrees with the table.
    const page = await api(hall.url, 'GET', `/api/bookings/slots?serviceId=deed-tax&day=${DAY}`);
    for (const slot of slots) {
      const view = page.body.slots.find((s: { start: string }) => s.start === slot);
      expect(view.booked).toBe(held(slot));
      expect(view.state).toBe(held(slot) >= 3 ? 'full' : 'open');
    }
    expect(codes.length).toBeGreaterThan(9);
  }, 60_000);
});

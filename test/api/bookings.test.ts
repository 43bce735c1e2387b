import fs from 'node:fs';
import path from 'node:path';
import {
  api,
  createStaff,
  enrollKiosk,
  login,
  MONDAY_10AM,
  startTestHall,
  testIdNumber,
  type TestHall,
} from '../helpers/hall-server';

const MIN = 60_000;
const TODAY = '2026-11-23'; // Monday; the clock starts at 10:00
/** An instant of a local clock time on a day (Shanghai, UTC+8). */
const at = (day: string, clock: string) => {
  const [y, m, d] = day.split('-').map(Number);
  const [h, mi] = clock.split(':').map(Number);
  return Date.UTC(y!, m! - 1, d!, h! - 8, mi!);
};

describe('预约办: booking, cancelling, moving, checking in, no-shows', () => {
  let hall: TestHall;
  let kiosk: string;
  let guide: string;
  let clerk: string;
  let serial = 100;
  const newId = () => testIdNumber('1975-06-15', String((serial += 1)));
  const book = (body: Record<string, unknown>) =>
    api(hall.url, 'POST', '/api/bookings', {
      body: {
        serviceId: 'deed-tax',
        day: TODAY,
        slot: '11:00',
        idNumber: newId(),
        phone: '13812345678',
        ...body,
      },
    });
  const checkIn = (body: Record<string, unknown>, token = kiosk) =>
    api(hall.url, 'POST', '/api/bookings/check-in', { token, body });

  beforeAll(async () => {
    hall = await startTestHall();
    createStaff(hall, 'boss', 'admin');
    createStaff(hall, 'guide1', 'guide');
    createStaff(hall, 'clerk1', 'clerk');
    kiosk = await enrollKiosk(hall, await login(hall.url, 'boss'));
    guide = await login(hall.url, 'guide1');
    clerk = await login(hall.url, 'clerk1', 'w01');
  });
  afterAll(async () => {
    await hall.server.close();
  });
  beforeEach(() => {
    hall.clock.time = MONDAY_10AM;
  });

  test('the page’s options: today and 3 days ahead, services with their capacity', async () => {
    const options = await api(hall.url, 'GET', '/api/bookings/options');
    expect(options.status).toBe(200);
    expect(options.body.days.map((d: { day: string }) => d.day)).toEqual([
      '2026-11-23',
      '2026-11-24',
      '2026-11-25',
      '2026-11-26',
    ]);
    expect(options.body.services.find((s: { id: string }) => s.id === 'deed-tax')).toMatchObject({
      name: '契税收缴',
      capacityPerSlot: 3,
    });
    const slots = await api(hall.url, 'GET', `/api/bookings/slots?serviceId=deed-tax&day=${TODAY}`);
    const state = Object.fromEntries(
      slots.body.slots.map((s: { start: string; state: string }) => [s.start, s.state]),
    );
    expect(state).toMatchObject({ '09:30': 'past', '10:00': 'past', '10:30': 'open' });
    expect(Object.keys(state)).not.toContain('12:00'); // lunch
    const bad = await api(hall.url, 'GET', '/api/bookings/slots?serviceId=deed-tax&day=2026-12-01');
    expect(bad.status).toBe(400);
    expect(bad.body.error.code).toBe('BOOKING_SLOT_INVALID');
  });

  test('a booking: a code and a QR text; neither the ID nor the phone number is stored', async () => {
    const idNumber = newId();
    const res = await book({ idNumber, phone: '139 0011 2233', slot: '14:30' });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      serviceId: 'deed-tax',
      serviceName: '契税收缴',
      day: TODAY,
      slot: { start: '14:30', end: '15:00' },
      status: 'booked',
      maskedPhone: '139****2233',
      ticket: null,
      checkInOpensAt: new Date(at(TODAY, '14:00')).toISOString(),
      checkInClosesAt: new Date(at(TODAY, '14:45')).toISOString(),
    });
    expect(res.body.code).toMatch(/^[2-9A-HJKMNP-Z]{8}$/);
    expect(res.body.qrText).toBe(`YY-${res.body.code}`);
    const found = await api(hall.url, 'GET', `/api/bookings/${res.body.code.toLowerCase()}`);
    expect(found.body).toEqual(res.body);
    expect(JSON.stringify(found.body)).not.toContain('13900112233');

    hall.server.db.pragma('wal_checkpoint(PASSIVE)');
    for (const file of fs.readdirSync(hall.dataDir)) {
      const bytes = fs.readFileSync(path.join(hall.dataDir, file));
      for (const secret of [idNumber, '13900112233']) {
        expect(bytes.includes(Buffer.from(secret))).toBe(false);
        expect(bytes.includes(Buffer.from(secret, 'utf16le'))).toBe(false);
      }
    }
  });

  test('bad input is refused with a code and nothing is booked', async () => {
    const cases: [Record<string, unknown>, number, string][] = [
      [{ phone: '12345' }, 400, 'PHONE_INVALID'],
      [{ idNumber: '12345' }, 400, 'ID_NUMBER_INVALID'],
      [{ slot: '12:30' }, 400, 'BOOKING_SLOT_INVALID'], // lunch
      [{ slot: '09:30' }, 400, 'BOOKING_SLOT_INVALID'], // past
      [{ day: '2026-11-28', slot: '09:00' }, 400, 'BOOKING_SLOT_INVALID'], // Saturday
      [{ day: '2026-11-27', slot: '09:00' }, 400, 'BOOKING_SLOT_INVALID'], // 4 days ahead
      [{ serviceId: 'nope' }, 404, 'SERVICE_NOT_FOUND'],
      [{ slot: '9:00' }, 400, 'VALIDATION_FAILED'],
      [{ extra: 1 }, 400, 'VALIDATION_FAILED'],
    ];
    const before = hall.server.db.prepare('SELECT COUNT(*) AS n FROM bookings').get();
    for (const [body, status, code] of cases) {
      const res = await book(body);
      expect([res.status, res.body.error?.code]).toEqual([status, code]);
      expect(typeof res.body.error.messageZh).toBe('string');
    }
    expect(hall.server.db.prepare('SELECT COUNT(*) AS n FROM bookings').get()).toEqual(before);
    const unknown = await api(hall.url, 'GET', '/api/bookings/ABCDEFGH');
    expect([unknown.status, unknown.body.error.code]).toEqual([404, 'BOOKING_NOT_FOUND']);
  });

  test('one open booking per service and day, and at most two open per person', async () => {
    const idNumber = newId();
    expect((await book({ idNumber, slot: '15:00' })).status).toBe(201);
    const twice = await book({ idNumber, slot: '15:30' });
    expect([twice.status, twice.body.error.code]).toEqual([409, 'BOOKING_DUPLICATE']);
    expect((await book({ idNumber, serviceId: 'tax', slot: '15:30' })).status).toBe(201);
    const third = await book({ idNumber, serviceId: 'housing', slot: '15:30' });
    expect([third.status, third.body.error.code]).toEqual([409, 'BOOKING_OPEN_LIMIT']);
  });

  test('cancel frees the place; move goes to a free slot only; used bookings stay put', async () => {
    const day = '2026-11-25';
    const codes: string[] = [];
    for (let i = 0; i < 3; i += 1) codes.push((await book({ day, slot: '16:00' })).body.code);
    const full = await book({ day, slot: '16:00' });
    expect([full.status, full.body.error.code]).toEqual([409, 'BOOKING_SLOT_FULL']);

    const cancelled = await api(hall.url, 'POST', `/api/bookings/${codes[0]}/cancel`);
    expect(cancelled.status).toBe(200);
    expect(cancelled.body.status).toBe('cancelled');
    const again = await api(hall.url, 'POST', `/api/bookings/${codes[0]}/cancel`);
    expect([again.status, again.body.error.code]).toEqual([409, 'BOOKING_NOT_ACTIVE']);
    const other = await book({ day, slot: '16:00' });
    expect(other.status).toBe(201); // the freed place

    const early = await book({ day, slot: '09:00' });
    const moveFull = await api(hall.url, 'POST', `/api/bookings/${early.body.code}/move`, {
      body: { day, slot: '16:00' },
    });
    expect([moveFull.status, moveFull.body.error.code]).toEqual([409, 'BOOKING_SLOT_FULL']);
    const moved = await api(hall.url, 'POST', `/api/bookings/${codes[1]}/move`, {
      body: { day: '2026-11-26', slot: '10:00' },
    });
    expect(moved.status).toBe(200);
    expect(moved.body).toMatchObject({ day: '2026-11-26', slot: { start: '10:00' } });
    const moveFull2 = await api(hall.url, 'POST', `/api/bookings/${early.body.code}/move`, {
      body: { day, slot: '16:00' },
    });
    expect(moveFull2.status).toBe(200); // codes[1] left it
    const nowhere = await api(hall.url, 'POST', `/api/bookings/${codes[2]}/move`, {
      body: { day, slot: '12:00' },
    });
    expect([nowhere.status, nowhere.body.error.code]).toEqual([400, 'BOOKING_SLOT_INVALID']);
  });

  test('check-in window at its edges: early refused, on time an appointment ticket, late a normal one', async () => {
    const slot = at(TODAY, '11:00');
    const a = (await book({ slot: '11:00' })).body.code as string;
    const idB = newId();
    const b = (await book({ slot: '11:00', idNumber: idB })).body.code as string;
    const c = (await book({ slot: '11:00' })).body.code as string;

    hall.clock.time = slot - 30 * MIN - 1;
    const early = await checkIn({ code: `YY-${a}` });
    expect([early.status, early.body.error.code]).toEqual([409, 'BOOKING_TOO_EARLY']);
    expect(early.body.error.details).toMatchObject({ opensAtClock: '10:30', slot: '11:00' });

    hall.clock.time = slot - 30 * MIN;
    const onTime = await checkIn({ code: `YY-${a}` });
    expect(onTime.status).toBe(201);
    expect(onTime.body).toMatchObject({
      serviceId: 'deed-tax',
      priority: 'appointment',
      checkIn: { code: a, late: false, slot: { start: '11:00', end: '11:30' } },
    });
    expect(onTime.body.number).toMatch(/^[A-Z]+\d{3}$/);
    const replay = await checkIn({ code: a });
    expect(replay.status).toBe(200);
    expect(replay.body.id).toBe(onTime.body.id);
    const view = await api(hall.url, 'GET', `/api/bookings/${a}`);
    expect(view.body).toMatchObject({
      status: 'checked-in',
      ticket: { id: onTime.body.id, number: onTime.body.number },
    });
    const ticket = await api(hall.url, 'GET', `/api/tickets/${onTime.body.id}`);
    expect(ticket.body).toMatchObject({ status: 'waiting', priority: 'appointment' });
    // It queues from its slot (less the appointment boost), not from the early check-in.
    expect(hall.server.ctx.hall.state.tickets.get(onTime.body.id)?.queueKey).toBe(slot - 20 * MIN);

    // By the ID card, at the last instant of the window.
    hall.clock.time = slot + 15 * MIN;
    const byCard = await checkIn({ idNumber: idB });
    expect(byCard.status).toBe(201);
    expect(byCard.body.checkIn).toMatchObject({ code: b, late: false });

    hall.clock.time = slot + 15 * MIN + 1;
    const late = await checkIn({ code: c });
    expect(late.status).toBe(201);
    expect(late.body.priority).toBeNull();
    expect(hall.server.ctx.hall.state.tickets.get(late.body.id)?.queueKey).toBe(hall.clock.time);
    expect(late.body.checkIn).toMatchObject({ code: c, late: true });
    expect((await api(hall.url, 'GET', `/api/bookings/${c}`)).body.status).toBe('late');

    const cancelled = await api(hall.url, 'POST', `/api/bookings/${a}/cancel`);
    expect([cancelled.status, cancelled.body.error.code]).toEqual([409, 'BOOKING_NOT_ACTIVE']);
  });

  test('check-in is for the kiosk and the desk, for today only', async () => {
    const code = (await book({ day: '2026-11-24', slot: '09:00' })).body.code as string;
    const anonymous = await api(hall.url, 'POST', '/api/bookings/check-in', { body: { code } });
    expect(anonymous.status).toBe(401);
    expect((await checkIn({ code }, clerk)).status).toBe(403);
    const tomorrow = await checkIn({ code });
    expect([tomorrow.status, tomorrow.body.error.code]).toEqual([409, 'BOOKING_NOT_TODAY']);
    const none = await checkIn({ idNumber: newId() });
    expect([none.status, none.body.error.code]).toEqual([404, 'BOOKING_NOT_FOUND']);
    const both = await checkIn({ code, idNumber: newId() });
    expect([both.status, both.body.error.code]).toEqual([400, 'VALIDATION_FAILED']);
  });

  test('no-shows: marked after the grace, shown to guides; repeated ones bar booking', async () => {
    const idNumber = newId();
    const first = (await book({ idNumber, slot: '11:30', serviceId: 'housing' })).body.code;
    const second = (
      await book({ idNumber, day: '2026-11-24', slot: '09:00', serviceId: 'housing' })
    ).body.code;
    hall.clock.time = at(TODAY, '11:45');
    expect((await api(hall.url, 'GET', `/api/bookings/${first}`)).body.status).toBe('booked');
    hall.clock.time = at(TODAY, '11:45') + 1;
    expect((await api(hall.url, 'GET', `/api/bookings/${first}`)).body.status).toBe('no-show');

    const summary = await api(hall.url, 'GET', `/api/bookings?day=${TODAY}`, { token: guide });
    expect(summary.status).toBe(200);
    expect(summary.body.noShows).toEqual(
      expect.arrayContaining([
        {
          code: first,
          serviceId: 'housing',
          serviceName: '房产',
          slot: '11:30',
          maskedPhone: '138****5678',
        },
      ]),
    );
    const housing = summary.body.services.find(
      (s: { serviceId: string }) => s.serviceId === 'housing',
    );
    expect(housing.slots).toEqual([
      { start: '11:30', end: '12:00', booked: 0, checkedIn: 0, late: 0, noShows: 1, cancelled: 0 },
    ]);
    expect(summary.body.totals.checkedIn).toBeGreaterThanOrEqual(2);
    expect((await api(hall.url, 'GET', '/api/bookings')).status).toBe(401);
    expect((await api(hall.url, 'GET', '/api/bookings', { token: clerk })).status).toBe(403);

    // Tuesday: the second one missed too, and a third.
    hall.clock.time = at('2026-11-24', '09:16');
    const third = (await book({ idNumber, day: '2026-11-24', slot: '10:00', serviceId: 'housing' }))
      .body.code;
    hall.clock.time = at('2026-11-24', '10:16');
    for (const code of [second, third])
      expect((await api(hall.url, 'GET', `/api/bookings/${code}`)).body.status).toBe('no-show');
    const barred = await book({ idNumber, day: '2026-11-25', slot: '09:00', serviceId: 'tax' });
    expect(barred.status).toBe(403);
    expect(barred.body.error).toMatchObject({
      code: 'BOOKING_BLOCKED',
      details: { until: '2026-12-25', noShows: 3, limit: 3, windowDays: 30 },
    });
    // A missed booking checked in late still gets an ordinary ticket.
    hall.clock.time = at('2026-11-24', '10:20');
    const late = await checkIn({ code: third });
    expect(late.status).toBe(201);
    expect(late.body.checkIn.late).toBe(true);
  });
});

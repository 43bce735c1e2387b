import { api, startTestHall, testIdNumber, type TestHall } from '../helpers/hall-server';

/** 预约办: guessing booking codes or ID numbers from one address is cut off (429). */
describe('booking rate limits', () => {
  let hall: TestHall;
  beforeAll(async () => {
    hall = await startTestHall();
  });
  afterAll(async () => {
    await hall.server.close();
  });

  test('30 wrong codes, then 429 for lookups, cancels and bookings from that address', async () => {
    const made = await api(hall.url, 'POST', '/api/bookings', {
      body: {
        serviceId: 'tax',
        day: '2026-11-24',
        slot: '09:00',
        idNumber: testIdNumber('1979-09-09', '909'),
        phone: '13500000000',
      },
    });
    expect(made.status).toBe(201);
    for (let i = 0; i < 30; i += 1) {
      const wrong = await api(
        hall.url,
        'GET',
        `/api/bookings/${'ABCDEFGH'.slice(0, 7)}${'23456789'[i % 8]}`,
      );
      expect(wrong.status).toBe(404);
    }
    const found = await api(hall.url, 'GET', `/api/bookings/${made.body.code}`);
    expect([found.status, found.body.error?.code]).toEqual([429, 'BOOKING_RATE_LIMITED']);
    const cancel = await api(hall.url, 'POST', `/api/bookings/${made.body.code}/cancel`);
    expect(cancel.status).toBe(429);
    // The booking itself is untouched; the limit passes with time.
    hall.clock.advance(11);
    const later = await api(hall.url, 'GET', `/api/bookings/${made.body.code}`);
    expect([later.status, later.body.status]).toEqual([200, 'booked']);
  });
});

import fc from 'fast-check';
import fs from 'node:fs';
import path from 'node:path';
import { parseHallConfig, localTime, type HallConfig } from '../domain';
import {
  addDays,
  bookingLimit,
  checkInTiming,
  codeQrText,
  localInstant,
  maskPhone,
  normaliseCode,
  slotCapacity,
  slotsOfDay,
  slotViews,
  weekdayOf,
} from './rules';

const raw = JSON.parse(
  fs.readFileSync(path.join(__dirname, '..', '..', 'halls', 'hoxud.json'), 'utf8'),
) as Record<string, unknown>;
const hall = (appointments: Record<string, unknown> = {}): HallConfig =>
  parseHallConfig({ ...raw, appointments });
const HOXUD = hall();
const MIN = 60_000;
/** Monday 2026-11-23 09:00 in Shanghai. */
const MON_9 = Date.UTC(2026, 10, 23, 1, 0);

describe('slots of a day', () => {
  test('whole slots inside each session, none over lunch, none after the last-ticket time', () => {
    const slots = slotsOfDay(HOXUD, '2026-11-23').map((s) => s.start);
    expect(slots).toEqual([
      '09:00',
      '09:30',
      '10:00',
      '10:30',
      '11:00',
      '11:30',
      '14:30',
      '15:00',
      '15:30',
      '16:00',
      '16:30',
      '17:00',
    ]);
    expect(slotsOfDay(HOXUD, '2026-11-23')[5]).toEqual({ start: '11:30', end: '12:00' });
  });

  test('weekends and holidays have none; a make-up working day (调休) has Monday’s', () => {
    expect(slotsOfDay(HOXUD, '2026-11-28')).toEqual([]); // Saturday
    expect(slotsOfDay(HOXUD, '2026-10-01')).toEqual([]); // 国庆
    expect(weekdayOf('2026-10-10')).toBe(5);
    expect(slotsOfDay(HOXUD, '2026-10-10')).toHaveLength(12);
  });

  test('other slot lengths keep slots whole', () => {
    const hour = slotsOfDay(hall({ slotMinutes: 60 }), '2026-11-23').map((s) => s.start);
    expect(hour).toEqual(['09:00', '10:00', '11:00', '14:30', '15:30', '16:30']);
  });
});

describe('capacity of a slot', () => {
  test('floor(windows × slot ÷ expected × (1 − walk-in share))', () => {
    expect(slotCapacity(HOXUD, 'deed-tax')).toBe(3); // 3 windows, 15 min: 6 × 0.5
    expect(slotCapacity(HOXUD, 'tax')).toBe(12); // 10 windows, 12 min: 25 × 0.5
    expect(slotCapacity(hall({ walkInShare: 1 }), 'tax')).toBe(0);
    expect(slotCapacity(hall({ walkInShare: 0.7 }), 'deed-tax')).toBe(1); // 6 × 0.3 = 1.8
    expect(slotCapacity(HOXUD, 'no-such-service')).toBe(0);
  });

  test('property: never more than the walk-in-free share of window time, never negative', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...HOXUD.services.map((s) => s.id)),
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.constantFrom(10, 15, 20, 30, 45, 60),
        (serviceId, walkInShare, slotMinutes) => {
          const config = hall({ walkInShare, slotMinutes });
          const service = config.services.find((s) => s.id === serviceId)!;
          const windows = config.windows.filter((w) => w.services.includes(serviceId)).length;
          const capacity = slotCapacity(config, serviceId);
          expect(Number.isInteger(capacity)).toBe(true);
          expect(capacity).toBeGreaterThanOrEqual(0);
          expect(capacity).toBeLessThanOrEqual(
            (windows * slotMinutes * (1 - walkInShare)) / service.expectedMinutes + 1e-6,
          );
          // A larger walk-in share never gives more bookable places.
          const more = hall({ walkInShare: Math.min(1, walkInShare + 0.1), slotMinutes });
          expect(slotCapacity(more, serviceId)).toBeLessThanOrEqual(capacity);
        },
      ),
    );
  });

  test('slot views: full at capacity, past once started', () => {
    const views = slotViews(
      HOXUD,
      'deed-tax',
      '2026-11-23',
      new Map([
        ['10:30', 3],
        ['11:00', 2],
      ]),
      MON_9 + 60 * MIN, // 10:00
    );
    const state = Object.fromEntries(views.map((v) => [v.start, v.state]));
    expect(state['09:30']).toBe('past');
    expect(state['10:00']).toBe('past');
    expect(state['10:30']).toBe('full');
    expect(state['11:00']).toBe('open');
    expect(views.find((v) => v.start === '11:00')).toMatchObject({ capacity: 3, booked: 2 });
  });
});

describe('local instants', () => {
  test('a local day and minute in Shanghai', () => {
    expect(localInstant('2026-11-23', 9 * 60, 'Asia/Shanghai')).toBe(MON_9);
    expect(localInstant('2027-01-01', 0, 'Asia/Shanghai')).toBe(Date.UTC(2026, 11, 31, 16, 0));
  });

  test('property: localTime(localInstant(day, minute)) gives the day and minute back', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 3000 }),
        fc.integer({ min: 0, max: 1439 }),
        fc.constantFrom('Asia/Shanghai', 'Asia/Urumqi', 'UTC'),
        (offset, minute, zone) => {
          const day = addDays('2025-01-01', offset);
          const local = localTime(localInstant(day, minute, zone), zone);
          expect(local).toMatchObject({ day, minuteOfDay: minute, weekday: weekdayOf(day) });
        },
      ),
    );
  });
});

describe('check-in window', () => {
  const settings = HOXUD.appointments;
  const slot = MON_9 + 90 * MIN; // 10:30

  test('opens 30 minutes before the slot and closes 15 after, both edges included', () => {
    expect(checkInTiming(settings, slot, slot - 30 * MIN - 1).kind).toBe('early');
    expect(checkInTiming(settings, slot, slot - 30 * MIN).kind).toBe('on-time');
    expect(checkInTiming(settings, slot, slot).kind).toBe('on-time');
    expect(checkInTiming(settings, slot, slot + 15 * MIN).kind).toBe('on-time');
    expect(checkInTiming(settings, slot, slot + 15 * MIN + 1).kind).toBe('late');
    expect(checkInTiming(settings, slot, slot - 31 * MIN)).toEqual({
      kind: 'early',
      opensAt: slot - 30 * MIN,
    });
  });

  test('configurable edges', () => {
    const wide = hall({ checkInBeforeMinutes: 60, checkInAfterMinutes: 0 }).appointments;
    expect(checkInTiming(wide, slot, slot - 60 * MIN).kind).toBe('on-time');
    expect(checkInTiming(wide, slot, slot).kind).toBe('on-time');
    expect(checkInTiming(wide, slot, slot + 1).kind).toBe('late');
  });

  test('property: early, on time and late follow each other in time', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: -300, max: 300 }),
        fc.integer({ min: 0, max: 120 }),
        fc.integer({ min: 0, max: 120 }),
        (minutes, before, after) => {
          const s = hall({ checkInBeforeMinutes: before, checkInAfterMinutes: after }).appointments;
          const kind = checkInTiming(s, slot, slot + minutes * MIN).kind;
          const expected = minutes < -before ? 'early' : minutes <= after ? 'on-time' : 'late';
          expect(kind).toBe(expected);
        },
      ),
    );
  });
});

describe('no-show limit', () => {
  const settings = HOXUD.appointments; // 3 within 30 days → 30 days barred

  test('three no-shows within 30 days bar booking until 30 days after the last', () => {
    const days = ['2026-11-02', '2026-11-10', '2026-11-20'];
    expect(bookingLimit(settings, days.slice(0, 2), '2026-11-23')).toEqual({
      blocked: false,
      noShows: 2,
      until: null,
    });
    expect(bookingLimit(settings, days, '2026-11-23')).toEqual({
      blocked: true,
      noShows: 3,
      until: '2026-12-21',
    });
    expect(bookingLimit(settings, days, '2026-12-20').blocked).toBe(false); // first one aged out
  });

  test('the bar ends after blockDays', () => {
    const s = hall({ noShowLimit: 1, blockDays: 2 }).appointments;
    expect(bookingLimit(s, ['2026-11-20'], '2026-11-22')).toMatchObject({
      blocked: true,
      until: '2026-11-23',
    });
    expect(bookingLimit(s, ['2026-11-20'], '2026-11-23').blocked).toBe(false);
  });
});

describe('codes and phones', () => {
  test('codes are read however typed or scanned', () => {
    expect(normaliseCode('k7m2-q9xr')).toBe('K7M2Q9XR');
    expect(normaliseCode(codeQrText('K7M2Q9XR'))).toBe('K7M2Q9XR');
    expect(normaliseCode('YYK7M2Q9')).toBe('YYK7M2Q9'); // a code may itself start with YY
    expect(normaliseCode('K7M2Q9X0')).toBeNull(); // 0 is not in the alphabet
    expect(normaliseCode('short')).toBeNull();
  });

  test('phones are masked', () => {
    expect(maskPhone('13812345678')).toBe('138****5678');
  });
});

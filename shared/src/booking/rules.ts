import type { AppointmentsConfig, HallConfig } from '../domain/hall-config';
import { clockMinutes, formatClock, localTime } from '../domain/local-time';
import { sessionsOn } from '../domain/opening-hours';

/**
 * 预约办: the pure rules of booking a slot (issue 8). Time is always an argument; the
 * server keeps the bookings and calls these.
 */

export interface Slot {
  /** HH:MM local, the slot's key within its day. */
  start: string;
  end: string;
}

/** YYYY-MM-DD → its parts, for calendar arithmetic in UTC (no zone involved). */
function parts(day: string): [number, number, number] {
  const [y, m, d] = day.split('-').map(Number);
  return [y ?? 1970, (m ?? 1) - 1, d ?? 1];
}

export function addDays(day: string, n: number): string {
  const [y, m, d] = parts(day);
  return new Date(Date.UTC(y, m, d + n)).toISOString().slice(0, 10);
}

/** Whole days from `from` to `to` (negative when `to` is earlier). */
export function daysBetween(from: string, to: string): number {
  const [y1, m1, d1] = parts(from);
  const [y2, m2, d2] = parts(to);
  return Math.round((Date.UTC(y2, m2, d2) - Date.UTC(y1, m1, d1)) / 86_400_000);
}

/** 0 = Monday … 6 = Sunday, like LocalTime.weekday. */
export function weekdayOf(day: string): number {
  const [y, m, d] = parts(day);
  return (new Date(Date.UTC(y, m, d)).getUTCDay() + 6) % 7;
}

/** The instant of a local day and minute in the hall's zone. */
export function localInstant(day: string, minuteOfDay: number, timeZone: string): number {
  const [y, m, d] = parts(day);
  let guess = Date.UTC(y, m, d, 0, minuteOfDay);
  // Two corrections settle any zone offset (and a DST edge) without a zone table.
  for (let i = 0; i < 2; i += 1) {
    const local = localTime(guess, timeZone);
    const diff = daysBetween(day, local.day) * 1440 + local.minuteOfDay - minuteOfDay;
    if (diff === 0) break;
    guess -= diff * 60_000;
  }
  return guess;
}

/**
 * The bookable slots of a local day: whole slots inside each session (so the lunch break
 * and holidays have none) that start before the session's last-ticket time, since a
 * check-in is a ticket issue.
 */
export function slotsOfDay(config: HallConfig, day: string): Slot[] {
  const { slotMinutes } = config.appointments;
  const sessions = sessionsOn(config.hours, { day, minuteOfDay: 0, weekday: weekdayOf(day) });
  const out: Slot[] = [];
  for (const session of sessions) {
    const open = clockMinutes(session.open);
    const close = clockMinutes(session.close);
    const lastStart = close - config.hours.lastTicketMinutesBeforeClose;
    for (let start = open; start + slotMinutes <= close && start < lastStart; start += slotMinutes)
      out.push({ start: formatClock(start), end: formatClock(start + slotMinutes) });
  }
  return out;
}

/**
 * Bookings one slot of a service can take: the window time of every window that serves
 * it, in service times, less the share kept for walk-ins.
 * floor(windows × slot minutes ÷ expected minutes × (1 − walk-in share)).
 */
export function slotCapacity(config: HallConfig, serviceId: string): number {
  const service = config.services.find((s) => s.id === serviceId);
  if (!service) return 0;
  const windows = config.windows.filter((w) => w.services.includes(serviceId)).length;
  const { slotMinutes, walkInShare } = config.appointments;
  // The small epsilon keeps 0.3 × 10 from flooring to 2 in binary floating point.
  return Math.max(
    0,
    Math.floor(((windows * slotMinutes) / service.expectedMinutes) * (1 - walkInShare) + 1e-9),
  );
}

/** Today and the days ahead that may be booked (closed days included: they show no slots). */
export function bookableDays(config: HallConfig, now: number): string[] {
  const today = localTime(now, config.timeZone).day;
  const days: string[] = [];
  for (let i = 0; i <= config.appointments.daysAhead; i += 1) days.push(addDays(today, i));
  return days;
}

export type SlotState = 'open' | 'full' | 'past';

export interface SlotView extends Slot {
  capacity: number;
  booked: number;
  state: SlotState;
}

/**
 * The slots of a service on a day as the booking page shows them. A slot is past once
 * its check-in has closed (it can no longer be used), full when its bookings reach the
 * capacity. `booked` counts the slot's bookings that hold a place (not cancelled).
 */
export function slotViews(
  config: HallConfig,
  serviceId: string,
  day: string,
  booked: ReadonlyMap<string, number>,
  now: number,
): SlotView[] {
  const capacity = slotCapacity(config, serviceId);
  return slotsOfDay(config, day).map((slot) => {
    const taken = booked.get(slot.start) ?? 0;
    const start = localInstant(day, clockMinutes(slot.start), config.timeZone);
    const state: SlotState = !slotStillBookable(config.appointments, start, now)
      ? 'past'
      : taken >= capacity
        ? 'full'
        : 'open';
    return { ...slot, capacity, booked: taken, state };
  });
}

/** A slot may be booked (or moved to) until it starts. */
export function slotStillBookable(
  _settings: AppointmentsConfig,
  slotStartMs: number,
  now: number,
): boolean {
  return now < slotStartMs;
}

export type CheckInTiming =
  { kind: 'early'; opensAt: number } | { kind: 'on-time'; closesAt: number } | { kind: 'late' };

/**
 * Check-in is open from `checkInBeforeMinutes` before the slot to `checkInAfterMinutes`
 * after its start, both edges included. Later is too late: a normal ticket.
 */
export function checkInTiming(
  settings: AppointmentsConfig,
  slotStartMs: number,
  now: number,
): CheckInTiming {
  const opensAt = slotStartMs - settings.checkInBeforeMinutes * 60_000;
  const closesAt = slotStartMs + settings.checkInAfterMinutes * 60_000;
  if (now < opensAt) return { kind: 'early', opensAt };
  if (now <= closesAt) return { kind: 'on-time', closesAt };
  return { kind: 'late' };
}

/** A booking still 'booked' after this instant is a no-show. */
export function noShowAfter(settings: AppointmentsConfig, slotStartMs: number): number {
  return slotStartMs + settings.checkInAfterMinutes * 60_000;
}

export interface BookingLimit {
  blocked: boolean;
  /** No-shows counted (within the window). */
  noShows: number;
  /** The first day booking is allowed again, when blocked. */
  until: string | null;
}

/**
 * Repeated no-shows limit booking: `noShowLimit` no-shows on days within the last
 * `noShowWindowDays` bar booking until `blockDays` after the latest of them.
 */
export function bookingLimit(
  settings: AppointmentsConfig,
  noShowDays: readonly string[],
  today: string,
): BookingLimit {
  const recent = noShowDays
    .filter((d) => {
      const age = daysBetween(d, today);
      return age >= 0 && age < settings.noShowWindowDays;
    })
    .sort();
  const latest = recent[recent.length - 1];
  if (recent.length < settings.noShowLimit || latest === undefined)
    return { blocked: false, noShows: recent.length, until: null };
  const until = addDays(latest, settings.blockDays + 1);
  return until > today
    ? { blocked: true, noShows: recent.length, until }
    : { blocked: false, noShows: recent.length, until: null };
}

/** Booking codes: 8 characters of an alphabet without look-alikes (0/O, 1/I/L). */
export const CODE_ALPHABET = '23456789ABCDEFGHJKMNPQRSTUVWXYZ';
export const CODE_LENGTH = 8;
const CODE = new RegExp(`^[${CODE_ALPHABET}]{${CODE_LENGTH}}$`);

/** A code as typed or scanned: upper-cased, spaces and dashes dropped; null if not a code. */
export function normaliseCode(text: string): string | null {
  let code = text
    .trim()
    .toUpperCase()
    .replace(/[\s:-]/g, '');
  // The QR code's YY prefix (a code itself may start with YY: only a longer text has one).
  if (code.length === CODE_LENGTH + 2 && code.startsWith('YY')) code = code.slice(2);
  return CODE.test(code) ? code : null;
}

/** What the booking's QR code holds: the kiosk's scanner classifies YY-… as an appointment. */
export function codeQrText(code: string): string {
  return `YY-${code}`;
}

/** A mainland mobile number, and its masked form for every screen (138****5678). */
export const PHONE = /^1[3-9]\d{9}$/;
export function maskPhone(phone: string): string {
  return `${phone.slice(0, 3)}****${phone.slice(-4)}`;
}

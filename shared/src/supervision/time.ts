import { localTime } from '../domain/local-time';

/**
 * Calendar arithmetic on the hall's local days (YYYY-MM-DD) and the instants they start at.
 * Pure: the zone and every instant come in as arguments.
 */

const DAY_MS = 86_400_000;

function dayNumber(day: string): number {
  return Date.UTC(Number(day.slice(0, 4)), Number(day.slice(5, 7)) - 1, Number(day.slice(8, 10)));
}

function dayOfNumber(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

/** Whether a string is a real calendar day YYYY-MM-DD (2026-02-30 is not). */
export function isCalendarDay(day: string): boolean {
  return /^\d{4}-\d{2}-\d{2}$/.test(day) && dayOfNumber(dayNumber(day)) === day;
}

/** The day `n` calendar days after `day` (n may be negative). */
export function addDays(day: string, n: number): string {
  return dayOfNumber(dayNumber(day) + n * DAY_MS);
}

/** 0 = Monday … 6 = Sunday, as in the hall configuration's `weekly`. */
export function weekdayOf(day: string): number {
  return (new Date(dayNumber(day)).getUTCDay() + 6) % 7;
}

/** Every day from `from` to `to`, both included. */
export function daysBetween(from: string, to: string): string[] {
  const out: string[] = [];
  for (let d = from; d <= to; d = addDays(d, 1)) out.push(d);
  return out;
}

/** Whole calendar days from `a` to `b` (b - a). */
export function dayDiff(a: string, b: string): number {
  return Math.round((dayNumber(b) - dayNumber(a)) / DAY_MS);
}

/**
 * The instant at which the local clock of `timeZone` reads `minuteOfDay` on `day`. Found
 * by correcting a UTC guess with the zone's offset (twice, for a change of offset between
 * the guess and the answer).
 */
export function zonedInstant(day: string, minuteOfDay: number, timeZone: string): number {
  const target = dayNumber(day) + minuteOfDay * 60_000;
  let guess = target;
  for (let i = 0; i < 3; i += 1) {
    const local = localTime(guess, timeZone);
    const seen = dayNumber(local.day) + local.minuteOfDay * 60_000;
    const error = seen - target;
    if (error === 0) break;
    guess -= error;
  }
  // localTime has minute precision: keep the guess on a whole minute.
  return guess - (((guess % 60_000) + 60_000) % 60_000);
}

/** The first instant of a local day. */
export function startOfDay(day: string, timeZone: string): number {
  return zonedInstant(day, 0, timeZone);
}

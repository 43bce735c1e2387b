import type { HoursConfig } from '../domain/hall-config';
import { addDays, weekdayOf } from './time';

/**
 * 工作日 as the State Council's holiday notice defines them: Monday to Friday, except the
 * hall's `holidays`, plus its make-up working days (`extraWorkdays`, 调休). A holiday wins
 * over a make-up day, as it does for opening hours. Weekend opening sessions (错时服务)
 * do not make a Saturday a working day.
 */
export function isWorkingDay(
  day: string,
  hours: Pick<HoursConfig, 'holidays' | 'extraWorkdays'>,
): boolean {
  if (hours.holidays.includes(day)) return false;
  if (hours.extraWorkdays.includes(day)) return true;
  return weekdayOf(day) < 5;
}

/**
 * The deadline `n` working days after `day`: the day itself does not count, the n-th
 * working day after it is the last day (a case opened on a Thursday with n = 1 is due on
 * Friday, or on Monday when Friday is a holiday).
 */
export function addWorkingDays(
  day: string,
  n: number,
  hours: Pick<HoursConfig, 'holidays' | 'extraWorkdays'>,
): string {
  let current = day;
  let left = n;
  // Ten years of days is a bound no real list of holidays can reach.
  for (let guard = 0; left > 0 && guard < 3660; guard += 1) {
    current = addDays(current, 1);
    if (isWorkingDay(current, hours)) left -= 1;
  }
  return current;
}

/** Working days after `from` up to and including `to`; negative when `to` is earlier. */
export function workingDaysBetween(
  from: string,
  to: string,
  hours: Pick<HoursConfig, 'holidays' | 'extraWorkdays'>,
): number {
  if (to < from) return -workingDaysBetween(to, from, hours);
  let count = 0;
  for (let d = addDays(from, 1); d <= to; d = addDays(d, 1)) if (isWorkingDay(d, hours)) count += 1;
  return count;
}

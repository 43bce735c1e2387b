import type { HoursConfig } from './hall-config';
import { clockMinutes, type LocalTime } from './local-time';

export type HallPhase =
  | 'issuing' // open, and tickets may be taken
  | 'open-no-tickets' // open, but past the last-ticket time of this session
  | 'break' // between two sessions (lunch)
  | 'before-open'
  | 'after-close'
  | 'closed-day'; // holiday or a day with no sessions

export interface HallOpenState {
  phase: HallPhase;
  /** Tickets may be issued now. */
  issuing: boolean;
  /** Windows are within their normal hours now (calling outside needs extended hours). */
  windowsOpen: boolean;
  /** Today's sessions, as HH:MM pairs, for messages and boards. */
  sessions: { open: string; close: string }[];
}

/** The sessions of a local day, holidays and make-up working days (调休) applied. */
export function sessionsOn(
  hours: HoursConfig,
  local: LocalTime,
): { open: string; close: string }[] {
  if (hours.holidays.includes(local.day)) return [];
  if (hours.extraWorkdays.includes(local.day)) return hours.weekly[0] ?? [];
  return hours.weekly[local.weekday] ?? [];
}

export function hallOpenState(hours: HoursConfig, local: LocalTime): HallOpenState {
  const sessions = sessionsOn(hours, local);
  if (!hours.enforce) return { phase: 'issuing', issuing: true, windowsOpen: true, sessions };
  if (sessions.length === 0)
    return { phase: 'closed-day', issuing: false, windowsOpen: false, sessions };
  const now = local.minuteOfDay;
  const first = sessions[0];
  if (first && now < clockMinutes(first.open)) {
    return { phase: 'before-open', issuing: false, windowsOpen: false, sessions };
  }
  for (const session of sessions) {
    const open = clockMinutes(session.open);
    const close = clockMinutes(session.close);
    if (now >= open && now < close) {
      const issuing = now < close - hours.lastTicketMinutesBeforeClose;
      return {
        phase: issuing ? 'issuing' : 'open-no-tickets',
        issuing,
        windowsOpen: true,
        sessions,
      };
    }
  }
  const last = sessions[sessions.length - 1];
  if (last && now >= clockMinutes(last.close)) {
    return { phase: 'after-close', issuing: false, windowsOpen: false, sessions };
  }
  return { phase: 'break', issuing: false, windowsOpen: false, sessions };
}

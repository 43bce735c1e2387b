/**
 * Local calendar time of the hall, computed from an instant (ms since the epoch) and an
 * IANA zone with Intl: pure, the instant is always passed in.
 */

export interface LocalTime {
  /** Local calendar day, YYYY-MM-DD: ticket numbers restart each day. */
  day: string;
  /** Minutes since local midnight. */
  minuteOfDay: number;
  /** 0 = Monday … 6 = Sunday. */
  weekday: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-CA', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      weekday: 'short',
      hourCycle: 'h23',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

const WEEKDAYS: Record<string, number> = { Mon: 0, Tue: 1, Wed: 2, Thu: 3, Fri: 4, Sat: 5, Sun: 6 };

/**
 * formatToParts costs tens of µs and a ticket needs it several times: the last answer per
 * zone is kept for its minute (zone offsets are whole minutes, so the minute decides it).
 */
const lastByZone = new Map<string, { minute: number; value: LocalTime }>();

export function localTime(at: number, timeZone: string): LocalTime {
  const minute = Math.floor(at / 60_000);
  const last = lastByZone.get(timeZone);
  if (last && last.minute === minute) return { ...last.value };
  const value = computeLocalTime(at, timeZone);
  lastByZone.set(timeZone, { minute, value });
  return { ...value };
}

function computeLocalTime(at: number, timeZone: string): LocalTime {
  const parts: Record<string, string> = {};
  for (const part of formatter(timeZone).formatToParts(new Date(at))) parts[part.type] = part.value;
  return {
    day: `${parts.year}-${parts.month}-${parts.day}`,
    minuteOfDay: Number(parts.hour) * 60 + Number(parts.minute),
    weekday: WEEKDAYS[parts.weekday ?? 'Mon'] ?? 0,
  };
}

export function clockMinutes(hhmm: string): number {
  return Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));
}

export function formatClock(minuteOfDay: number): string {
  const h = Math.floor(minuteOfDay / 60);
  const m = minuteOfDay % 60;
  return `${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}`;
}

import type { HallConfig, Ticket } from '../../../shared/src/domain';
import {
  estimateWorkload,
  type RecordedTicket,
  type WorkloadEstimate,
} from '../../../shared/src/sim/estimate-workload';
import { startOfDay, weekdayOf } from '../../../shared/src/supervision';
import type { Db } from '../store/db';

/**
 * The layout advisor's "past days": reads the tickets the hall recorded (the tickets table,
 * plus the first call and the cancellation from the event log) and estimates a workload
 * from them (shared/src/sim/estimate-workload.ts). Read-only: works on a live database or
 * on a copy opened read-only by `npm run advise -- --from-db`.
 */

/** The most days one estimate reads. */
export const MAX_ESTIMATE_DAYS = 120;

/** The last `count` days before `before` on which tickets were issued (working days). */
export function recordedDays(db: Db, before: string, count: number): string[] {
  const rows = db
    .prepare('SELECT DISTINCT day FROM tickets WHERE day < ? ORDER BY day DESC LIMIT ?')
    .all(before, Math.max(1, Math.min(MAX_ESTIMATE_DAYS, count))) as { day: string }[];
  return rows.map((r) => r.day).reverse();
}

/** The recorded tickets of those days, as the estimator's plain rows. */
export function readRecordedTickets(
  db: Db,
  days: readonly string[],
  timeZone: string,
): RecordedTicket[] {
  const query = db.prepare(
    `SELECT t.data,
       (SELECT MIN(at) FROM events e WHERE e.ticket_id = t.id AND e.type = 'ticket.called') AS first_called,
       (SELECT MIN(at) FROM events e WHERE e.ticket_id = t.id AND e.type = 'ticket.cancelled') AS cancelled_at
     FROM tickets t WHERE t.day = ?`,
  );
  const rows: RecordedTicket[] = [];
  const minutes = (ms: number) => ms / 60_000;
  for (const day of days) {
    const midnight = startOfDay(day, timeZone);
    for (const row of query.all(day) as {
      data: string;
      first_called: number | null;
      cancelled_at: number | null;
    }[]) {
      const t = JSON.parse(row.data) as Ticket;
      const served = t.status === 'done' && t.startedAt !== null && t.finishedAt !== null;
      const abandoned = t.status === 'cancelled' && row.first_called === null;
      rows.push({
        day,
        serviceId: t.serviceId,
        issuedMinute: minutes(t.issuedAt - midnight),
        channel: t.channel,
        priority: t.priority,
        serviceMinutes: served ? minutes((t.finishedAt as number) - (t.startedAt as number)) : null,
        walkMinutes:
          t.startedAt !== null && t.calledAt !== null ? minutes(t.startedAt - t.calledAt) : null,
        waitMinutes: row.first_called === null ? null : minutes(row.first_called - t.issuedAt),
        noShow: t.noShowAt !== null || t.status === 'no-show',
        returned: t.noShowReturns > 0,
        abandoned,
        abandonedAfterMinutes:
          abandoned && row.cancelled_at !== null ? minutes(row.cancelled_at - t.issuedAt) : null,
      });
    }
  }
  return rows;
}

/** The sessions of the weekday most of the days fall on (the hall's usual working day). */
export function usualSessions(
  config: HallConfig,
  days: readonly string[],
): HallConfig['hours']['weekly'][number] {
  const counts = new Map<number, number>();
  for (const day of days) counts.set(weekdayOf(day), (counts.get(weekdayOf(day)) ?? 0) + 1);
  const ranked = [...counts].sort((a, b) => b[1] - a[1] || a[0] - b[0]).map(([d]) => d);
  for (const weekday of [...ranked, 0, 1, 2, 3, 4, 5, 6]) {
    const sessions = config.hours.weekly[weekday];
    if (sessions && sessions.length > 0) return sessions;
  }
  return [{ open: '09:00', close: '17:00' }];
}

export interface RecordedWorkload extends WorkloadEstimate {
  /** How many days were asked for. */
  requestedDays: number;
}

/** Estimates the workload of the last `count` working days before `before`. */
export function estimateRecordedWorkload(
  db: Db,
  config: HallConfig,
  options: { before: string; days: number; binMinutes?: number },
): RecordedWorkload {
  const days = recordedDays(db, options.before, options.days);
  return estimateFrom(config, days, readRecordedTickets(db, days, config.timeZone), options);
}

/** The same in the server: one day read at a time, other work let in between. */
export async function estimateRecordedWorkloadAsync(
  db: Db,
  config: HallConfig,
  options: { before: string; days: number; binMinutes?: number },
): Promise<RecordedWorkload> {
  const days = recordedDays(db, options.before, options.days);
  const rows: RecordedTicket[] = [];
  for (const day of days) {
    rows.push(...readRecordedTickets(db, [day], config.timeZone));
    await new Promise<void>((resolve) => setImmediate(resolve));
  }
  return estimateFrom(config, days, rows, options);
}

function estimateFrom(
  config: HallConfig,
  days: string[],
  rows: RecordedTicket[],
  options: { days: number; binMinutes?: number },
): RecordedWorkload {
  const estimate = estimateWorkload(rows, {
    name: `${config.name} 近${days.length}个工作日`,
    sessions: usualSessions(config, days),
    lastTicketMinutesBeforeClose: config.hours.lastTicketMinutesBeforeClose,
    binMinutes: options.binMinutes ?? 30,
    days: days.length,
    serviceIds: config.services.map((s) => s.id),
  });
  return { ...estimate, requestedDays: options.days };
}

import type { DomainEvent } from '../domain/events';
import type { HallConfig } from '../domain/hall-config';
import { sessionsOn } from '../domain/opening-hours';
import { clockMinutes } from '../domain/local-time';
import { RATING_LEVELS, type RatingLevel } from '../domain/ticket';
import { addDays, daysBetween, startOfDay, weekdayOf, zonedInstant } from './time';
import { bundleReportTracker, type BundleReportRow } from './bundle-report';

/**
 * 电子监察 / 绩效考核 figures, computed from the event log (the audit trail) alone. Pure:
 * the server reads the rows and passes them in; the same function serves the API, the
 * exports and the reports page. docs/supervision.md defines every figure.
 */

export const REPORT_GROUPINGS = ['service', 'window', 'clerk', 'area'] as const;
export type ReportGrouping = (typeof REPORT_GROUPINGS)[number];

export interface ReportEventRow {
  seq: number;
  event: DomainEvent;
}

/** Where a window stood when the range began (from the last window event before it). */
export interface WindowStartState {
  windowId: string;
  status: 'closed' | 'open' | 'paused';
  clerkId: string | null;
}

export interface ReportInput {
  config: HallConfig;
  /** Local days of the hall, both included. */
  from: string;
  to: string;
  by: ReportGrouping;
  /**
   * In seq order: every event of the tickets issued on the days from..to, and every
   * window and day event from the start of `from` to the end of `to`.
   */
  events: readonly ReportEventRow[];
  windowsAtStart: readonly WindowStartState[];
  /** Time is counted up to now at the latest (a report of today). */
  now: number;
  /** Clerk id → what the report calls them (user name and masked name). */
  clerkLabels: Readonly<Record<string, string>>;
}

export type RatingCounts = Record<RatingLevel, number>;

export interface ReportRow {
  key: string;
  label: string;
  /** Tickets issued (取号量); null for windows and clerks, which are not issued to. */
  issued: number | null;
  /** Calls (叫号), including calls after a return or a transfer. */
  called: number;
  /** Tickets finished (办结). */
  served: number;
  noShows: number;
  /** Transfers and diversions away from this service, window or clerk. */
  transfers: number;
  cancelled: number;
  /** Issue → first call, minutes, one decimal; null when nobody was called. */
  waitMeanMinutes: number | null;
  /** 90th percentile of the same waits (nearest rank). */
  waitP90Minutes: number | null;
  /** Start (or call, when never started) → finish, minutes. */
  serviceMeanMinutes: number | null;
  /** Finished tickets whose service time exceeded the service's timeLimitMinutes. */
  timeLimitBreaches: number;
  /** Open with no ticket, within opening sessions; null for services. */
  idleMinutes: number | null;
  /** Paused, within opening sessions; null for services. */
  pauseMinutes: number | null;
  ratings: RatingCounts;
  ratingsTotal: number;
  /** 好评率: 非常满意 + 满意 + 基本满意 over all ratings, percent, one decimal. */
  goodRate: number | null;
}

export interface ReportDay {
  day: string;
  issued: number;
  served: number;
  noShows: number;
}

export interface Report {
  from: string;
  to: string;
  by: ReportGrouping;
  timeZone: string;
  hallName: string;
  rows: ReportRow[];
  total: ReportRow;
  days: ReportDay[];
  /** 一件事一次办 (bundle-report.ts): present when a bundle ticket was issued in the range. */
  bundles?: BundleReportRow[];
}

// ---- helpers ----------------------------------------------------------------------

const MINUTE = 60_000;

/** Minutes with one decimal, from milliseconds. */
export function roundMinutes(ms: number): number {
  return Math.round(ms / 6000) / 10;
}

/** Nearest-rank percentile of milliseconds, as rounded minutes; null for no values. */
export function percentileMinutes(values: readonly number[], p: number): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return roundMinutes(sorted[rank - 1] as number);
}

export function meanMinutes(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  return roundMinutes(values.reduce((a, b) => a + b, 0) / values.length);
}

export function emptyRatings(): RatingCounts {
  return Object.fromEntries(RATING_LEVELS.map((l) => [l, 0])) as RatingCounts;
}

export function goodRate(ratings: RatingCounts): number | null {
  const total = RATING_LEVELS.reduce((sum, l) => sum + ratings[l], 0);
  if (total === 0) return null;
  const good = ratings['very-satisfied'] + ratings.satisfied + ratings.basic;
  return Math.round((good * 1000) / total) / 10;
}

interface Acc {
  issued: number;
  called: number;
  served: number;
  noShows: number;
  transfers: number;
  cancelled: number;
  waits: number[];
  serviceTimes: number[];
  breaches: number;
  idleMs: number;
  pauseMs: number;
  ratings: RatingCounts;
}

function newAcc(): Acc {
  return {
    issued: 0,
    called: 0,
    served: 0,
    noShows: 0,
    transfers: 0,
    cancelled: 0,
    waits: [],
    serviceTimes: [],
    breaches: 0,
    idleMs: 0,
    pauseMs: 0,
    ratings: emptyRatings(),
  };
}

/** The opening sessions of the range as instants, in order. */
export function sessionIntervals(config: HallConfig, from: string, to: string): [number, number][] {
  const out: [number, number][] = [];
  for (const day of daysBetween(from, to)) {
    const sessions = sessionsOn(config.hours, { day, minuteOfDay: 0, weekday: weekdayOf(day) });
    for (const s of sessions) {
      out.push([
        zonedInstant(day, clockMinutes(s.open), config.timeZone),
        zonedInstant(day, clockMinutes(s.close), config.timeZone),
      ]);
    }
  }
  return out;
}

/** How much of [a, b) lies within the intervals. */
export function overlapMs(a: number, b: number, intervals: readonly [number, number][]): number {
  let total = 0;
  for (const [s, e] of intervals) {
    const lo = Math.max(a, s);
    const hi = Math.min(b, e);
    if (hi > lo) total += hi - lo;
  }
  return total;
}

// ---- the report ---------------------------------------------------------------------

interface TicketTrack {
  serviceId: string;
  day: string;
  issuedAt: number;
  firstCalled: boolean;
  lastCallAt: number | null;
  lastStartAt: number | null;
  clerkId: string | null;
}

interface WindowTrack {
  status: 'closed' | 'open' | 'paused';
  clerkId: string | null;
  current: string | null;
  since: number;
}

/** Builds a report from events fed in order, in as many batches as the caller likes. */
export interface ReportBuilder {
  add(events: readonly ReportEventRow[]): void;
  finish(): Report;
}

export function computeReport(input: ReportInput): Report {
  const builder = reportBuilder(input);
  builder.add(input.events);
  return builder.finish();
}

/**
 * The report, fed batch by batch (the server reads a day at a time and lets other work in
 * between, so a month's report never holds up a kiosk).
 */
export function reportBuilder(input: Omit<ReportInput, 'events'>): ReportBuilder {
  const { config, by } = input;
  const rangeStart = startOfDay(input.from, config.timeZone);
  const rangeEnd = Math.min(startOfDay(addDays(input.to, 1), config.timeZone), input.now);
  const sessions = sessionIntervals(config, input.from, input.to);
  const serviceArea = new Map(config.services.map((s) => [s.id, s.areaId]));
  const windowArea = new Map(config.windows.map((w) => [w.id, w.areaId]));
  const limits = new Map(config.services.map((s) => [s.id, s.timeLimitMinutes * MINUTE]));

  const groups = new Map<string, Acc>();
  const total = newAcc();
  const acc = (key: string): Acc => {
    let found = groups.get(key);
    if (!found) {
      found = newAcc();
      groups.set(key, found);
    }
    return found;
  };
  /** The accumulators an event counts in: its group (if this grouping has one) and the total. */
  const targets = (who: {
    serviceId?: string | null;
    windowId?: string | null;
    clerkId?: string | null;
  }): Acc[] => {
    let key: string | null | undefined;
    if (by === 'service') key = who.serviceId;
    else if (by === 'area')
      key = who.serviceId
        ? (serviceArea.get(who.serviceId) ?? `?${who.serviceId}`)
        : who.windowId
          ? (windowArea.get(who.windowId) ?? null)
          : null;
    else if (by === 'window') key = who.windowId;
    else key = who.windowId || who.clerkId ? (who.clerkId ?? '') : null;
    return key === null || key === undefined ? [total] : [acc(key), total];
  };

  const tickets = new Map<string, TicketTrack>();
  const windows = new Map<string, WindowTrack>();
  for (const w of config.windows) {
    const start = input.windowsAtStart.find((s) => s.windowId === w.id);
    windows.set(w.id, {
      status: start?.status ?? 'closed',
      clerkId: start?.status === 'closed' ? null : (start?.clerkId ?? null),
      current: null,
      since: rangeStart,
    });
  }
  const days = new Map<string, ReportDay>(
    daysBetween(input.from, input.to).map((d) => [d, { day: d, issued: 0, served: 0, noShows: 0 }]),
  );

  /** Counts the window's time since its last change, up to `at`, as idle or paused. */
  const advance = (windowId: string, at: number) => {
    const w = windows.get(windowId);
    if (!w) return;
    const lo = Math.max(w.since, rangeStart);
    const hi = Math.min(at, rangeEnd);
    if (hi > lo && w.status !== 'closed') {
      const ms = overlapMs(lo, hi, sessions);
      if (ms > 0) {
        const idle = w.status === 'open' && w.current === null;
        const paused = w.status === 'paused';
        if (idle || paused) {
          for (const a of targets({ windowId, clerkId: w.clerkId })) {
            if (idle) a.idleMs += ms;
            else a.pauseMs += ms;
          }
        }
      }
    }
    w.since = Math.max(w.since, at);
  };
  const setCurrent = (windowId: string | null, at: number, ticketId: string | null) => {
    if (!windowId || !windows.has(windowId)) return;
    advance(windowId, at);
    (windows.get(windowId) as WindowTrack).current = ticketId;
  };

  const bundleTracker = bundleReportTracker(config);
  let bundleTickets = 0;

  const add = (events: readonly ReportEventRow[]): void => {
    for (const { event } of events) {
      const at = event.at;
      bundleTracker.add(event);
      if (event.type === 'ticket.issued' && event.ticket.bundle) bundleTickets += 1;
      switch (event.type) {
        case 'day.started':
          for (const id of windows.keys()) setCurrent(id, at, null);
          break;
        case 'window.opened':
        case 'window.closed':
        case 'window.paused':
        case 'window.resumed': {
          const w = windows.get(event.windowId);
          if (!w) break;
          advance(event.windowId, at);
          if (event.type === 'window.opened') {
            w.status = 'open';
            w.clerkId = event.clerkId;
            w.current = null;
          } else if (event.type === 'window.closed') {
            w.status = 'closed';
            w.clerkId = null;
            w.current = null;
          } else w.status = event.type === 'window.paused' ? 'paused' : 'open';
          break;
        }
        case 'window.extended':
        case 'window.services-changed':
          break;
        case 'ticket.issued': {
          const t = event.ticket;
          tickets.set(t.id, {
            serviceId: t.serviceId,
            day: t.day,
            issuedAt: t.issuedAt,
            firstCalled: false,
            lastCallAt: null,
            lastStartAt: null,
            clerkId: null,
          });
          for (const a of targets({ serviceId: t.serviceId })) a.issued += 1;
          const d = days.get(t.day);
          if (d) d.issued += 1;
          break;
        }
        case 'ticket.called': {
          const t = tickets.get(event.ticketId);
          const clerkId = windows.get(event.windowId)?.clerkId ?? null;
          setCurrent(event.windowId, at, event.ticketId);
          if (!t) break;
          t.clerkId = clerkId;
          t.lastCallAt = at;
          t.lastStartAt = null;
          const to = targets({ serviceId: t.serviceId, windowId: event.windowId, clerkId });
          for (const a of to) {
            a.called += 1;
            if (!t.firstCalled) a.waits.push(at - t.issuedAt);
          }
          t.firstCalled = true;
          break;
        }
        case 'ticket.recalled':
          break;
        case 'ticket.started': {
          const t = tickets.get(event.ticketId);
          if (t) t.lastStartAt = at;
          break;
        }
        case 'ticket.finished': {
          setCurrent(event.windowId, at, null);
          const t = tickets.get(event.ticketId);
          if (!t) break;
          const serviceMs = at - (t.lastStartAt ?? t.lastCallAt ?? at);
          const limit = limits.get(t.serviceId);
          for (const a of targets({
            serviceId: t.serviceId,
            windowId: event.windowId,
            clerkId: t.clerkId,
          })) {
            a.served += 1;
            a.serviceTimes.push(serviceMs);
            if (limit !== undefined && serviceMs > limit) a.breaches += 1;
          }
          const d = days.get(t.day);
          if (d) d.served += 1;
          break;
        }
        case 'ticket.step-finished': {
          // 一件事一次办: the step counts as served for its service; the ticket goes on.
          if (!event.stay) setCurrent(event.windowId, at, null);
          const t = tickets.get(event.ticketId);
          if (!t) break;
          const serviceMs = at - (t.lastStartAt ?? t.lastCallAt ?? at);
          const limit = limits.get(t.serviceId);
          for (const a of targets({
            serviceId: t.serviceId,
            windowId: event.windowId,
            clerkId: t.clerkId,
          })) {
            a.served += 1;
            a.serviceTimes.push(serviceMs);
            if (limit !== undefined && serviceMs > limit) a.breaches += 1;
          }
          t.serviceId = event.nextServiceId;
          t.lastCallAt = event.stay ? at : null;
          t.lastStartAt = event.stay ? at : null;
          break;
        }
        case 'ticket.no-show': {
          setCurrent(event.windowId, at, null);
          const t = tickets.get(event.ticketId);
          if (!t) break;
          for (const a of targets({
            serviceId: t.serviceId,
            windowId: event.windowId,
            clerkId: t.clerkId,
          }))
            a.noShows += 1;
          const d = days.get(t.day);
          if (d) d.noShows += 1;
          break;
        }
        case 'ticket.returned': {
          const t = tickets.get(event.ticketId);
          if (t) {
            t.lastCallAt = null;
            t.lastStartAt = null;
          }
          break;
        }
        case 'ticket.transferred': {
          const fromClerk = event.fromWindowId
            ? (windows.get(event.fromWindowId)?.clerkId ?? null)
            : null;
          setCurrent(event.fromWindowId, at, null);
          const t = tickets.get(event.ticketId);
          if (!t) break;
          for (const a of targets({
            serviceId: event.fromServiceId,
            windowId: event.fromWindowId,
            clerkId: fromClerk,
          }))
            a.transfers += 1;
          t.serviceId = event.toServiceId;
          t.lastCallAt = null;
          t.lastStartAt = null;
          break;
        }
        case 'ticket.cancelled': {
          setCurrent(event.freedWindowId, at, null);
          const t = tickets.get(event.ticketId);
          if (!t) break;
          for (const a of targets({ serviceId: t.serviceId })) a.cancelled += 1;
          break;
        }
        case 'ticket.priority-set':
          break;
        case 'ticket.rated': {
          const t = tickets.get(event.ticketId);
          if (!t) break;
          for (const a of targets({
            serviceId: t.serviceId,
            windowId: event.windowId,
            clerkId: event.clerkId,
          }))
            a.ratings[event.level] += 1;
          break;
        }
      }
    }
  };

  const finish = (): Report => {
    for (const id of windows.keys()) advance(id, rangeEnd);

    const windowsMeasured = by === 'window' || by === 'clerk' || by === 'area';
    const row = (key: string, label: string, a: Acc): ReportRow => {
      const ratingsTotal = RATING_LEVELS.reduce((sum, l) => sum + a.ratings[l], 0);
      return {
        key,
        label,
        issued: by === 'window' || by === 'clerk' ? null : a.issued,
        called: a.called,
        served: a.served,
        noShows: a.noShows,
        transfers: a.transfers,
        cancelled: a.cancelled,
        waitMeanMinutes: meanMinutes(a.waits),
        waitP90Minutes: percentileMinutes(a.waits, 90),
        serviceMeanMinutes: meanMinutes(a.serviceTimes),
        timeLimitBreaches: a.breaches,
        idleMinutes: windowsMeasured ? roundMinutes(a.idleMs) : null,
        pauseMinutes: windowsMeasured ? roundMinutes(a.pauseMs) : null,
        ratings: { ...a.ratings },
        ratingsTotal,
        goodRate: goodRate(a.ratings),
      };
    };

    const keys: { key: string; label: string }[] = [];
    if (by === 'service') for (const s of config.services) keys.push({ key: s.id, label: s.name });
    else if (by === 'area') for (const a of config.areas) keys.push({ key: a.id, label: a.name });
    else if (by === 'window')
      for (const w of [...config.windows].sort((a, b) => a.number - b.number))
        keys.push({ key: w.id, label: `${w.number}号 ${w.name}` });
    const known = new Set(keys.map((k) => k.key));
    const others = [...groups.keys()]
      .filter((k) => !known.has(k))
      .map((k) => ({
        key: k,
        label: by === 'clerk' ? (k === '' ? '（未登记）' : (input.clerkLabels[k] ?? k)) : k,
      }))
      .sort((a, b) => a.label.localeCompare(b.label, 'zh-CN'));
    const rows = [...keys, ...others].map(({ key, label }) =>
      row(key, label, groups.get(key) ?? newAcc()),
    );
    // The total counts each event once, whether or not it belongs to a group (a guide's 分流
    // has no window); idle and pause time are those of every window.
    const totalRow = row('*', '合计', total);
    totalRow.issued = total.issued;
    if (!windowsMeasured) {
      totalRow.idleMinutes = null;
      totalRow.pauseMinutes = null;
    }
    return {
      from: input.from,
      to: input.to,
      by,
      timeZone: config.timeZone,
      hallName: config.name,
      rows,
      total: totalRow,
      days: [...days.values()],
      ...(bundleTickets > 0 ? { bundles: bundleTracker.finish() } : {}),
    };
  };

  return { add, finish };
}

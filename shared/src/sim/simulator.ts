import type { Command } from '../domain/commands';
import { estimateWaitMinutes, ticketsAhead } from '../domain/estimate';
import type { HallConfig, PriorityClass } from '../domain/hall-config';
import { HallCore } from '../domain/hall-core';
import { localTime } from '../domain/local-time';
import type { RoutingPolicy } from '../domain/routing';
import type { HallState } from '../domain/hall-state';
import type { Channel, Ticket } from '../domain/ticket';
import { EventQueue } from './heap';
import { generateDay, generatePauses, type DayStream, type StreamTicket } from './stream';
import { dayIntervals, type Workload } from './workload';

/**
 * A deterministic discrete-event simulation of one hall day. It drives the real HallCore
 * through its commands (open-window, issue, call-next, recall, start, finish, no-show,
 * return-no-show, cancel, pause, resume, close-window) with the simulated clock passed in,
 * so the routing under test is exactly the code the server runs.
 */

const MINUTE = 60_000;
/** Simulated day 0 is Monday 2026-03-02; day n is n calendar days later. */
const EPOCH_UTC_NOON = Date.UTC(2026, 2, 2, 12);
const DAY = 86_400_000;
/** The last simulated instant of a day (minutes after local midnight). */
const LAST_MINUTE = 24 * 60 - 0.1;

/** The instant of local midnight of simulated day `day` in the hall's zone. */
export function dayStart(timeZone: string, day: number): number {
  const noon = EPOCH_UTC_NOON + day * DAY;
  const local = localTime(noon, timeZone);
  // Local minute of day at 12:00 UTC gives the zone's offset that day.
  let offset = local.minuteOfDay - 12 * 60;
  if (offset > 14 * 60) offset -= 24 * 60;
  if (offset < -14 * 60) offset += 24 * 60;
  return noon - 12 * 60 * MINUTE - offset * MINUTE;
}

export type Outcome = 'served' | 'abandoned' | 'no-show' | 'left';

export interface TicketRecord {
  id: string;
  serviceId: string;
  channel: Channel;
  priority: PriorityClass | null;
  /** Minutes after local midnight. */
  arrival: number;
  /** Minutes from issue to the first call; null when never called. */
  wait: number | null;
  /**
   * Minutes spent waiting when never called: until abandoning, or until the hall closed
   * (left at close). Wait metrics count these too, so a policy cannot look better by
   * letting people leave.
   */
  waitedUncalled: number | null;
  outcome: Outcome;
  /** The core's estimate shown at issue (minutes), when recorded. */
  estimate: number | null;
  /** The naive estimate at issue: people ahead × mean service ÷ staffed windows serving it. */
  naive: number | null;
  /** The same over the service's own staffed windows only. */
  naiveOwn: number | null;
  /** Window that served it (or last called it). */
  windowId: string | null;
  /** Other estimators' values at issue (SimulateOptions.estimators), by name. */
  extra?: Record<string, number>;
  /** 一件事一次办 citizens: their steps, the waits of all of them, when the last finished. */
  bundle?: BundleRecord;
}

export interface BundleRecord {
  bundleId: string;
  steps: number;
  done: number;
  /** Minutes waited over every step: from the step falling due to its call. */
  totalWait: number;
  /** Steps served at the window of the step before, in the same sitting. */
  sameSitting: number;
  /** Minutes after local midnight when the last step finished; null: not all done. */
  finishedAt: number | null;
}

/** A wait estimator under study: same inputs as estimateWaitMinutes. */
export type Estimator = (state: HallState, serviceId: string, ahead: number) => number;

export interface WindowRecord {
  id: string;
  /** Minutes with a ticket called or in service. */
  busyMinutes: number;
  /** Minutes of the day's sessions: the denominator of utilisation. */
  sessionMinutes: number;
}

export interface DayResult {
  day: number;
  tickets: TicketRecord[];
  windows: WindowRecord[];
  /** Commands given to the core. */
  commands: number;
  /** The hall state at the end (or at `until`). */
  state: HallState;
}

export interface SimulateOptions {
  /** Record the core's wait estimate and the naive one at each issue. */
  estimates?: boolean;
  /** Pre-drawn stream (else drawn from workload, hall and seed). */
  stream?: DayStream;
  /** More estimators to record beside the core's (with estimates on). */
  estimators?: Record<string, Estimator>;
  /** Stop before the first event after this minute of the day (to look at the hall then). */
  until?: number;
  /**
   * 一件事一次办 citizens hold one bundle ticket that keeps its place from step to step
   * ('bundle', the default), or take a new ticket for each next step ('separate': what a
   * hall without bundles does), for comparison.
   */
  bundleMode?: 'bundle' | 'separate';
}

/**
 * The hall as the simulator runs it: its opening hours replaced by the workload's day
 * (every weekday, no holidays) and enforced, as the server enforces them. The simulator
 * opens and closes the windows itself, and flags them extended (延时办) for sessions whose
 * waiting tickets are served past the close.
 */
export function simulationHall(hall: HallConfig, workload: Workload): HallConfig {
  const day = workload.day.sessions.map((s) => ({ open: s.open, close: s.close }));
  return {
    ...hall,
    hours: {
      weekly: [day, day, day, day, day, day, day],
      lastTicketMinutesBeforeClose: workload.day.lastTicketMinutesBeforeClose,
      holidays: [],
      extraWorkdays: [],
      enforce: true,
    },
  };
}

const enum Kind {
  Arrive,
  Show,
  Finish,
  Recall,
  NoShow,
  Return,
  Abandon,
  PauseRequest,
  Resume,
  SessionOpen,
  SessionClose,
  OvertimeEnd,
}

interface SimEvent {
  kind: Kind;
  /** Ticket index, window index or session index. */
  index: number;
  minutes?: number;
}

type Phase = 'before' | 'serving' | 'closing' | 'closed';

interface SimWindow {
  id: string;
  index: number;
  status: 'closed' | 'idle' | 'busy' | 'paused';
  idleSince: number;
  pendingPause: number | null;
  busyFrom: number;
  busyMinutes: number;
  ticket: number;
  rank: Map<string, number>;
}

/**
 * Runs one day of `stream` (or the stream of `day` drawn from the seed) at `hall` under
 * `policy`. A fresh HallCore and the given policy instance: pass a new instance per day.
 */
export function simulateDay(
  hall: HallConfig,
  workload: Workload,
  policy: RoutingPolicy,
  seed: number,
  day: number,
  options: SimulateOptions = {},
): DayResult {
  const config = simulationHall(hall, workload);
  const core = new HallCore(config, policy);
  const stream = options.stream ?? generateDay(workload, hall, seed, day);
  const tickets: readonly StreamTicket[] = stream.tickets;
  const start = dayStart(config.timeZone, day);
  const at = (minutes: number): number => start + Math.round(minutes * MINUTE);
  const { open: sessions } = dayIntervals(workload);
  const sessionMinutes = sessions.reduce((sum, s) => sum + s.end - s.start, 0);
  const slowdown = workload.serviceTime.flexibleSlowdown;

  let commands = 0;
  const run = (command: Command, minutes: number) => {
    commands += 1;
    const now = at(minutes);
    try {
      const events = core.decide(command, now);
      for (const event of events) core.apply(event);
      return events;
    } catch (error) {
      throw new Error(
        `simulator: ${command.type} refused at minute ${minutes.toFixed(2)}: ${String(error)}`,
      );
    }
  };
  for (const event of core.rollover(at(0))) core.apply(event);

  const records: TicketRecord[] = tickets.map((t) => ({
    id: t.id,
    serviceId: t.serviceId,
    channel: t.channel,
    priority: t.priority,
    arrival: t.arrival,
    wait: null,
    waitedUncalled: null,
    outcome: 'left',
    estimate: null,
    naive: null,
    naiveOwn: null,
    windowId: null,
  }));
  const indexOf = new Map<string, number>(tickets.map((t, i) => [t.id, i]));
  const bundleMode = options.bundleMode ?? 'bundle';
  // 一件事一次办: each citizen's step, when it fell due, whether it has been called, and
  // (separate mode) the id of the ticket they hold now.
  const stepOf = new Uint16Array(tickets.length);
  const stepDue = new Float64Array(tickets.length);
  const stepCalled = new Uint8Array(tickets.length);
  const coreId = tickets.map((t) => t.id);
  tickets.forEach((t, i) => {
    stepDue[i] = t.arrival;
    const record = records[i] as TicketRecord;
    if (t.bundleId && t.steps)
      record.bundle = {
        bundleId: t.bundleId,
        steps: t.steps.length,
        done: 0,
        totalWait: 0,
        sameSitting: 0,
        finishedAt: null,
      };
  });
  /** Minutes the window spends on its ticket's current step (slower off its own services). */
  const stepMinutes = (w: SimWindow): number => {
    const index = w.ticket;
    const ticket = tickets[index] as StreamTicket;
    const minutes =
      ticket.steps?.[stepOf[index] as number]?.serviceMinutes ?? ticket.serviceMinutes;
    const rank = w.rank.get(core.state.tickets.get(coreId[index] as string)?.serviceId ?? '') ?? 0;
    return minutes * (rank > 0 ? slowdown : 1);
  };
  const noShowDone = new Uint8Array(tickets.length);
  const windows: SimWindow[] = config.windows.map((w, index) => ({
    id: w.id,
    index,
    status: 'closed',
    idleSince: 0,
    pendingPause: null,
    busyFrom: 0,
    busyMinutes: 0,
    ticket: -1,
    rank: new Map(w.services.map((s, r) => [s, r])),
  }));
  const byService = new Map<string, SimWindow[]>();
  for (const w of windows) {
    for (const s of w.rank.keys()) {
      const list = byService.get(s) ?? [];
      list.push(w);
      byService.set(s, list);
    }
  }

  const queue = new EventQueue<SimEvent>();
  /** Schedules an event; the simulated day ends before local midnight (later events happen at 23:59.9). */
  const schedule = (time: number, item: SimEvent) => queue.push(Math.min(time, LAST_MINUTE), item);
  tickets.forEach((t, index) => schedule(t.arrival, { kind: Kind.Arrive, index }));
  sessions.forEach((s, index) => {
    schedule(s.start, { kind: Kind.SessionOpen, index });
    schedule(s.end, { kind: Kind.SessionClose, index });
  });
  windows.forEach((w) => {
    for (const p of generatePauses(workload, w.id, seed, day)) {
      schedule(p.at, { kind: Kind.PauseRequest, index: w.index, minutes: p.minutes });
    }
  });

  let phase: Phase = 'before';
  let lastTime = 0;
  let session = -1;
  const lastSession = sessions.length - 1;

  const closeWindow = (w: SimWindow, t: number) => {
    if (w.status === 'closed') return;
    run({ type: 'close-window', windowId: w.id }, t);
    w.status = 'closed';
  };

  /** A free window asks for its next ticket; true when it got one. */
  const tryCall = (w: SimWindow, t: number): boolean => {
    if (phase === 'closed' || phase === 'before') {
      closeWindow(w, t);
      return false;
    }
    const events = run({ type: 'call-next', windowId: w.id }, t);
    const called = events.find((e) => e.type === 'ticket.called');
    if (!called || called.type !== 'ticket.called') {
      if (phase === 'closing') closeWindow(w, t);
      else if (w.status !== 'idle') {
        w.status = 'idle';
        w.idleSince = t;
      }
      return false;
    }
    const index = indexOf.get(called.ticketId) as number;
    const ticket = tickets[index] as StreamTicket;
    const record = records[index] as TicketRecord;
    if (record.wait === null) record.wait = t - ticket.arrival;
    if (record.bundle && !stepCalled[index]) {
      record.bundle.totalWait += t - (stepDue[index] as number);
      stepCalled[index] = 1;
    }
    record.windowId = w.id;
    w.status = 'busy';
    w.ticket = index;
    w.busyFrom = t;
    if (ticket.noShow && !noShowDone[index]) {
      schedule(t + workload.noShow.recallAfterMinutes, { kind: Kind.Recall, index: w.index });
    } else {
      schedule(t + workload.walkMinutes, { kind: Kind.Show, index: w.index });
    }
    return true;
  };

  const freed = (w: SimWindow, t: number) => {
    w.busyMinutes += t - w.busyFrom;
    w.ticket = -1;
    w.status = 'idle';
    w.idleSince = t;
    if (w.pendingPause !== null && phase === 'serving') {
      run({ type: 'pause', windowId: w.id, reason: '暂离' }, t);
      w.status = 'paused';
      schedule(t + w.pendingPause, { kind: Kind.Resume, index: w.index });
      w.pendingPause = null;
      return;
    }
    w.pendingPause = null;
    tryCall(w, t);
  };

  /** Idle windows that may serve `serviceId`, own windows first, then the longest idle. */
  const poll = (serviceId: string, ticketId: string, t: number) => {
    const candidates = (byService.get(serviceId) ?? []).filter((w) => w.status === 'idle');
    if (candidates.length === 0) return;
    candidates.sort(
      (a, b) =>
        (a.rank.get(serviceId) as number) - (b.rank.get(serviceId) as number) ||
        a.idleSince - b.idleSince ||
        a.index - b.index,
    );
    for (const w of candidates) {
      if (w.status !== 'idle') continue;
      tryCall(w, t);
      if (core.state.tickets.get(ticketId)?.status !== 'waiting') return;
    }
  };

  /**
   * The naive estimates: people ahead × the configured mean service ÷ windows. `naive`
   * divides by every staffed window that serves the service (what a system that knows only
   * which windows may call a ticket shows); `naiveOwn` by the service's own staffed windows
   * (those that list it first; any serving it when it has none): the stronger baseline.
   */
  const naiveEstimates = (serviceId: string, ahead: number): [number, number] => {
    let own = 0;
    let any = 0;
    for (const w of byService.get(serviceId) ?? []) {
      if (w.status === 'closed') continue;
      any += 1;
      if (w.rank.get(serviceId) === 0) own += 1;
    }
    const mean = config.services.find((s) => s.id === serviceId)?.expectedMinutes ?? 10;
    return [(ahead * mean) / Math.max(1, any), (ahead * mean) / Math.max(1, own > 0 ? own : any)];
  };

  for (;;) {
    if (options.until !== undefined && queue.peekTime() > options.until) break;
    const next = queue.pop();
    if (!next) break;
    const t = next.time;
    lastTime = t;
    const { kind, index } = next.item;
    switch (kind) {
      case Kind.Arrive: {
        const ticket = tickets[index] as StreamTicket;
        const asBundle = ticket.bundleId !== undefined && bundleMode === 'bundle';
        run(
          {
            type: 'issue',
            ticketId: ticket.id,
            serviceId: ticket.serviceId,
            channel: ticket.channel,
            priority: ticket.priority,
            ...(asBundle
              ? {
                  bundleId: ticket.bundleId,
                  bundleSteps: (ticket.steps ?? []).map((s) => s.serviceId),
                }
              : {}),
          },
          t,
        );
        if (options.estimates) {
          const issued = core.state.tickets.get(ticket.id) as Ticket;
          const ahead = ticketsAhead(core.state, issued);
          const record = records[index] as TicketRecord;
          record.estimate = estimateWaitMinutes(core.state, ticket.serviceId, ahead);
          [record.naive, record.naiveOwn] = naiveEstimates(ticket.serviceId, ahead);
          if (options.estimators) {
            record.extra = {};
            for (const [name, estimator] of Object.entries(options.estimators))
              record.extra[name] = estimator(core.state, ticket.serviceId, ahead);
          }
        }
        policy.observeIssued?.({
          config,
          state: core.state,
          ticket: core.state.tickets.get(ticket.id) as Ticket,
          now: at(t),
        });
        if (ticket.patience !== null) {
          schedule(abandonAt(ticket.arrival, ticket.patience), { kind: Kind.Abandon, index });
        }
        poll(ticket.serviceId, ticket.id, t);
        break;
      }
      case Kind.Show: {
        const w = windows[index] as SimWindow;
        run({ type: 'start', windowId: w.id }, t);
        schedule(t + stepMinutes(w), { kind: Kind.Finish, index });
        break;
      }
      case Kind.Finish: {
        const w = windows[index] as SimWindow;
        const events = run({ type: 'finish', windowId: w.id }, t);
        const ticketIndex = w.ticket;
        const ticket = tickets[ticketIndex] as StreamTicket;
        const record = records[ticketIndex] as TicketRecord;
        const steps = ticket.steps ?? [];
        if (record.bundle) {
          record.bundle.done += 1;
          const step = events.find((e) => e.type === 'ticket.step-finished');
          const more = (stepOf[ticketIndex] as number) + 1 < steps.length;
          if (more) {
            stepOf[ticketIndex] = (stepOf[ticketIndex] as number) + 1;
            stepDue[ticketIndex] = t;
            stepCalled[ticketIndex] = 0;
          } else record.bundle.finishedAt = t;
          if (step?.type === 'ticket.step-finished' && step.stay) {
            // The 一件事 window goes straight on with the next step.
            record.bundle.sameSitting += 1;
            stepCalled[ticketIndex] = 1;
            schedule(t + stepMinutes(w), { kind: Kind.Finish, index });
            break;
          }
          if (step?.type === 'ticket.step-finished') {
            freed(w, t);
            poll(step.nextServiceId, ticket.id, t);
            break;
          }
          if (more) {
            // Without bundles: a new ticket for the next step, from the back of its queue.
            const next = steps[stepOf[ticketIndex] as number] as { serviceId: string };
            const id = `${ticket.id}~${stepOf[ticketIndex]}`;
            freed(w, t);
            commands += 1;
            try {
              const issue = { type: 'issue', ticketId: id, serviceId: next.serviceId } as const;
              for (const e of core.decide({ ...issue, channel: 'kiosk' }, at(t))) core.apply(e);
            } catch {
              // Tickets are no longer issued today (or the person's cap): the rest is left.
              break;
            }
            coreId[ticketIndex] = id;
            indexOf.set(id, ticketIndex);
            poll(next.serviceId, id, t);
            break;
          }
        }
        record.outcome = 'served';
        freed(w, t);
        break;
      }
      case Kind.Recall: {
        const w = windows[index] as SimWindow;
        run({ type: 'recall', windowId: w.id }, t);
        schedule(t + workload.noShow.recallAfterMinutes, { kind: Kind.NoShow, index });
        break;
      }
      case Kind.NoShow: {
        const w = windows[index] as SimWindow;
        const ticketIndex = w.ticket;
        run({ type: 'no-show', windowId: w.id }, t);
        noShowDone[ticketIndex] = 1;
        const ticket = tickets[ticketIndex] as StreamTicket;
        (records[ticketIndex] as TicketRecord).outcome = 'no-show';
        if (ticket.returnAfter !== null) {
          schedule(t + ticket.returnAfter, { kind: Kind.Return, index: ticketIndex });
        }
        freed(w, t);
        break;
      }
      case Kind.Return: {
        const ticket = tickets[index] as StreamTicket;
        run({ type: 'return-no-show', ticketId: ticket.id }, t);
        (records[index] as TicketRecord).outcome = 'left';
        poll(ticket.serviceId, ticket.id, t);
        break;
      }
      case Kind.Abandon: {
        const ticket = tickets[index] as StreamTicket;
        const state = core.state.tickets.get(ticket.id);
        if (state?.status === 'waiting' && (records[index] as TicketRecord).wait === null) {
          run({ type: 'cancel', ticketId: ticket.id, reason: 'abandoned' }, t);
          (records[index] as TicketRecord).outcome = 'abandoned';
          (records[index] as TicketRecord).waitedUncalled = t - ticket.arrival;
        }
        break;
      }
      case Kind.PauseRequest: {
        const w = windows[index] as SimWindow;
        if (phase !== 'serving' || w.pendingPause !== null) break;
        const minutes = next.item.minutes ?? 0;
        if (w.status === 'idle') {
          run({ type: 'pause', windowId: w.id, reason: '暂离' }, t);
          w.status = 'paused';
          schedule(t + minutes, { kind: Kind.Resume, index });
        } else if (w.status === 'busy') {
          w.pendingPause = minutes;
        }
        break;
      }
      case Kind.Resume: {
        const w = windows[index] as SimWindow;
        if (w.status !== 'paused') break;
        run({ type: 'resume', windowId: w.id }, t);
        w.status = 'idle';
        w.idleSince = t;
        tryCall(w, t);
        break;
      }
      case Kind.SessionOpen: {
        phase = 'serving';
        session = index;
        const extend = index === lastSession || workload.day.lunch === 'extend';
        for (const w of windows) {
          if (w.status === 'closed') {
            run(
              { type: 'open-window', windowId: w.id, clerkId: `c-${w.id}`, clerkName: '王五' },
              t,
            );
            w.status = 'idle';
            w.idleSince = t;
          }
          if (extend) run({ type: 'set-extended', windowId: w.id, on: true }, t);
        }
        for (const w of windows) if (w.status === 'idle') tryCall(w, t);
        break;
      }
      case Kind.SessionClose: {
        if (index !== session) break;
        const extend = index === lastSession || workload.day.lunch === 'extend';
        phase = extend ? 'closing' : 'closed';
        if (extend) {
          schedule(t + workload.day.overtimeMinutes, { kind: Kind.OvertimeEnd, index });
        }
        for (const w of windows) {
          w.pendingPause = null;
          if (w.status === 'idle') closeWindow(w, t);
        }
        break;
      }
      case Kind.OvertimeEnd: {
        if (index !== session || phase !== 'closing') break;
        phase = 'closed';
        for (const w of windows) if (w.status === 'idle') closeWindow(w, t);
        break;
      }
    }
  }

  /** When a citizen gives up: patience counts waiting while the hall is open (not the lunch break). */
  function abandonAt(arrival: number, patience: number): number {
    let t = arrival;
    let left = patience;
    for (let i = 0; i < sessions.length; i += 1) {
      const s = sessions[i] as { start: number; end: number };
      const next = sessions[i + 1];
      const breakEnd = next ? next.start : Infinity;
      const openEnd = workload.day.lunch === 'carry-over' && next ? s.end : breakEnd;
      if (t >= breakEnd) continue;
      if (t < s.start) t = s.start;
      if (t + left <= openEnd) return t + left;
      left -= openEnd - t;
      t = breakEnd;
    }
    return t + left;
  }

  records.forEach((record, i) => {
    if (record.outcome === 'left' && record.wait === null)
      record.waitedUncalled = Math.max(0, lastTime - record.arrival);
    // A bundle step never called was waited for until the hall closed.
    if (record.bundle && record.bundle.finishedAt === null && !stepCalled[i])
      record.bundle.totalWait += Math.max(0, lastTime - (stepDue[i] as number));
  });

  return {
    day,
    tickets: records,
    windows: windows.map((w) => ({ id: w.id, busyMinutes: w.busyMinutes, sessionMinutes })),
    commands,
    state: core.state,
  };
}

import fc from 'fast-check';
import type { Command, PersonRef } from './commands';
import { HallError } from './errors';
import type { DomainEvent } from './events';
import { PRIORITY_CLASSES, type HallConfig, type PriorityClass } from './hall-config';
import { parseHallConfig } from './hall-config-validate';
import { HallCore } from './hall-core';
import { HallState } from './hall-state';
import { localTime } from './local-time';
import { balancedPolicy, fifoPolicy, type RoutingPolicy } from './routing';
import { CHANNELS, type Channel, type Ticket } from './ticket';

const MIN = 60_000;
const ZONE = 'Asia/Shanghai';
/** Monday 2026-11-23, local midnight in Asia/Shanghai (UTC+8). */
const MONDAY_MIDNIGHT = Date.UTC(2026, 10, 22, 16, 0);
const WORKDAY = [
  { open: '09:00', close: '12:00' },
  { open: '14:30', close: '17:30' },
];

function hall(enforce: boolean, routing: 'fifo' | 'balanced'): HallConfig {
  return parseHallConfig({
    id: 'prop-hall',
    name: 'Property hall',
    areas: [{ id: 'main', name: 'Main' }],
    services: [
      {
        id: 'a',
        name: 'A',
        areaId: 'main',
        prefix: 'A',
        expectedMinutes: 10,
        timeLimitMinutes: 30,
      },
      { id: 'b', name: 'B', areaId: 'main', prefix: 'B', expectedMinutes: 6, timeLimitMinutes: 30 },
      {
        id: 'c',
        name: 'C',
        areaId: 'main',
        prefix: 'CX',
        expectedMinutes: 15,
        timeLimitMinutes: 60,
        digits: 4,
      },
    ],
    windows: [
      { id: 'w1', number: 1, name: '1', kind: 'specialised', areaId: 'main', services: ['a'] },
      { id: 'w2', number: 2, name: '2', kind: 'specialised', areaId: 'main', services: ['a'] },
      { id: 'w3', number: 3, name: '3', kind: 'specialised', areaId: 'main', services: ['b'] },
      {
        id: 'w4',
        number: 4,
        name: '4',
        kind: 'comprehensive',
        areaId: 'main',
        services: ['c', 'a', 'b'],
      },
      { id: 'w5', number: 5, name: '5', kind: 'help', areaId: 'main', services: ['b', 'c'] },
    ],
    hours: { weekly: [WORKDAY, WORKDAY, WORKDAY, WORKDAY, WORKDAY, [], []], enforce },
    rules: { noShowGraceMinutes: 30, noShowMaxReturns: 1, dailyCapPerPerson: 3, maxRecalls: 2 },
    routingPolicy: routing,
    // 一件事一次办: w4 serves every step of "abc" (one sitting); "ba" goes window to window.
    bundles: [
      {
        id: 'abc',
        name: 'ABC',
        steps: [{ serviceId: 'a' }, { serviceId: 'b', optional: true }, { serviceId: 'c' }],
      },
      { id: 'ba', name: 'BA', steps: [{ serviceId: 'b' }, { serviceId: 'a', optional: true }] },
    ],
  });
}

const PERSONS: PersonRef[] = [
  { key: 'p0', birthDate: '1950-03-01' }, // elderly
  { key: 'p1', birthDate: '1990-01-01' },
  { key: 'p2', birthDate: '1985-07-15' },
  { key: 'p3', birthDate: '1961-11-23' }, // turns 65 on the Monday
];

// ---- random operations, resolved against the hall as it is when they run ------------

type Op =
  | {
      op: 'issue';
      service: number;
      priority: PriorityClass | null;
      person: number | null;
      channel: Channel;
    }
  | { op: 'open'; window: number; clerk: number }
  | { op: 'close'; window: number }
  | {
      op: 'at-window';
      type: 'call-next' | 'recall' | 'start' | 'finish' | 'no-show';
      window: number;
    }
  | { op: 'transfer'; window: number; toService: number | null; toWindow: number | null }
  | { op: 'divert'; ticket: number; toService: number | null; toWindow: number | null }
  | { op: 'return-no-show'; ticket: number }
  | { op: 'cancel'; ticket: number }
  | { op: 'set-priority'; ticket: number; priority: PriorityClass | null }
  | { op: 'pause'; window: number }
  | { op: 'resume'; window: number }
  | { op: 'extend'; window: number; on: boolean }
  | { op: 'issue-bundle'; bundle: number; all: boolean; person: number | null }
  | { op: 'add-step' | 'skip-step'; window: number; service: number };

/** Indices one past the end stand for an id the hall does not know. */
const serviceIndex = fc.integer({ min: 0, max: 3 });
const windowIndex = fc.oneof(
  { arbitrary: fc.integer({ min: 0, max: 4 }), weight: 12 },
  { arbitrary: fc.constant(5), weight: 1 },
);
const ticketIndex = fc.nat({ max: 1000 });
const priority = fc.option(fc.constantFrom(...PRIORITY_CLASSES), { nil: null, freq: 3 });
const target = fc.option(fc.integer({ min: 0, max: 5 }), { nil: null });

const opArb: fc.Arbitrary<Op> = fc.oneof(
  {
    weight: 8,
    arbitrary: fc.record({
      op: fc.constant('issue' as const),
      service: fc.oneof(
        { arbitrary: fc.integer({ min: 0, max: 2 }), weight: 15 },
        { arbitrary: serviceIndex, weight: 1 },
      ),
      priority,
      person: fc.option(fc.integer({ min: 0, max: PERSONS.length - 1 }), { nil: null }),
      channel: fc.constantFrom(...CHANNELS),
    }),
  },
  {
    weight: 4,
    arbitrary: fc.record({
      op: fc.constant('open' as const),
      window: windowIndex,
      clerk: fc.integer({ min: 0, max: 1 }),
    }),
  },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('close' as const), window: windowIndex }) },
  {
    weight: 12,
    arbitrary: fc.record({
      op: fc.constant('at-window' as const),
      type: fc.constantFrom(
        'call-next' as const,
        'call-next' as const,
        'recall' as const,
        'start' as const,
        'finish' as const,
        'no-show' as const,
      ),
      window: windowIndex,
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      op: fc.constant('transfer' as const),
      window: windowIndex,
      toService: target,
      toWindow: target,
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      op: fc.constant('divert' as const),
      ticket: ticketIndex,
      toService: target,
      toWindow: target,
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({ op: fc.constant('return-no-show' as const), ticket: ticketIndex }),
  },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('cancel' as const), ticket: ticketIndex }) },
  {
    weight: 1,
    arbitrary: fc.record({
      op: fc.constant('set-priority' as const),
      ticket: ticketIndex,
      priority,
    }),
  },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('pause' as const), window: windowIndex }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('resume' as const), window: windowIndex }) },
  {
    weight: 1,
    arbitrary: fc.record({
      op: fc.constant('extend' as const),
      window: windowIndex,
      on: fc.boolean(),
    }),
  },
  {
    weight: 4,
    arbitrary: fc.record({
      op: fc.constant('issue-bundle' as const),
      bundle: fc.integer({ min: 0, max: 2 }),
      all: fc.boolean(),
      person: fc.option(fc.integer({ min: 0, max: PERSONS.length - 1 }), { nil: null }),
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      op: fc.constantFrom('add-step' as const, 'skip-step' as const),
      window: windowIndex,
      service: serviceIndex,
    }),
  },
);

const stepArb = fc.record({
  advance: fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 6 * MIN })),
  op: opArb,
});

class Driver {
  readonly core: HallCore;
  /** Every event the core emitted, in order: what a store would have persisted. */
  readonly log: DomainEvent[] = [];
  /** A second state fed the same events as they come. */
  readonly replica: HallState;
  /** Ids of every ticket issued today. */
  readonly issued: string[] = [];
  private issueSeq = 0;

  constructor(
    readonly config: HallConfig,
    policy: RoutingPolicy,
  ) {
    this.core = new HallCore(config, policy);
    this.replica = new HallState(config);
  }

  private serviceId(index: number | null): string | null {
    if (index === null) return null;
    return this.config.services[index]?.id ?? 'no-such-service';
  }

  private windowId(index: number | null): string | null {
    if (index === null) return null;
    return this.config.windows[index]?.id ?? 'no-such-window';
  }

  /**
   * A ticket of today, mostly one in the status the command needs (so that returns and
   * diverts get exercised), sometimes any, sometimes one the hall does not know.
   */
  private ticketId(index: number, wanted: Ticket['status']): string {
    if (index % 4 !== 0) {
      const fitting = this.issued.filter(
        (id) => this.core.state.tickets.get(id)?.status === wanted,
      );
      const id = fitting[index % Math.max(1, fitting.length)];
      if (id) return id;
    }
    return this.issued[index % (this.issued.length + 1)] ?? 'no-such-ticket';
  }

  command(op: Op): Command {
    const w = (i: number) => this.windowId(i) as string;
    switch (op.op) {
      case 'issue':
        this.issueSeq += 1;
        return {
          type: 'issue',
          ticketId: `t${this.issueSeq}`,
          serviceId: this.serviceId(op.service) as string,
          channel: op.channel,
          priority: op.priority,
          person: op.person === null ? null : (PERSONS[op.person] ?? null),
        };
      case 'open':
        return {
          type: 'open-window',
          windowId: w(op.window),
          clerkId: `clerk${op.clerk}`,
          clerkName: '张三',
        };
      case 'close':
        return { type: 'close-window', windowId: w(op.window) };
      case 'at-window':
        return { type: op.type, windowId: w(op.window) };
      case 'transfer':
        return {
          type: 'transfer',
          windowId: w(op.window),
          toServiceId: this.serviceId(op.toService),
          toWindowId: this.windowId(op.toWindow),
        };
      case 'divert':
        return {
          type: 'divert',
          ticketId: this.ticketId(op.ticket, 'waiting'),
          toServiceId: this.serviceId(op.toService),
          toWindowId: this.windowId(op.toWindow),
        };
      case 'return-no-show':
        return { type: 'return-no-show', ticketId: this.ticketId(op.ticket, 'no-show') };
      case 'cancel':
        return { type: 'cancel', ticketId: this.ticketId(op.ticket, 'waiting'), reason: 'left' };
      case 'set-priority':
        return {
          type: 'set-priority',
          ticketId: this.ticketId(op.ticket, 'waiting'),
          priority: op.priority,
        };
      case 'pause':
        return { type: 'pause', windowId: w(op.window), reason: '暂离' };
      case 'resume':
        return { type: 'resume', windowId: w(op.window) };
      case 'extend':
        return { type: 'set-extended', windowId: w(op.window), on: op.on };
      case 'issue-bundle':
        this.issueSeq += 1;
        return {
          type: 'issue',
          ticketId: `t${this.issueSeq}`,
          serviceId: '',
          bundleId: this.config.bundles[op.bundle]?.id ?? 'no-such-bundle',
          bundleSteps: op.all ? null : [],
          channel: 'kiosk',
          person: op.person === null ? null : (PERSONS[op.person] ?? null),
        };
      case 'add-step':
      case 'skip-step':
        return {
          type: op.op,
          windowId: w(op.window),
          serviceId: this.serviceId(op.service) as string,
        };
    }
  }

  /** Bundle steps served so far, ticket:service: none may be served twice. */
  readonly servedSteps = new Set<string>();

  private record(events: readonly DomainEvent[]): void {
    for (const event of events) {
      if (event.type === 'ticket.finished' || event.type === 'ticket.step-finished') {
        const ticket = this.replica.tickets.get(event.ticketId);
        if (ticket?.bundle) {
          const key = `${ticket.id}:${ticket.serviceId}`;
          if (this.servedSteps.has(key)) fail(`bundle step ${key} was served twice`);
          this.servedSteps.add(key);
          if (event.type === 'ticket.step-finished' && event.serviceId !== ticket.serviceId)
            fail(`${key}: the step finished is not the current one`);
        }
      }
      if (event.type === 'day.started') this.servedSteps.clear();
      this.log.push(event);
      this.replica.apply(event);
      if (event.type === 'day.started') this.issued.length = 0;
      if (event.type === 'ticket.issued') this.issued.push(event.ticket.id);
    }
  }

  /**
   * Starts the day explicitly, as the server does (rollover, persist, apply): execute()
   * applies a day.started event before deciding, so it would be lost to the log when the
   * command itself is refused.
   */
  startDayIfNeeded(now: number): void {
    const events = this.core.rollover(now);
    for (const event of events) this.core.apply(event);
    this.record(events);
  }

  /** Runs one command; a HallError is a normal outcome (returns null), anything else fails. */
  run(command: Command, now: number): DomainEvent[] | null {
    this.startDayIfNeeded(now);
    const before = snapshot(this.core.state);
    let events: DomainEvent[];
    try {
      events = this.core.execute(command, now);
    } catch (error) {
      if (!(error instanceof HallError)) throw error;
      // A refusal changes nothing.
      if (snapshot(this.core.state) !== before) expect(snapshot(this.core.state)).toBe(before);
      return null;
    }
    this.record(events);
    return events;
  }
}

/** Everything observable about a state, as a string: for "nothing changed" checks. */
function snapshot(state: HallState): string {
  return JSON.stringify(view(state));
}

/** A plain view of a state: tickets, windows, counters and every queue. */
function view(state: HallState) {
  return {
    day: state.day,
    counters: [...state.counters.entries()].sort(),
    tickets: [...state.tickets.entries()].sort(([x], [y]) => x.localeCompare(y)),
    windows: [...state.windows.entries()],
    byService: state.config.services.map((s) => [s.id, state.waiting(s.id).map((t) => t.id)]),
    byWindow: state.config.windows.map((w) => [
      w.id,
      state.waitingForWindow(w.id).map((t) => t.id),
    ]),
  };
}

function fail(message: string): never {
  throw new Error(message);
}

/** The invariants that hold after every step. */
function checkInvariants(driver: Driver, previousCounters: Map<string, number>): void {
  const state = driver.core.state;
  const { config } = driver;
  const tickets = [...state.tickets.values()];

  // Numbers: unique within the day, and the counters are the highest number issued.
  const numbers = tickets.map((t) => t.number);
  if (new Set(numbers).size !== numbers.length)
    fail(`a number appears twice: ${numbers.join(' ')}`);
  const highest = new Map<string, number>();
  for (const number of numbers) {
    const prefix = number.replace(/\d+$/, '');
    highest.set(prefix, Math.max(highest.get(prefix) ?? 0, Number(number.slice(prefix.length))));
  }
  if (JSON.stringify([...state.counters].sort()) !== JSON.stringify([...highest].sort())) {
    expect(new Map(state.counters)).toEqual(highest);
  }
  for (const [prefix, value] of previousCounters) {
    if ((state.counters.get(prefix) ?? 0) < value) fail(`counter ${prefix} went back`);
  }
  for (const ticket of tickets)
    if (ticket.day !== state.day) fail(`${ticket.number} is of ${ticket.day}`);

  // None lost: every ticket issued today is still there, and nothing else is.
  if (state.tickets.size !== driver.issued.length)
    fail(`${driver.issued.length} issued, ${state.tickets.size} kept`);
  for (const id of driver.issued) if (!state.tickets.has(id)) fail(`ticket ${id} was lost`);

  // Windows and their current tickets.
  const current = new Set<string>();
  for (const window of state.windows.values()) {
    if (!window.currentTicketId) continue;
    if (current.has(window.currentTicketId))
      fail(`${window.currentTicketId} is current at two windows`);
    current.add(window.currentTicketId);
    const ticket =
      state.tickets.get(window.currentTicketId) ?? fail(`${window.id} points at a missing ticket`);
    if (ticket.status !== 'called' && ticket.status !== 'serving')
      fail(`${window.id}'s current ticket is ${ticket.status}`);
    if (ticket.windowId !== window.id)
      fail(`${window.id}'s current ticket belongs to ${ticket.windowId}`);
    if (window.status !== 'open') fail(`${window.id} is ${window.status} with a current ticket`);
  }
  for (const ticket of tickets) {
    if ((ticket.status === 'called' || ticket.status === 'serving') && !current.has(ticket.id)) {
      fail(`${ticket.number} is ${ticket.status} at no window`);
    }
    if (ticket.calls > config.rules.maxRecalls + 1)
      fail(`${ticket.number} was called ${ticket.calls} times`);
    if (ticket.noShowReturns > config.rules.noShowMaxReturns)
      fail(`${ticket.number} came back too often`);
  }

  // Queues: every waiting ticket in exactly one, the right one; nothing else in any; sorted.
  const seen = new Map<string, number>();
  const checkQueue = (name: string, queue: readonly Ticket[], belongs: (t: Ticket) => boolean) => {
    queue.forEach((ticket, i) => {
      seen.set(ticket.id, (seen.get(ticket.id) ?? 0) + 1);
      if (state.tickets.get(ticket.id) !== ticket)
        fail(`queue ${name} holds a stale copy of ${ticket.number}`);
      if (ticket.status !== 'waiting')
        fail(`queue ${name} holds ${ticket.number}, ${ticket.status}`);
      if (!belongs(ticket)) fail(`${ticket.number} is in the wrong queue ${name}`);
      const previous = queue[i - 1];
      if (previous && previous.queueKey > ticket.queueKey) fail(`queue ${name} is out of order`);
    });
  };
  for (const service of config.services) {
    checkQueue(
      service.id,
      state.waiting(service.id),
      (t) => t.serviceId === service.id && t.targetWindowId === null,
    );
  }
  for (const window of config.windows) {
    checkQueue(
      `window ${window.id}`,
      state.waitingForWindow(window.id),
      (t) => t.targetWindowId === window.id,
    );
  }
  for (const ticket of tickets) {
    const times = seen.get(ticket.id) ?? 0;
    if (ticket.status === 'waiting' && times !== 1)
      fail(`waiting ${ticket.number} is in ${times} queues`);
    if (ticket.status === 'waiting' && ticket.windowId !== null)
      fail(`waiting ${ticket.number} has a window`);
  }

  // 一件事一次办: the ticket is in its current step; no step twice; done steps have a window.
  for (const ticket of tickets) {
    const bundle = ticket.bundle;
    if (!bundle) continue;
    const ids = bundle.steps.map((s) => s.serviceId);
    if (new Set(ids).size !== ids.length) fail(`${ticket.number} has a step twice: ${ids.join()}`);
    const pending = bundle.steps.filter((s) => s.status === 'pending');
    if (ticket.status === 'done' && pending.length > 0)
      fail(`${ticket.number} is done with steps left`);
    if (['waiting', 'called', 'serving'].includes(ticket.status)) {
      if (pending[0]?.serviceId !== ticket.serviceId)
        fail(
          `${ticket.number} queues for ${ticket.serviceId}, its step is ${pending[0]?.serviceId}`,
        );
    }
    for (const step of bundle.steps) {
      if (step.status === 'done' && (step.windowId === null || step.finishedAt === null))
        fail(`${ticket.number}: done step ${step.serviceId} without a window`);
      if (step.status === 'done' && !driver.servedSteps.has(`${ticket.id}:${step.serviceId}`))
        fail(`${ticket.number}: step ${step.serviceId} done without being served`);
    }
  }

  // Event sourcing, step by step: the replica fed the same events agrees.
  if (snapshot(driver.replica) !== snapshot(state))
    expect(view(driver.replica)).toEqual(view(state));
}

/** Heads of every queue a window may take from, before it calls: what it may call. */
function callable(core: HallCore, windowId: string): { ids: Set<string>; fifoHead: string | null } {
  const config = core.config.windows.find((w) => w.id === windowId);
  if (!config) return { ids: new Set(), fifoHead: null };
  const forWindow = core.state.waitingForWindow(windowId)[0];
  if (forWindow) return { ids: new Set([forWindow.id]), fifoHead: forWindow.id };
  const heads = config.services.flatMap((s) => core.state.waiting(s).slice(0, 1));
  return { ids: new Set(heads.map((t) => t.id)), fifoHead: heads[0]?.id ?? null };
}

describe('HallCore under random command sequences', () => {
  it('keeps its invariants within one working day, and its events replay to the same state', () => {
    fc.assert(
      fc.property(
        fc.boolean(),
        fc.constantFrom('fifo' as const, 'balanced' as const),
        fc.integer({ min: 8 * 60 + 50, max: 9 * 60 + 30 }),
        fc.subarray(['w1', 'w2', 'w3', 'w4', 'w5']),
        fc.array(stepArb, { minLength: 1, maxLength: 150, size: 'max' }),
        (enforce, routing, startMinute, initiallyOpen, steps) => {
          const config = hall(enforce, routing);
          const driver = new Driver(config, routing === 'fifo' ? fifoPolicy : balancedPolicy());
          const dayEnd = MONDAY_MIDNIGHT + 24 * 60 * MIN - 1;
          let now = MONDAY_MIDNIGHT + startMinute * MIN;
          for (const windowId of initiallyOpen) {
            driver.run(
              { type: 'open-window', windowId, clerkId: `clerk-${windowId}`, clerkName: '李四' },
              now,
            );
          }
          let counters = new Map<string, number>();
          let refused = 0;

          for (const step of steps) {
            now = Math.min(now + step.advance, dayEnd);
            const command = driver.command(step.op);
            const canCall =
              command.type === 'call-next' ? callable(driver.core, command.windowId) : null;
            const events = driver.run(command, now);
            if (events === null) refused += 1;

            for (const event of events ?? []) {
              if (event.type === 'day.started') fail('the day changed within one day');
              if (event.type === 'ticket.called' && canCall) {
                // Policies pick a head of a queue the window may serve; fifo the first non-empty.
                if (!canCall.ids.has(event.ticketId))
                  fail(`${event.windowId} called a ticket that was not a head`);
                if (routing === 'fifo') expect(event.ticketId).toBe(canCall.fifoHead);
              }
            }
            checkInvariants(driver, counters);
            counters = new Map(driver.core.state.counters);
          }

          // Replaying the whole log into a fresh state gives the same hall.
          const fresh = new HallState(config);
          for (const event of driver.log) fresh.apply(event);
          expect(view(fresh)).toEqual(view(driver.core.state));
          expect(new Map(fresh.tickets)).toEqual(new Map(driver.core.state.tickets));
          expect(new Map(fresh.windows)).toEqual(new Map(driver.core.state.windows));
          expect(refused).toBeLessThanOrEqual(steps.length);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('numbers restart each local day, yesterday is gone, and replay still agrees across days', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            advance: fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 180 * MIN })),
            op: opArb,
          }),
          { minLength: 1, maxLength: 100, size: 'max' },
        ),
        (steps) => {
          const config = hall(false, 'balanced');
          const driver = new Driver(config, balancedPolicy());
          let now = MONDAY_MIDNIGHT + 20 * 60 * MIN;
          for (const windowId of ['w1', 'w3', 'w4']) {
            driver.run(
              { type: 'open-window', windowId, clerkId: `clerk-${windowId}`, clerkName: '李四' },
              now,
            );
          }
          let counters = new Map<string, number>();
          for (const step of steps) {
            const day = driver.core.state.day;
            now += step.advance;
            driver.run(driver.command(step.op), now);
            const today = localTime(now, ZONE).day;
            expect(driver.core.state.day).toBe(today);
            if (today !== day) counters = new Map();
            checkInvariants(driver, counters);
            counters = new Map(driver.core.state.counters);
          }
          const fresh = new HallState(config);
          for (const event of driver.log) fresh.apply(event);
          expect(view(fresh)).toEqual(view(driver.core.state));
        },
      ),
      { numRuns: 150 },
    );
  });
});

// ---- priority never starves: one service, one window, fifo ---------------------------

type PriorityOp =
  | { op: 'issue'; priority: PriorityClass | null }
  | { op: 'call-next' | 'start' | 'finish' | 'recall' }
  | { op: 'cancel'; ticket: number }
  | { op: 'set-priority'; ticket: number; priority: PriorityClass | null };

const priorityOpArb: fc.Arbitrary<PriorityOp> = fc.oneof(
  { weight: 5, arbitrary: fc.record({ op: fc.constant('issue' as const), priority }) },
  {
    weight: 4,
    arbitrary: fc.record({
      op: fc.constantFrom(
        'call-next' as const,
        'start' as const,
        'finish' as const,
        'recall' as const,
      ),
    }),
  },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('cancel' as const), ticket: ticketIndex }) },
  {
    weight: 1,
    arbitrary: fc.record({
      op: fc.constant('set-priority' as const),
      ticket: ticketIndex,
      priority,
    }),
  },
);

const boostArb = fc.record({
  appointment: fc.integer({ min: 0, max: 40 }),
  elderly: fc.integer({ min: 0, max: 40 }),
  disabled: fc.integer({ min: 0, max: 40 }),
  pregnant: fc.integer({ min: 0, max: 40 }),
  military: fc.integer({ min: 0, max: 40 }),
});

describe('priority is bounded by the boost', () => {
  it('a normal ticket is never called after a priority ticket issued more than the boost after it', () => {
    fc.assert(
      fc.property(
        boostArb,
        fc.array(fc.record({ advance: fc.integer({ min: 0, max: 8 * MIN }), op: priorityOpArb }), {
          minLength: 1,
          maxLength: 150,
          size: 'max',
        }),
        (boost, steps) => {
          const config = parseHallConfig({
            id: 'one',
            name: 'One window',
            areas: [{ id: 'main', name: 'Main' }],
            services: [
              {
                id: 'a',
                name: 'A',
                areaId: 'main',
                prefix: 'A',
                expectedMinutes: 10,
                timeLimitMinutes: 30,
              },
            ],
            windows: [
              {
                id: 'w1',
                number: 1,
                name: '1',
                kind: 'specialised',
                areaId: 'main',
                services: ['a'],
              },
            ],
            hours: { weekly: [[], [], [], [], [], [], []], enforce: false },
            rules: { priorityBoostMinutes: boost },
            routingPolicy: 'fifo',
          });
          const core = new HallCore(config, fifoPolicy);
          const ids: string[] = [];
          let now = MONDAY_MIDNIGHT + 9 * 60 * MIN;
          core.execute(
            { type: 'open-window', windowId: 'w1', clerkId: 'c', clerkName: '张三' },
            now,
          );

          for (const step of steps) {
            now += step.advance;
            const pick = (i: number) => ids[i % (ids.length + 1)] ?? 'no-such-ticket';
            let command: Command;
            if (step.op.op === 'issue') {
              command = {
                type: 'issue',
                ticketId: `t${ids.length}`,
                serviceId: 'a',
                channel: 'kiosk',
                priority: step.op.priority,
              };
            } else if (step.op.op === 'cancel') {
              command = { type: 'cancel', ticketId: pick(step.op.ticket), reason: 'x' };
            } else if (step.op.op === 'set-priority') {
              command = {
                type: 'set-priority',
                ticketId: pick(step.op.ticket),
                priority: step.op.priority,
              };
            } else {
              command = { type: step.op.op, windowId: 'w1' };
            }
            const waitingBefore = core.state.waiting('a').map((t) => ({ ...t }));
            let events: DomainEvent[];
            try {
              events = core.execute(command, now);
            } catch (error) {
              if (error instanceof HallError) continue;
              throw error;
            }
            for (const event of events) {
              if (event.type === 'ticket.issued') ids.push(event.ticket.id);
              if (event.type !== 'ticket.called') continue;
              const called =
                waitingBefore.find((t) => t.id === event.ticketId) ??
                fail('called a ticket that was not waiting');
              for (const normal of waitingBefore) {
                if (normal.id === called.id || normal.priority !== null) continue;
                if (called.priority === null) {
                  // Among normal tickets: first come, first served.
                  expect(called.issuedAt).toBeLessThanOrEqual(normal.issuedAt);
                } else if (called.issuedAt - normal.issuedAt > boost[called.priority] * MIN) {
                  fail(
                    `${called.number} (${called.priority}, +${(called.issuedAt - normal.issuedAt) / MIN} min) ` +
                      `called before ${normal.number}: boost is ${boost[called.priority]} min`,
                  );
                }
              }
            }
          }
        },
      ),
      { numRuns: 150 },
    );
  });
});

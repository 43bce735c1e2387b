import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Command, PersonRef } from './commands';
import { HallError, type ErrorCode } from './errors';
import { estimateWaitMinutes, ticketsAhead } from './estimate';
import type { DomainEvent } from './events';
import type { HallConfig, HallConfigInput } from './hall-config';
import { parseHallConfig } from './hall-config-validate';
import { HallCore } from './hall-core';
import { balancedPolicy, fifoPolicy, routingPolicy, type RoutingPolicy } from './routing';
import type { Ticket } from './ticket';

// ---- time: the hall is in Asia/Shanghai (UTC+8, no daylight saving) ------------------

const MIN = 60_000;

/** An instant given as a local Asia/Shanghai wall-clock time. */
function local(day: string, hhmm: string): number {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  const [hh, mm] = hhmm.split(':').map(Number) as [number, number];
  return Date.UTC(y, m - 1, d, hh - 8, mm);
}

const MONDAY = '2026-11-23';
const TUESDAY = '2026-11-24';
const SATURDAY = '2026-11-28';
/** Monday 2026-11-23 10:00 local: a working day, tickets being issued. */
const T0 = local(MONDAY, '10:00');

// ---- halls ---------------------------------------------------------------------------

const WORKDAY = [
  { open: '09:00', close: '12:00' },
  { open: '14:30', close: '17:30' },
];

/** A small hall. Services a/b/c (prefixes A/B/C); windows wa [a], wb [b], wc [c, a, b]. */
function hall(
  patch: {
    services?: HallConfigInput['services'];
    windows?: HallConfigInput['windows'];
    hours?: Partial<HallConfigInput['hours']>;
    rules?: HallConfigInput['rules'];
    routingPolicy?: 'balanced' | 'fifo';
  } = {},
): HallConfig {
  return parseHallConfig({
    id: 'test-hall',
    name: 'Test hall',
    areas: [{ id: 'main', name: 'Main' }],
    services: patch.services ?? [
      {
        id: 'a',
        name: 'Service A',
        areaId: 'main',
        prefix: 'A',
        expectedMinutes: 10,
        timeLimitMinutes: 30,
      },
      {
        id: 'b',
        name: 'Service B',
        areaId: 'main',
        prefix: 'B',
        expectedMinutes: 10,
        timeLimitMinutes: 30,
      },
      {
        id: 'c',
        name: 'Service C',
        areaId: 'main',
        prefix: 'C',
        expectedMinutes: 10,
        timeLimitMinutes: 30,
      },
    ],
    windows: patch.windows ?? [
      { id: 'wa', number: 1, name: 'A', kind: 'specialised', areaId: 'main', services: ['a'] },
      { id: 'wb', number: 2, name: 'B', kind: 'specialised', areaId: 'main', services: ['b'] },
      {
        id: 'wc',
        number: 3,
        name: 'C',
        kind: 'comprehensive',
        areaId: 'main',
        services: ['c', 'a', 'b'],
      },
    ],
    hours: { weekly: [WORKDAY, WORKDAY, WORKDAY, WORKDAY, WORKDAY, [], []], ...patch.hours },
    rules: patch.rules ?? {},
    routingPolicy: patch.routingPolicy ?? 'fifo',
  });
}

const HOXUD: HallConfig = parseHallConfig(
  JSON.parse(readFileSync(join(__dirname, '../../halls/hoxud.json'), 'utf8')),
);

// ---- driving the core ----------------------------------------------------------------

let nextId = 0;

function coreOf(config: HallConfig, policy?: RoutingPolicy): HallCore {
  return new HallCore(config, policy ?? routingPolicy(config.routingPolicy));
}

function issue(
  core: HallCore,
  serviceId: string,
  now: number,
  extra: Partial<Extract<Command, { type: 'issue' }>> = {},
): Ticket {
  nextId += 1;
  const events = core.execute(
    { type: 'issue', ticketId: `t${nextId}`, serviceId, channel: 'kiosk', ...extra },
    now,
  );
  const issued = events.find((e) => e.type === 'ticket.issued');
  if (issued?.type !== 'ticket.issued') throw new Error('no ticket.issued event');
  return ticketOf(core, issued.ticket.id);
}

function windowConfig(config: HallConfig, id: string): HallConfig['windows'][number] {
  const window = config.windows.find((w) => w.id === id);
  if (!window) throw new Error(`no window ${id}`);
  return window;
}

function ticketOf(core: HallCore, id: string): Ticket {
  const ticket = core.state.tickets.get(id);
  if (!ticket) throw new Error(`no ticket ${id}`);
  return ticket;
}

function open(core: HallCore, windowId: string, now: number, clerkId = `clerk-${windowId}`): void {
  core.execute({ type: 'open-window', windowId, clerkId, clerkName: '张三' }, now);
}

/** Calls the next ticket to a window; the ticket called, or null when nobody waits. */
function callNext(core: HallCore, windowId: string, now: number): Ticket | null {
  const events = core.execute({ type: 'call-next', windowId }, now);
  const called = events.find((e) => e.type === 'ticket.called');
  return called?.type === 'ticket.called' ? ticketOf(core, called.ticketId) : null;
}

function act(
  core: HallCore,
  type: 'recall' | 'start' | 'finish' | 'no-show',
  windowId: string,
  now: number,
): DomainEvent[] {
  return core.execute({ type, windowId }, now);
}

/** The HallError code a call throws; fails the test when it throws nothing or something else. */
function codeOf(fn: () => unknown): ErrorCode {
  try {
    fn();
  } catch (error) {
    if (error instanceof HallError) return error.code;
    throw error;
  }
  throw new Error('expected a HallError, but nothing was thrown');
}

const numbers = (tickets: readonly Ticket[]): string[] => tickets.map((t) => t.number);

function person(key: string, birthDate = '1990-05-05'): PersonRef {
  return { key, birthDate };
}

// ======================================================================================

describe('the reference hall (和硕)', () => {
  it('parses with 55 windows and one prefix per service', () => {
    expect(HOXUD.windows).toHaveLength(55);
    expect(new Set(HOXUD.services.map((s) => s.prefix)).size).toBe(HOXUD.services.length);
    expect(HOXUD.timeZone).toBe('Asia/Shanghai');
  });

  it('issues A001 for tax at 10:00 on a Monday, with a day.started event first', () => {
    const core = coreOf(HOXUD);
    const events = core.execute(
      { type: 'issue', ticketId: 'x1', serviceId: 'tax', channel: 'kiosk' },
      T0,
    );
    expect(events.map((e) => e.type)).toEqual(['day.started', 'ticket.issued']);
    expect(events[0]).toMatchObject({ type: 'day.started', day: MONDAY, expiredTicketIds: [] });
    const ticket = ticketOf(core, 'x1');
    expect(ticket).toMatchObject({
      number: 'A001',
      day: MONDAY,
      serviceId: 'tax',
      status: 'waiting',
      issuedAt: T0,
      queueKey: T0,
      priority: null,
      calls: 0,
    });
    expect(core.state.day).toBe(MONDAY);
  });
});

// ======================================================================================

describe('numbering', () => {
  const config = hall({ hours: { enforce: false } });

  it('numbers each service from 001 with its own prefix', () => {
    const core = coreOf(config);
    expect(issue(core, 'a', T0).number).toBe('A001');
    expect(issue(core, 'a', T0 + MIN).number).toBe('A002');
    expect(issue(core, 'b', T0 + 2 * MIN).number).toBe('B001');
    expect(issue(core, 'a', T0 + 3 * MIN).number).toBe('A003');
    expect(issue(core, 'c', T0 + 4 * MIN).number).toBe('C001');
    expect(issue(core, 'b', T0 + 5 * MIN).number).toBe('B002');
    expect(core.state.counters.get('A')).toBe(3);
    expect(core.state.counters.get('B')).toBe(2);
  });

  it('pads to the configured number of digits and allows two-letter prefixes', () => {
    const core = coreOf(
      hall({
        hours: { enforce: false },
        services: [
          {
            id: 'a',
            name: 'A',
            areaId: 'main',
            prefix: 'AB',
            expectedMinutes: 10,
            timeLimitMinutes: 30,
            digits: 4,
          },
        ],
        windows: [
          { id: 'wa', number: 1, name: 'A', kind: 'specialised', areaId: 'main', services: ['a'] },
        ],
      }),
    );
    expect(issue(core, 'a', T0).number).toBe('AB0001');
    expect(issue(core, 'a', T0).number).toBe('AB0002');
  });

  it('restarts at local midnight (Asia/Shanghai) with a day.started event that expires open tickets', () => {
    const core = coreOf(config);
    open(core, 'wa', local(MONDAY, '23:00'));
    const called = issue(core, 'a', local(MONDAY, '23:58'));
    const waiting = issue(core, 'a', local(MONDAY, '23:58'));
    expect(callNext(core, 'wa', local(MONDAY, '23:59'))?.id).toBe(called.id);
    const other = issue(core, 'b', local(MONDAY, '23:59'));
    expect(numbers([called, waiting, other])).toEqual(['A001', 'A002', 'B001']);

    const events = core.execute(
      { type: 'issue', ticketId: 'after-midnight', serviceId: 'a', channel: 'kiosk' },
      local(TUESDAY, '00:00'),
    );
    expect(events[0]).toMatchObject({ type: 'day.started', day: TUESDAY });
    const started = events[0] as Extract<DomainEvent, { type: 'day.started' }>;
    expect([...started.expiredTicketIds].sort()).toEqual([called.id, waiting.id, other.id].sort());
    expect(ticketOf(core, 'after-midnight')).toMatchObject({ number: 'A001', day: TUESDAY });
    // Yesterday's tickets are gone from today's state; the window is free again.
    expect(core.state.tickets.has(waiting.id)).toBe(false);
    expect(core.state.waiting('a').map((t) => t.id)).toEqual(['after-midnight']);
    expect(core.state.window('wa')?.currentTicketId).toBeNull();
    expect(core.state.counters.get('B')).toBeUndefined();
  });

  it('does not restart at UTC midnight (08:00 in the hall)', () => {
    const core = coreOf(config);
    expect(issue(core, 'a', local(MONDAY, '07:59')).number).toBe('A001');
    const events = core.execute(
      { type: 'issue', ticketId: 'utc-midnight', serviceId: 'a', channel: 'kiosk' },
      local(MONDAY, '08:00'),
    );
    expect(events.map((e) => e.type)).toEqual(['ticket.issued']);
    expect(ticketOf(core, 'utc-midnight').number).toBe('A002');
  });

  it('never reuses a number within a day: not after cancel, finish, no-show or transfer', () => {
    const core = coreOf(config);
    open(core, 'wa', T0);
    const first = issue(core, 'a', T0);
    const second = issue(core, 'a', T0);
    core.execute({ type: 'cancel', ticketId: second.id, reason: 'left' }, T0 + MIN);
    expect(issue(core, 'a', T0 + 2 * MIN).number).toBe('A003');
    callNext(core, 'wa', T0 + 3 * MIN);
    act(core, 'finish', 'wa', T0 + 4 * MIN);
    expect(first.status).toBe('done');
    expect(issue(core, 'a', T0 + 5 * MIN).number).toBe('A004');
    callNext(core, 'wa', T0 + 6 * MIN);
    core.execute({ type: 'transfer', windowId: 'wa', toServiceId: 'b' }, T0 + 7 * MIN);
    // The transferred A003 keeps its number in queue b; b's own numbering is untouched.
    expect(core.state.waiting('b').map((t) => t.number)).toEqual(['A003']);
    expect(issue(core, 'b', T0 + 8 * MIN).number).toBe('B001');
    expect(issue(core, 'a', T0 + 9 * MIN).number).toBe('A005');
    const all = [...core.state.tickets.values()].map((t) => t.number);
    expect(new Set(all).size).toBe(all.length);
  });

  it('refuses with NUMBERS_EXHAUSTED after 999 tickets (3 digits), leaving other services alone', () => {
    const core = coreOf(config);
    for (let i = 1; i <= 999; i += 1) issue(core, 'a', T0);
    expect(core.state.counters.get('A')).toBe(999);
    expect(core.state.waiting('a').at(-1)?.number).toBe('A999');
    expect(
      codeOf(() =>
        core.execute(
          { type: 'issue', ticketId: 'one-too-many', serviceId: 'a', channel: 'kiosk' },
          T0,
        ),
      ),
    ).toBe('NUMBERS_EXHAUSTED');
    expect(core.state.tickets.has('one-too-many')).toBe(false);
    expect(core.state.counters.get('A')).toBe(999);
    expect(issue(core, 'b', T0).number).toBe('B001');
  });

  it('refuses an unknown service with SERVICE_NOT_FOUND', () => {
    const core = coreOf(config);
    expect(codeOf(() => issue(core, 'nope', T0))).toBe('SERVICE_NOT_FOUND');
  });
});

// ======================================================================================

describe('opening hours (reference hall: 09:00–12:00, 14:30–17:30, last ticket 15 min before close)', () => {
  const tryIssue = (now: number, config: HallConfig = HOXUD) =>
    codeOf(() => issue(coreOf(config), 'tax', now));
  const issues = (now: number, config: HallConfig = HOXUD) =>
    issue(coreOf(config), 'tax', now).number;

  it.each([
    ['08:00', 'before-open'],
    ['08:59', 'before-open'],
    ['11:45', 'open-no-tickets'],
    ['11:59', 'open-no-tickets'],
    ['12:00', 'break'],
    ['12:30', 'break'],
    ['14:29', 'break'],
    ['17:15', 'open-no-tickets'],
    ['17:20', 'open-no-tickets'],
    ['17:30', 'after-close'],
    ['20:00', 'after-close'],
  ])('refuses tickets at %s on a Monday (%s)', (hhmm, phase) => {
    const core = coreOf(HOXUD);
    try {
      issue(core, 'tax', local(MONDAY, hhmm));
      throw new Error('issued');
    } catch (error) {
      expect(error).toBeInstanceOf(HallError);
      expect((error as HallError).code).toBe('HALL_NOT_ISSUING');
      expect((error as HallError).details).toMatchObject({ phase });
    }
    expect(core.state.tickets.size).toBe(0);
  });

  it.each(['09:00', '10:00', '11:44', '14:30', '16:00', '17:14'])(
    'issues at %s on a Monday',
    (hhmm) => {
      expect(issues(local(MONDAY, hhmm))).toBe('A001');
    },
  );

  it('refuses on a holiday (National Day, Thursday 2026-10-01)', () => {
    expect(tryIssue(local('2026-10-01', '10:00'))).toBe('HALL_NOT_ISSUING');
  });

  it('refuses on a weekend', () => {
    expect(tryIssue(local(SATURDAY, '10:00'))).toBe('HALL_NOT_ISSUING');
    expect(tryIssue(local('2026-11-29', '10:00'))).toBe('HALL_NOT_ISSUING');
  });

  it('issues on a make-up working day (调休, Saturday 2026-10-10) with Monday hours', () => {
    expect(issues(local('2026-10-10', '10:00'))).toBe('A001');
    expect(tryIssue(local('2026-10-10', '12:30'))).toBe('HALL_NOT_ISSUING');
    expect(tryIssue(local('2026-10-17', '10:00'))).toBe('HALL_NOT_ISSUING');
  });

  it('a holiday wins over an extra workday listing the same day', () => {
    const config = hall({ hours: { holidays: [SATURDAY], extraWorkdays: [SATURDAY] } });
    expect(codeOf(() => issue(coreOf(config), 'a', local(SATURDAY, '10:00')))).toBe(
      'HALL_NOT_ISSUING',
    );
  });

  it('honours lastTicketMinutesBeforeClose', () => {
    const config = hall({ hours: { lastTicketMinutesBeforeClose: 0 } });
    expect(issue(coreOf(config), 'a', local(MONDAY, '11:59')).number).toBe('A001');
    expect(codeOf(() => issue(coreOf(config), 'a', local(MONDAY, '12:00')))).toBe(
      'HALL_NOT_ISSUING',
    );
  });

  it('with hours.enforce = false issues and calls at any hour, holidays and weekends too', () => {
    const config = hall({ hours: { enforce: false, holidays: ['2026-10-01'] } });
    for (const at of [
      local(MONDAY, '03:00'),
      local(SATURDAY, '22:00'),
      local('2026-10-01', '12:30'),
    ]) {
      const core = coreOf(config);
      open(core, 'wa', at);
      const ticket = issue(core, 'a', at);
      expect(callNext(core, 'wa', at)?.id).toBe(ticket.id);
    }
  });

  describe('calling', () => {
    it('refuses call-next outside hours with OUTSIDE_HOURS unless the window is extended', () => {
      const core = coreOf(HOXUD);
      open(core, 'w01', local(MONDAY, '11:00'));
      const ticket = issue(core, 'tax', local(MONDAY, '11:30'));
      expect(codeOf(() => callNext(core, 'w01', local(MONDAY, '12:30')))).toBe('OUTSIDE_HOURS');
      core.execute({ type: 'set-extended', windowId: 'w01', on: true }, local(MONDAY, '12:30'));
      expect(core.state.window('w01')?.extended).toBe(true);
      expect(callNext(core, 'w01', local(MONDAY, '12:31'))?.id).toBe(ticket.id);
    });

    it('allows calling between the last-ticket time and close (tickets already issued)', () => {
      const core = coreOf(HOXUD);
      open(core, 'w01', local(MONDAY, '17:00'));
      const ticket = issue(core, 'tax', local(MONDAY, '17:10'));
      expect(callNext(core, 'w01', local(MONDAY, '17:25'))?.id).toBe(ticket.id);
    });

    it('refuses after close and before open, and extended hours end when the window closes', () => {
      const core = coreOf(HOXUD);
      open(core, 'w01', local(MONDAY, '17:00'));
      issue(core, 'tax', local(MONDAY, '17:10'));
      expect(codeOf(() => callNext(core, 'w01', local(MONDAY, '17:45')))).toBe('OUTSIDE_HOURS');
      core.execute({ type: 'set-extended', windowId: 'w01', on: true }, local(MONDAY, '17:45'));
      expect(callNext(core, 'w01', local(MONDAY, '17:46'))).not.toBeNull();
      act(core, 'finish', 'w01', local(MONDAY, '17:50'));
      core.execute({ type: 'close-window', windowId: 'w01' }, local(MONDAY, '17:51'));
      expect(core.state.window('w01')?.extended).toBe(false);
      open(core, 'w01', local(MONDAY, '17:52'));
      expect(codeOf(() => callNext(core, 'w01', local(MONDAY, '17:53')))).toBe('OUTSIDE_HOURS');
      // The next morning: not before 09:00.
      expect(codeOf(() => callNext(core, 'w01', local(TUESDAY, '08:30')))).toBe('OUTSIDE_HOURS');
      expect(core.execute({ type: 'call-next', windowId: 'w01' }, local(TUESDAY, '09:00'))).toEqual(
        [],
      );
    });
  });
});

// ======================================================================================

describe('the ticket state machine', () => {
  const config = hall({ hours: { enforce: false } });

  function calledAt(windowId = 'wa'): { core: HallCore; ticket: Ticket } {
    const core = coreOf(config);
    open(core, windowId, T0);
    issue(core, 'a', T0);
    const ticket = callNext(core, windowId, T0 + MIN);
    if (!ticket) throw new Error('nothing called');
    return { core, ticket };
  }

  it('call-next calls the head of the queue to the window', () => {
    const core = coreOf(config);
    open(core, 'wa', T0);
    const first = issue(core, 'a', T0);
    issue(core, 'a', T0 + MIN);
    const events = core.execute({ type: 'call-next', windowId: 'wa' }, T0 + 2 * MIN);
    expect(events).toEqual([
      { type: 'ticket.called', at: T0 + 2 * MIN, ticketId: first.id, windowId: 'wa' },
    ]);
    expect(first).toMatchObject({
      status: 'called',
      windowId: 'wa',
      calledAt: T0 + 2 * MIN,
      calls: 1,
    });
    expect(core.state.window('wa')?.currentTicketId).toBe(first.id);
    expect(core.state.displayStatus('wa')).toBe('calling');
    expect(numbers(core.state.waiting('a'))).toEqual(['A002']);
  });

  it('call-next with nobody waiting emits nothing and leaves the window idle', () => {
    const core = coreOf(config);
    open(core, 'wa', T0);
    issue(core, 'b', T0);
    expect(core.execute({ type: 'call-next', windowId: 'wa' }, T0)).toEqual([]);
    expect(core.state.displayStatus('wa')).toBe('idle');
  });

  it('recall counts the calls and stops at maxRecalls with RECALL_LIMIT', () => {
    const { core, ticket } = calledAt();
    for (let i = 1; i <= 3; i += 1) {
      expect(act(core, 'recall', 'wa', T0 + (1 + i) * MIN)).toEqual([
        { type: 'ticket.recalled', at: T0 + (1 + i) * MIN, ticketId: ticket.id, windowId: 'wa' },
      ]);
      expect(ticket.calls).toBe(1 + i);
    }
    expect(codeOf(() => act(core, 'recall', 'wa', T0 + 9 * MIN))).toBe('RECALL_LIMIT');
    expect(ticket.calls).toBe(4);
    // The clerk must now mark a no-show.
    act(core, 'no-show', 'wa', T0 + 10 * MIN);
    expect(ticket.status).toBe('no-show');
  });

  it('with maxRecalls = 0 no recall is allowed', () => {
    const core = coreOf(hall({ hours: { enforce: false }, rules: { maxRecalls: 0 } }));
    open(core, 'wa', T0);
    issue(core, 'a', T0);
    callNext(core, 'wa', T0);
    expect(codeOf(() => act(core, 'recall', 'wa', T0))).toBe('RECALL_LIMIT');
  });

  it('recall is only for a called ticket: WINDOW_IDLE, then TICKET_NOT_CALLED once serving', () => {
    const core = coreOf(config);
    open(core, 'wa', T0);
    expect(codeOf(() => act(core, 'recall', 'wa', T0))).toBe('WINDOW_IDLE');
    issue(core, 'a', T0);
    callNext(core, 'wa', T0);
    act(core, 'start', 'wa', T0 + MIN);
    expect(codeOf(() => act(core, 'recall', 'wa', T0 + 2 * MIN))).toBe('TICKET_NOT_CALLED');
  });

  it('start moves a called ticket to serving, once', () => {
    const { core, ticket } = calledAt();
    act(core, 'start', 'wa', T0 + 2 * MIN);
    expect(ticket).toMatchObject({ status: 'serving', startedAt: T0 + 2 * MIN });
    expect(core.state.displayStatus('wa')).toBe('serving');
    expect(codeOf(() => act(core, 'start', 'wa', T0 + 3 * MIN))).toBe('TICKET_NOT_CALLED');
  });

  it('finish from serving: done, and the window is free', () => {
    const { core, ticket } = calledAt();
    act(core, 'start', 'wa', T0 + 2 * MIN);
    act(core, 'finish', 'wa', T0 + 12 * MIN);
    expect(ticket).toMatchObject({
      status: 'done',
      startedAt: T0 + 2 * MIN,
      finishedAt: T0 + 12 * MIN,
    });
    expect(core.state.window('wa')?.currentTicketId).toBeNull();
    expect(core.state.displayStatus('wa')).toBe('idle');
    expect(codeOf(() => act(core, 'finish', 'wa', T0 + 13 * MIN))).toBe('WINDOW_IDLE');
  });

  it('finish straight from called counts the service from the call', () => {
    const { core, ticket } = calledAt();
    act(core, 'finish', 'wa', T0 + 5 * MIN);
    expect(ticket).toMatchObject({ status: 'done', startedAt: T0 + MIN, finishedAt: T0 + 5 * MIN });
  });

  it('no-show: only from called; frees the window', () => {
    const { core, ticket } = calledAt();
    act(core, 'no-show', 'wa', T0 + 3 * MIN);
    expect(ticket).toMatchObject({ status: 'no-show', noShowAt: T0 + 3 * MIN, windowId: 'wa' });
    expect(core.state.window('wa')?.currentTicketId).toBeNull();

    const other = calledAt();
    act(other.core, 'start', 'wa', T0 + 2 * MIN);
    expect(codeOf(() => act(other.core, 'no-show', 'wa', T0 + 3 * MIN))).toBe('TICKET_NOT_CALLED');
  });

  describe('return after a no-show (过号重排)', () => {
    /** A001 is called and skipped at +5; A002 waited then; A003 comes at +10. */
    function skipped(rules: HallConfigInput['rules'] = {}) {
      const core = coreOf(hall({ hours: { enforce: false }, rules }));
      open(core, 'wa', T0);
      const a1 = issue(core, 'a', T0);
      const a2 = issue(core, 'a', T0 + MIN);
      expect(callNext(core, 'wa', T0 + 2 * MIN)?.id).toBe(a1.id);
      act(core, 'no-show', 'wa', T0 + 5 * MIN);
      const a3 = issue(core, 'a', T0 + 10 * MIN);
      return { core, a1, a2, a3 };
    }

    it('comes back within the grace period behind those who were waiting when it was skipped', () => {
      const { core, a1 } = skipped();
      const events = core.execute({ type: 'return-no-show', ticketId: a1.id }, T0 + 15 * MIN);
      expect(events).toEqual([
        { type: 'ticket.returned', at: T0 + 15 * MIN, ticketId: a1.id, queueKey: T0 + 5 * MIN },
      ]);
      expect(a1).toMatchObject({
        status: 'waiting',
        noShowReturns: 1,
        windowId: null,
        calls: 0,
        issuedAt: T0,
      });
      expect(numbers(core.state.waiting('a'))).toEqual(['A002', 'A001', 'A003']);
    });

    it('may return exactly at the end of the grace period', () => {
      const { core, a1 } = skipped();
      core.execute({ type: 'return-no-show', ticketId: a1.id }, T0 + 35 * MIN); // skipped at T0+5, grace 30
      expect(a1.status).toBe('waiting');
    });

    it('is refused after the grace period with NO_SHOW_GRACE_PASSED', () => {
      const { core, a1 } = skipped();
      expect(
        codeOf(() => core.execute({ type: 'return-no-show', ticketId: a1.id }, T0 + 36 * MIN)),
      ).toBe('NO_SHOW_GRACE_PASSED');
      expect(a1.status).toBe('no-show');
    });

    it('is refused the second time with NO_SHOW_RETURNS_USED', () => {
      const { core, a1, a2 } = skipped();
      core.execute({ type: 'return-no-show', ticketId: a1.id }, T0 + 6 * MIN);
      expect(callNext(core, 'wa', T0 + 7 * MIN)?.id).toBe(a2.id);
      act(core, 'finish', 'wa', T0 + 8 * MIN);
      expect(callNext(core, 'wa', T0 + 9 * MIN)?.id).toBe(a1.id);
      act(core, 'no-show', 'wa', T0 + 10 * MIN);
      expect(
        codeOf(() => core.execute({ type: 'return-no-show', ticketId: a1.id }, T0 + 11 * MIN)),
      ).toBe('NO_SHOW_RETURNS_USED');
    });

    it('noShowMaxReturns = 2 allows two returns', () => {
      const { core, a1 } = skipped({ noShowMaxReturns: 2 });
      core.execute({ type: 'return-no-show', ticketId: a1.id }, T0 + 6 * MIN);
      core.execute(
        { type: 'cancel', ticketId: core.state.waiting('a')[0]?.id ?? '', reason: 'x' },
        T0 + 6 * MIN,
      );
      expect(callNext(core, 'wa', T0 + 7 * MIN)?.id).toBe(a1.id);
      act(core, 'no-show', 'wa', T0 + 8 * MIN);
      core.execute({ type: 'return-no-show', ticketId: a1.id }, T0 + 9 * MIN);
      expect(a1).toMatchObject({ status: 'waiting', noShowReturns: 2 });
    });

    it('is only for a no-show: TICKET_NOT_NO_SHOW, TICKET_NOT_FOUND', () => {
      const { core, a2 } = skipped();
      expect(
        codeOf(() => core.execute({ type: 'return-no-show', ticketId: a2.id }, T0 + 6 * MIN)),
      ).toBe('TICKET_NOT_NO_SHOW');
      expect(
        codeOf(() => core.execute({ type: 'return-no-show', ticketId: 'nope' }, T0 + 6 * MIN)),
      ).toBe('TICKET_NOT_FOUND');
    });

    it('set-priority on a returned ticket does not put it back before those it was skipped behind', () => {
      const { core, a1 } = skipped();
      core.execute({ type: 'return-no-show', ticketId: a1.id }, T0 + 15 * MIN);
      core.execute({ type: 'set-priority', ticketId: a1.id, priority: null }, T0 + 16 * MIN);
      expect(numbers(core.state.waiting('a'))).toEqual(['A002', 'A001', 'A003']);
      core.execute({ type: 'set-priority', ticketId: a1.id, priority: 'disabled' }, T0 + 17 * MIN);
      // Boosted by 20 minutes from when it was skipped (T0+5): ahead of A002 (T0+1) too.
      expect(a1.queueKey).toBe(T0 + 5 * MIN - 20 * MIN);
      expect(numbers(core.state.waiting('a'))).toEqual(['A001', 'A002', 'A003']);
    });
  });

  describe('transfer (转交)', () => {
    it('to a service keeps issuedAt, queueKey and the number, and keeps its place', () => {
      const core = coreOf(config);
      open(core, 'wa', T0 - 60 * MIN);
      open(core, 'wb', T0 - 60 * MIN);
      const b0 = issue(core, 'b', T0 - 5 * MIN);
      const ticket = issue(core, 'a', T0);
      const b1 = issue(core, 'b', T0 + MIN);
      callNext(core, 'wa', T0 + 2 * MIN);
      act(core, 'start', 'wa', T0 + 3 * MIN);
      const events = core.execute(
        { type: 'transfer', windowId: 'wa', toServiceId: 'b' },
        T0 + 4 * MIN,
      );
      expect(events).toEqual([
        {
          type: 'ticket.transferred',
          at: T0 + 4 * MIN,
          ticketId: ticket.id,
          fromServiceId: 'a',
          toServiceId: 'b',
          toWindowId: null,
          fromWindowId: 'wa',
        },
      ]);
      expect(ticket).toMatchObject({
        status: 'waiting',
        serviceId: 'b',
        number: 'A001',
        issuedAt: T0,
        queueKey: T0,
        windowId: null,
        targetWindowId: null,
        calls: 0,
        startedAt: null,
        transfers: 1,
      });
      expect(core.state.window('wa')?.currentTicketId).toBeNull();
      expect(core.state.waiting('a')).toEqual([]);
      expect(core.state.waiting('b').map((t) => t.id)).toEqual([b0.id, ticket.id, b1.id]);
      expect(callNext(core, 'wb', T0 + 5 * MIN)?.id).toBe(b0.id);
      act(core, 'finish', 'wb', T0 + 6 * MIN);
      expect(callNext(core, 'wb', T0 + 7 * MIN)?.id).toBe(ticket.id);
    });

    it('to a window: only that window may call it, and it is served there first', () => {
      const core = coreOf(config);
      open(core, 'wa', T0 - 60 * MIN);
      open(core, 'wc', T0 - 60 * MIN);
      const older = issue(core, 'a', T0 - 30 * MIN);
      const ticket = issue(core, 'a', T0);
      expect(callNext(core, 'wc', T0 + MIN)?.id).toBe(older.id); // wc: c is empty, then a
      // wc hands it on to wa.
      core.execute({ type: 'transfer', windowId: 'wc', toWindowId: 'wa' }, T0 + 2 * MIN);
      expect(older).toMatchObject({
        status: 'waiting',
        targetWindowId: 'wa',
        serviceId: 'a',
        queueKey: T0 - 30 * MIN,
      });
      expect(core.state.waitingForWindow('wa').map((t) => t.id)).toEqual([older.id]);
      expect(core.state.waiting('a').map((t) => t.id)).toEqual([ticket.id]);
      // wc may serve a, but the transferred ticket is not for it.
      expect(callNext(core, 'wc', T0 + 3 * MIN)?.id).toBe(ticket.id);
      act(core, 'finish', 'wc', T0 + 4 * MIN);
      expect(callNext(core, 'wc', T0 + 5 * MIN)).toBeNull();
      expect(callNext(core, 'wa', T0 + 6 * MIN)?.id).toBe(older.id);
    });

    it('a ticket transferred to a window goes before that window’s own queue, even older tickets', () => {
      const core = coreOf(config);
      open(core, 'wa', T0 - 120 * MIN);
      open(core, 'wb', T0 - 120 * MIN);
      const oldA = issue(core, 'a', T0 - 60 * MIN);
      const b = issue(core, 'b', T0);
      callNext(core, 'wb', T0 + MIN);
      core.execute({ type: 'transfer', windowId: 'wb', toWindowId: 'wa' }, T0 + 2 * MIN);
      // wa does not serve b: the ticket becomes wa's own first service.
      expect(b).toMatchObject({
        serviceId: 'a',
        targetWindowId: 'wa',
        number: 'B001',
        issuedAt: T0,
      });
      expect(callNext(core, 'wa', T0 + 3 * MIN)?.id).toBe(b.id);
      act(core, 'finish', 'wa', T0 + 4 * MIN);
      expect(callNext(core, 'wa', T0 + 5 * MIN)?.id).toBe(oldA.id);
    });

    it('needs exactly one valid target', () => {
      const { core } = calledAt();
      const transfer = (to: { toServiceId?: string | null; toWindowId?: string | null }) =>
        codeOf(() => core.execute({ type: 'transfer', windowId: 'wa', ...to }, T0 + 2 * MIN));
      expect(transfer({})).toBe('TRANSFER_TARGET_INVALID');
      expect(transfer({ toServiceId: 'b', toWindowId: 'wb' })).toBe('TRANSFER_TARGET_INVALID');
      expect(transfer({ toWindowId: 'wa' })).toBe('TRANSFER_TARGET_INVALID');
      expect(transfer({ toServiceId: 'nope' })).toBe('SERVICE_NOT_FOUND');
      expect(transfer({ toWindowId: 'nope' })).toBe('WINDOW_NOT_FOUND');
      expect(core.state.currentTicket('wa')?.status).toBe('called');
    });

    it('needs a current ticket at the window', () => {
      const core = coreOf(config);
      open(core, 'wa', T0);
      expect(
        codeOf(() => core.execute({ type: 'transfer', windowId: 'wa', toServiceId: 'b' }, T0)),
      ).toBe('WINDOW_IDLE');
    });
  });

  describe('divert (分流) by a guide', () => {
    it('moves a waiting ticket to another service, keeping its place', () => {
      const core = coreOf(config);
      const b0 = issue(core, 'b', T0 - 10 * MIN);
      const ticket = issue(core, 'a', T0);
      const b1 = issue(core, 'b', T0 + MIN);
      const events = core.execute(
        { type: 'divert', ticketId: ticket.id, toServiceId: 'b' },
        T0 + 2 * MIN,
      );
      expect(events[0]).toMatchObject({
        type: 'ticket.transferred',
        fromWindowId: null,
        fromServiceId: 'a',
        toServiceId: 'b',
      });
      expect(ticket).toMatchObject({
        status: 'waiting',
        serviceId: 'b',
        issuedAt: T0,
        queueKey: T0,
        number: 'A001',
        transfers: 1,
      });
      expect(core.state.waiting('a')).toEqual([]);
      expect(core.state.waiting('b').map((t) => t.id)).toEqual([b0.id, ticket.id, b1.id]);
    });

    it('moves a waiting ticket to a window, and back to its service', () => {
      const core = coreOf(config);
      const ticket = issue(core, 'a', T0);
      core.execute({ type: 'divert', ticketId: ticket.id, toWindowId: 'wc' }, T0 + MIN);
      expect(core.state.waiting('a')).toEqual([]);
      expect(core.state.waitingForWindow('wc').map((t) => t.id)).toEqual([ticket.id]);
      core.execute({ type: 'divert', ticketId: ticket.id, toServiceId: 'a' }, T0 + 2 * MIN);
      expect(core.state.waitingForWindow('wc')).toEqual([]);
      expect(core.state.waiting('a').map((t) => t.id)).toEqual([ticket.id]);
      expect(ticket).toMatchObject({ targetWindowId: null, transfers: 2 });
    });

    it('refuses a ticket that is not waiting, or a divert to where it already is', () => {
      const { core, ticket } = calledAt();
      expect(
        codeOf(() =>
          core.execute({ type: 'divert', ticketId: ticket.id, toServiceId: 'b' }, T0 + 2 * MIN),
        ),
      ).toBe('TICKET_NOT_ACTIVE');
      const waiting = issue(core, 'a', T0 + 2 * MIN);
      expect(
        codeOf(() =>
          core.execute({ type: 'divert', ticketId: waiting.id, toServiceId: 'a' }, T0 + 3 * MIN),
        ),
      ).toBe('TRANSFER_TARGET_INVALID');
      expect(
        codeOf(() =>
          core.execute({ type: 'divert', ticketId: 'nope', toServiceId: 'b' }, T0 + 3 * MIN),
        ),
      ).toBe('TICKET_NOT_FOUND');
    });
  });

  describe('cancel', () => {
    it('removes a waiting ticket from its queue', () => {
      const core = coreOf(config);
      const ticket = issue(core, 'a', T0);
      const events = core.execute(
        { type: 'cancel', ticketId: ticket.id, reason: 'left the hall' },
        T0 + MIN,
      );
      expect(events).toEqual([
        {
          type: 'ticket.cancelled',
          at: T0 + MIN,
          ticketId: ticket.id,
          reason: 'left the hall',
          freedWindowId: null,
        },
      ]);
      expect(ticket).toMatchObject({ status: 'cancelled', finishedAt: T0 + MIN });
      expect(core.state.waiting('a')).toEqual([]);
    });

    it('frees the window of a called ticket; a no-show may be cancelled too', () => {
      const { core, ticket } = calledAt();
      core.execute({ type: 'cancel', ticketId: ticket.id, reason: 'x' }, T0 + 2 * MIN);
      expect(core.state.window('wa')?.currentTicketId).toBeNull();

      const other = calledAt();
      act(other.core, 'no-show', 'wa', T0 + 2 * MIN);
      const next = issue(other.core, 'a', T0 + 3 * MIN);
      callNext(other.core, 'wa', T0 + 4 * MIN);
      other.core.execute({ type: 'cancel', ticketId: other.ticket.id, reason: 'x' }, T0 + 5 * MIN);
      expect(other.ticket.status).toBe('cancelled');
      // The window's current ticket (a different one) is untouched.
      expect(other.core.state.window('wa')?.currentTicketId).toBe(next.id);
    });

    it('refuses serving, done or cancelled tickets with TICKET_NOT_ACTIVE', () => {
      const { core, ticket } = calledAt();
      act(core, 'start', 'wa', T0 + 2 * MIN);
      expect(
        codeOf(() => core.execute({ type: 'cancel', ticketId: ticket.id, reason: 'x' }, T0)),
      ).toBe('TICKET_NOT_ACTIVE');
      act(core, 'finish', 'wa', T0 + 3 * MIN);
      expect(
        codeOf(() => core.execute({ type: 'cancel', ticketId: ticket.id, reason: 'x' }, T0)),
      ).toBe('TICKET_NOT_ACTIVE');
      const waiting = issue(core, 'a', T0 + 4 * MIN);
      core.execute({ type: 'cancel', ticketId: waiting.id, reason: 'x' }, T0 + 4 * MIN);
      expect(
        codeOf(() => core.execute({ type: 'cancel', ticketId: waiting.id, reason: 'x' }, T0)),
      ).toBe('TICKET_NOT_ACTIVE');
      expect(
        codeOf(() => core.execute({ type: 'cancel', ticketId: 'nope', reason: 'x' }, T0)),
      ).toBe('TICKET_NOT_FOUND');
    });
  });

  describe('set-priority', () => {
    it('moves a waiting ticket by the boost of its class, and back', () => {
      const core = coreOf(config);
      const early = issue(core, 'a', T0);
      const late = issue(core, 'a', T0 + 10 * MIN);
      const events = core.execute(
        { type: 'set-priority', ticketId: late.id, priority: 'disabled' },
        T0 + 11 * MIN,
      );
      expect(events).toEqual([
        {
          type: 'ticket.priority-set',
          at: T0 + 11 * MIN,
          ticketId: late.id,
          priority: 'disabled',
          queueKey: T0 - 10 * MIN,
        },
      ]);
      expect(numbers(core.state.waiting('a'))).toEqual(['A002', 'A001']);
      core.execute({ type: 'set-priority', ticketId: late.id, priority: null }, T0 + 12 * MIN);
      expect(late).toMatchObject({ priority: null, queueKey: T0 + 10 * MIN });
      expect(numbers(core.state.waiting('a'))).toEqual(['A001', 'A002']);
      expect(early.queueKey).toBe(T0);
    });

    it('refuses a ticket that is not waiting', () => {
      const { core, ticket } = calledAt();
      expect(
        codeOf(() =>
          core.execute({ type: 'set-priority', ticketId: ticket.id, priority: 'elderly' }, T0),
        ),
      ).toBe('TICKET_NOT_ACTIVE');
    });
  });
});

// ======================================================================================

describe('windows', () => {
  const config = hall({ hours: { enforce: false } });

  it('open, re-open by the same clerk is a no-op, another clerk gets WINDOW_TAKEN', () => {
    const core = coreOf(config);
    const events = core.execute(
      { type: 'open-window', windowId: 'wa', clerkId: 'c1', clerkName: '李四' },
      T0,
    );
    expect(events.at(-1)).toEqual({
      type: 'window.opened',
      at: T0,
      windowId: 'wa',
      clerkId: 'c1',
      clerkName: '李四',
    });
    expect(core.state.window('wa')).toMatchObject({
      status: 'open',
      clerkId: 'c1',
      clerkName: '李四',
      since: T0,
    });
    expect(
      core.execute(
        { type: 'open-window', windowId: 'wa', clerkId: 'c1', clerkName: '李四' },
        T0 + MIN,
      ),
    ).toEqual([]);
    expect(
      codeOf(() =>
        core.execute(
          { type: 'open-window', windowId: 'wa', clerkId: 'c2', clerkName: '王五' },
          T0 + MIN,
        ),
      ),
    ).toBe('WINDOW_TAKEN');
    core.execute({ type: 'pause', windowId: 'wa', reason: 'break' }, T0 + 2 * MIN);
    expect(
      codeOf(() =>
        core.execute(
          { type: 'open-window', windowId: 'wa', clerkId: 'c2', clerkName: '王五' },
          T0 + 3 * MIN,
        ),
      ),
    ).toBe('WINDOW_TAKEN');
  });

  it('a closed window cannot call or act: WINDOW_CLOSED', () => {
    const core = coreOf(config);
    issue(core, 'a', T0);
    expect(codeOf(() => callNext(core, 'wa', T0))).toBe('WINDOW_CLOSED');
    expect(codeOf(() => act(core, 'finish', 'wa', T0))).toBe('WINDOW_CLOSED');
    expect(codeOf(() => act(core, 'recall', 'wa', T0))).toBe('WINDOW_CLOSED');
    expect(codeOf(() => core.execute({ type: 'pause', windowId: 'wa', reason: 'x' }, T0))).toBe(
      'WINDOW_CLOSED',
    );
    expect(codeOf(() => core.execute({ type: 'set-extended', windowId: 'wa', on: true }, T0))).toBe(
      'WINDOW_CLOSED',
    );
    expect(core.execute({ type: 'close-window', windowId: 'wa' }, T0)).toEqual([]);
  });

  it('close: refused with WINDOW_BUSY while it has a current ticket', () => {
    const core = coreOf(config);
    open(core, 'wa', T0);
    issue(core, 'a', T0);
    callNext(core, 'wa', T0);
    expect(codeOf(() => core.execute({ type: 'close-window', windowId: 'wa' }, T0))).toBe(
      'WINDOW_BUSY',
    );
    act(core, 'finish', 'wa', T0 + MIN);
    core.execute({ type: 'close-window', windowId: 'wa' }, T0 + 2 * MIN);
    expect(core.state.window('wa')).toMatchObject({
      status: 'closed',
      clerkId: null,
      clerkName: null,
    });
    expect(core.state.displayStatus('wa')).toBe('closed');
  });

  it('call-next while a ticket is current: WINDOW_BUSY', () => {
    const core = coreOf(config);
    open(core, 'wa', T0);
    issue(core, 'a', T0);
    issue(core, 'a', T0);
    callNext(core, 'wa', T0);
    expect(codeOf(() => callNext(core, 'wa', T0))).toBe('WINDOW_BUSY');
    act(core, 'start', 'wa', T0);
    expect(codeOf(() => callNext(core, 'wa', T0))).toBe('WINDOW_BUSY');
  });

  it('start, finish, no-show on an idle window: WINDOW_IDLE', () => {
    const core = coreOf(config);
    open(core, 'wa', T0);
    for (const type of ['start', 'finish', 'no-show', 'recall'] as const) {
      expect(codeOf(() => act(core, type, 'wa', T0))).toBe('WINDOW_IDLE');
    }
  });

  it('pause and resume', () => {
    const core = coreOf(config);
    open(core, 'wa', T0);
    issue(core, 'a', T0);
    expect(codeOf(() => core.execute({ type: 'resume', windowId: 'wa' }, T0))).toBe(
      'WINDOW_NOT_PAUSED',
    );
    core.execute({ type: 'pause', windowId: 'wa', reason: '午休' }, T0 + MIN);
    expect(core.state.window('wa')).toMatchObject({
      status: 'paused',
      pauseReason: '午休',
      since: T0 + MIN,
    });
    expect(core.state.displayStatus('wa')).toBe('paused');
    expect(codeOf(() => callNext(core, 'wa', T0 + 2 * MIN))).toBe('WINDOW_PAUSED');
    expect(
      codeOf(() => core.execute({ type: 'pause', windowId: 'wa', reason: 'x' }, T0 + 2 * MIN)),
    ).toBe('WINDOW_PAUSED');
    core.execute({ type: 'resume', windowId: 'wa' }, T0 + 3 * MIN);
    expect(core.state.window('wa')).toMatchObject({ status: 'open', pauseReason: null });
    expect(callNext(core, 'wa', T0 + 4 * MIN)?.number).toBe('A001');
    expect(
      codeOf(() => core.execute({ type: 'pause', windowId: 'wa', reason: 'x' }, T0 + 5 * MIN)),
    ).toBe('WINDOW_BUSY');
  });

  it('a paused window may be closed', () => {
    const core = coreOf(config);
    open(core, 'wa', T0);
    core.execute({ type: 'pause', windowId: 'wa', reason: 'x' }, T0);
    core.execute({ type: 'close-window', windowId: 'wa' }, T0 + MIN);
    expect(core.state.window('wa')?.status).toBe('closed');
  });

  it('set-extended toggles once; the same value again emits nothing', () => {
    const core = coreOf(config);
    open(core, 'wa', T0);
    expect(core.execute({ type: 'set-extended', windowId: 'wa', on: true }, T0)).toEqual([
      { type: 'window.extended', at: T0, windowId: 'wa', on: true },
    ]);
    expect(core.execute({ type: 'set-extended', windowId: 'wa', on: true }, T0)).toEqual([]);
    core.execute({ type: 'set-extended', windowId: 'wa', on: false }, T0);
    expect(core.state.window('wa')?.extended).toBe(false);
  });

  it('an unknown window: WINDOW_NOT_FOUND', () => {
    const core = coreOf(config);
    expect(codeOf(() => open(core, 'nope', T0))).toBe('WINDOW_NOT_FOUND');
    expect(codeOf(() => callNext(core, 'nope', T0))).toBe('WINDOW_NOT_FOUND');
    expect(codeOf(() => act(core, 'finish', 'nope', T0))).toBe('WINDOW_NOT_FOUND');
    expect(codeOf(() => core.execute({ type: 'resume', windowId: 'nope' }, T0))).toBe(
      'WINDOW_NOT_FOUND',
    );
  });
});

// ======================================================================================

describe('persons', () => {
  const config = hall({ hours: { enforce: false } });

  it('refuses a second active ticket of the same person for the same service: ALREADY_HAS_TICKET', () => {
    const core = coreOf(config);
    open(core, 'wa', T0);
    const first = issue(core, 'a', T0, { person: person('p1') });
    const again = () => issue(core, 'a', T0 + MIN, { person: person('p1') });
    expect(codeOf(again)).toBe('ALREADY_HAS_TICKET');
    callNext(core, 'wa', T0 + 2 * MIN);
    expect(codeOf(again)).toBe('ALREADY_HAS_TICKET'); // called
    act(core, 'start', 'wa', T0 + 3 * MIN);
    expect(codeOf(again)).toBe('ALREADY_HAS_TICKET'); // serving
    act(core, 'finish', 'wa', T0 + 4 * MIN);
    expect(first.status).toBe('done');
    expect(again().number).toBe('A002'); // done: a new ticket is fine
  });

  it('tells the number already held', () => {
    const core = coreOf(config);
    issue(core, 'a', T0, { person: person('p1') });
    try {
      issue(core, 'a', T0, { person: person('p1') });
      throw new Error('issued');
    } catch (error) {
      expect((error as HallError).details).toEqual({ number: 'A001' });
    }
  });

  it('allows a second service, other persons, and a new ticket after cancel', () => {
    const core = coreOf(config);
    const a = issue(core, 'a', T0, { person: person('p1') });
    expect(issue(core, 'b', T0, { person: person('p1') }).number).toBe('B001');
    expect(issue(core, 'a', T0, { person: person('p2') }).number).toBe('A002');
    expect(issue(core, 'a', T0).number).toBe('A003'); // no person: no check
    core.execute({ type: 'cancel', ticketId: a.id, reason: 'x' }, T0);
    expect(issue(core, 'a', T0, { person: person('p1') }).number).toBe('A004');
  });

  it('refuses beyond the daily cap, counting every ticket of the day: DAILY_CAP_REACHED', () => {
    const core = coreOf(hall({ hours: { enforce: false }, rules: { dailyCapPerPerson: 2 } }));
    const a = issue(core, 'a', T0, { person: person('p1') });
    core.execute({ type: 'cancel', ticketId: a.id, reason: 'x' }, T0);
    issue(core, 'b', T0, { person: person('p1') });
    expect(codeOf(() => issue(core, 'c', T0, { person: person('p1') }))).toBe('DAILY_CAP_REACHED');
    expect(issue(core, 'c', T0, { person: person('p2') }).number).toBe('C001');
    // The cap is per day.
    expect(issue(core, 'c', local(TUESDAY, '10:00'), { person: person('p1') }).number).toBe('C001');
  });

  it('the reference hall caps at 5 per person', () => {
    const core = coreOf(HOXUD);
    for (const service of ['tax', 'police', 'water', 'gas', 'bank'])
      issue(core, service, T0, { person: person('p1') });
    expect(codeOf(() => issue(core, 'heating', T0, { person: person('p1') }))).toBe(
      'DAILY_CAP_REACHED',
    );
  });

  it('gives the elderly priority from the birth date at elderlyAge (65), not a day younger', () => {
    const core = coreOf(HOXUD);
    const turns65Today = issue(core, 'tax', T0, { person: person('p1', '1961-11-23') });
    const turns65Tomorrow = issue(core, 'tax', T0, { person: person('p2', '1961-11-24') });
    const old = issue(core, 'tax', T0, { person: person('p3', '1940-01-01') });
    expect(turns65Today).toMatchObject({ priority: 'elderly', queueKey: T0 - 20 * MIN });
    expect(turns65Tomorrow).toMatchObject({ priority: null, queueKey: T0 });
    expect(old.priority).toBe('elderly');
  });

  it('follows rules.elderlyAge', () => {
    const core = coreOf(hall({ hours: { enforce: false }, rules: { elderlyAge: 60 } }));
    expect(issue(core, 'a', T0, { person: person('p1', '1966-11-23') }).priority).toBe('elderly');
    expect(issue(core, 'a', T0, { person: person('p2', '1966-11-24') }).priority).toBeNull();
  });

  it('keeps an explicit priority, and an appointment channel gives appointment priority', () => {
    const core = coreOf(config);
    expect(
      issue(core, 'a', T0, { person: person('p1', '1940-01-01'), priority: 'disabled' }).priority,
    ).toBe('disabled');
    expect(issue(core, 'a', T0, { channel: 'appointment' }).priority).toBe('appointment');
    expect(issue(core, 'a', T0, { channel: 'appointment', priority: 'military' }).priority).toBe(
      'military',
    );
    expect(issue(core, 'a', T0, { channel: 'guide' }).priority).toBeNull();
  });

  it('keeps the person key, never more, on the ticket', () => {
    const core = coreOf(config);
    const ticket = issue(core, 'a', T0, { person: person('hash-1'), requestId: 'req-1' });
    expect(ticket).toMatchObject({ personKey: 'hash-1', requestId: 'req-1' });
    expect(JSON.stringify(ticket)).not.toContain('1990-05-05');
    expect(core.state.ticketOfRequest('req-1')?.id).toBe(ticket.id);
    expect(core.state.ticketsOfPerson('hash-1').map((t) => t.id)).toEqual([ticket.id]);
  });
});

// ======================================================================================

describe('one active ticket per person, whatever the path', () => {
  const config = hall({ hours: { enforce: false } });

  it('a no-show cannot come back while the person holds a newer ticket for the service', () => {
    const core = coreOf(config);
    open(core, 'wa', T0);
    const first = issue(core, 'a', T0, { person: person('p1') });
    callNext(core, 'wa', T0 + MIN);
    act(core, 'no-show', 'wa', T0 + 2 * MIN);
    const second = issue(core, 'a', T0 + 3 * MIN, { person: person('p1') });
    expect(second.number).toBe('A002');
    expect(
      codeOf(() => core.execute({ type: 'return-no-show', ticketId: first.id }, T0 + 4 * MIN)),
    ).toBe('ALREADY_HAS_TICKET');
    expect(first.status).toBe('no-show');
  });

  it('a ticket cannot be diverted into a service where its holder already waits', () => {
    const core = coreOf(config);
    issue(core, 'a', T0, { person: person('p1') });
    const b = issue(core, 'b', T0, { person: person('p1') });
    expect(
      codeOf(() => core.execute({ type: 'divert', ticketId: b.id, toServiceId: 'a' }, T0 + MIN)),
    ).toBe('ALREADY_HAS_TICKET');
    expect(b.serviceId).toBe('b');
  });

  it('a repeated requestId issues nothing new', () => {
    const core = coreOf(config);
    const first = issue(core, 'a', T0, { requestId: 'kiosk-1-0001' });
    const again = core.execute(
      {
        type: 'issue',
        ticketId: 'another-id',
        serviceId: 'a',
        channel: 'kiosk',
        requestId: 'kiosk-1-0001',
      },
      T0 + MIN,
    );
    expect(again).toEqual([]);
    expect(core.state.ticketOfRequest('kiosk-1-0001')?.id).toBe(first.id);
    expect(core.state.tickets.size).toBe(1);
  });
});

describe('closing a window strands nobody', () => {
  it('tickets transferred to the window go back to their service queue, keeping their place', () => {
    const core = coreOf(hall({ hours: { enforce: false } }));
    open(core, 'wa', T0);
    open(core, 'wc', T0);
    const ticket = issue(core, 'a', T0);
    const later = issue(core, 'a', T0 + MIN);
    callNext(core, 'wa', T0 + 2 * MIN);
    core.execute({ type: 'transfer', windowId: 'wa', toWindowId: 'wc' }, T0 + 3 * MIN);
    expect(core.state.waitingForWindow('wc').map((t) => t.id)).toEqual([ticket.id]);
    const events = core.execute({ type: 'close-window', windowId: 'wc' }, T0 + 4 * MIN);
    expect(events.map((e) => e.type)).toEqual(['ticket.transferred', 'window.closed']);
    expect(core.state.waitingForWindow('wc')).toHaveLength(0);
    expect(core.state.waiting('a').map((t) => t.id)).toEqual([ticket.id, later.id]);
    expect(ticket.targetWindowId).toBeNull();
  });
});

describe('execute() and the day boundary', () => {
  it('reports the day.started it applied even when the command itself is refused', () => {
    const core = coreOf(hall({ hours: { enforce: false } }));
    issue(core, 'a', T0);
    const heard: DomainEvent[] = [];
    const nextDay = local(TUESDAY, '10:00');
    expect(
      codeOf(() =>
        core.execute({ type: 'call-next', windowId: 'wa' }, nextDay, (e) => heard.push(e)),
      ),
    ).toBe('WINDOW_CLOSED');
    expect(heard.map((e) => e.type)).toEqual(['day.started']);
    expect(core.state.day).toBe(TUESDAY);
  });
});

describe('priority ordering', () => {
  const config = hall({ hours: { enforce: false } });

  function calledOrder(issues: { at: number; priority: 'elderly' | null }[]): string[] {
    const core = coreOf(config);
    open(core, 'wa', T0 - 60 * MIN);
    for (const { at, priority } of issues) issue(core, 'a', at, { priority });
    const order: string[] = [];
    let now = T0 + 60 * MIN;
    for (let ticket = callNext(core, 'wa', now); ticket; ticket = callNext(core, 'wa', now)) {
      order.push(ticket.number);
      act(core, 'finish', 'wa', (now += MIN));
    }
    return order;
  }

  it('an elderly ticket issued later but within the boost window is called first', () => {
    expect(
      calledOrder([
        { at: T0, priority: null },
        { at: T0 + 15 * MIN, priority: 'elderly' },
      ]),
    ).toEqual(['A002', 'A001']);
  });

  it('a normal ticket issued more than the boost earlier is still called first', () => {
    expect(
      calledOrder([
        { at: T0, priority: null },
        { at: T0 + 25 * MIN, priority: 'elderly' },
      ]),
    ).toEqual(['A001', 'A002']);
  });

  it('at exactly the boost, the earlier ticket goes first', () => {
    expect(
      calledOrder([
        { at: T0, priority: null },
        { at: T0 + 20 * MIN, priority: 'elderly' },
      ]),
    ).toEqual(['A001', 'A002']);
  });

  it('priority tickets among themselves keep their issue order', () => {
    expect(
      calledOrder([
        { at: T0, priority: 'elderly' },
        { at: T0 + MIN, priority: null },
        { at: T0 + 2 * MIN, priority: 'elderly' },
      ]),
    ).toEqual(['A001', 'A003', 'A002']);
  });

  it('uses the boost of the class from the rules', () => {
    const core = coreOf(
      hall({
        hours: { enforce: false },
        rules: {
          priorityBoostMinutes: {
            appointment: 0,
            elderly: 5,
            disabled: 20,
            pregnant: 20,
            military: 20,
          },
        },
      }),
    );
    issue(core, 'a', T0);
    const appointment = issue(core, 'a', T0 + MIN, { channel: 'appointment' });
    const elderly = issue(core, 'a', T0 + 4 * MIN, { priority: 'elderly' });
    expect(appointment.queueKey).toBe(T0 + MIN);
    expect(elderly.queueKey).toBe(T0 - MIN);
    expect(numbers(core.state.waiting('a'))).toEqual(['A003', 'A001', 'A002']);
  });
});

// ======================================================================================

describe('routing', () => {
  describe('fifo', () => {
    const config = hall({ hours: { enforce: false }, routingPolicy: 'fifo' });

    it('a specialised window only takes its own service', () => {
      const core = coreOf(config, fifoPolicy);
      open(core, 'wa', T0 - 120 * MIN);
      issue(core, 'b', T0 - 60 * MIN);
      issue(core, 'c', T0 - 60 * MIN);
      expect(callNext(core, 'wa', T0)).toBeNull();
      const a = issue(core, 'a', T0);
      expect(callNext(core, 'wa', T0 + MIN)?.id).toBe(a.id);
    });

    it('a comprehensive window takes services in its order of preference', () => {
      const core = coreOf(config, fifoPolicy);
      open(core, 'wc', T0 - 60 * MIN);
      issue(core, 'b', T0 - 40 * MIN);
      issue(core, 'a', T0 - 30 * MIN);
      issue(core, 'c', T0);
      issue(core, 'a', T0 + MIN);
      const order: string[] = [];
      for (let t = callNext(core, 'wc', T0 + 2 * MIN); t; t = callNext(core, 'wc', T0 + 2 * MIN)) {
        order.push(t.number);
        act(core, 'finish', 'wc', T0 + 2 * MIN);
      }
      expect(order).toEqual(['C001', 'A001', 'A002', 'B001']);
    });

    it('reference hall: a tax window never takes police; a comprehensive window takes 综合 first, then tax', () => {
      const core = coreOf(HOXUD, fifoPolicy);
      open(core, 'w01', T0);
      open(core, 'w54', T0);
      const police = issue(core, 'police', T0);
      const tax = issue(core, 'tax', T0 + MIN);
      const general = issue(core, 'comprehensive', T0 + 2 * MIN);
      expect(callNext(core, 'w54', T0 + 3 * MIN)?.id).toBe(general.id);
      act(core, 'finish', 'w54', T0 + 4 * MIN);
      expect(callNext(core, 'w54', T0 + 5 * MIN)?.id).toBe(tax.id);
      act(core, 'finish', 'w54', T0 + 6 * MIN);
      expect(callNext(core, 'w01', T0 + 7 * MIN)).toBeNull();
      expect(callNext(core, 'w54', T0 + 8 * MIN)?.id).toBe(police.id);
    });
  });

  describe('balanced', () => {
    const config = hall({ hours: { enforce: false }, routingPolicy: 'balanced' });

    /** a has one ticket, b a long queue; wa and wb are open and busy. */
    function hotB(policy: RoutingPolicy) {
      const core = coreOf(config, policy);
      for (const w of ['wa', 'wb', 'wc']) open(core, w, T0 - 60 * MIN);
      issue(core, 'a', T0 - 10 * MIN);
      issue(core, 'b', T0 - 10 * MIN);
      callNext(core, 'wa', T0 - 9 * MIN);
      callNext(core, 'wb', T0 - 9 * MIN);
      const a = issue(core, 'a', T0 - 5 * MIN);
      const bs = Array.from({ length: 6 }, (_, i) => issue(core, 'b', T0 - 5 * MIN + i * 1000));
      return { core, a, bs };
    }

    it('a comprehensive window whose own queue is empty helps the most urgent service it may serve', () => {
      // a: 5 min waited + 1 × 10 over wa − 10 (rank 1) = 5; b: 5 + 6 × 10 over wb − 20 (rank 2) = 45.
      const { core, bs } = hotB(balancedPolicy());
      expect(callNext(core, 'wc', T0)?.id).toBe(bs[0]?.id);
    });

    it('where fifo would follow the preference order', () => {
      const { core, a } = hotB(fifoPolicy);
      expect(callNext(core, 'wc', T0)?.id).toBe(a.id);
    });

    it('serves its own queue first when others are not clearly more urgent', () => {
      const { core } = hotB(balancedPolicy());
      const own = issue(core, 'c', T0 - MIN);
      for (let i = 0; i < 4; i += 1) issue(core, 'c', T0 - MIN);
      // c: 1 + 5 × 10 over its own window wc = 51, no preference penalty; b: 5 + 6 × 10 − 20 = 45.
      expect(callNext(core, 'wc', T0)?.id).toBe(own.id);
    });

    it('a specialised window never helps another queue', () => {
      const { core } = hotB(balancedPolicy());
      act(core, 'finish', 'wa', T0);
      const next = callNext(core, 'wa', T0 + MIN);
      expect(next?.serviceId).toBe('a');
      act(core, 'finish', 'wa', T0 + 2 * MIN);
      expect(callNext(core, 'wa', T0 + 3 * MIN)).toBeNull();
    });

    it('starvation guard: a head waiting starvationMinutes longer than the own head is taken whatever the urgency', () => {
      const build = (oldAt: number) => {
        const core = coreOf(config, balancedPolicy());
        open(core, 'wa', T0 - 120 * MIN);
        open(core, 'wc', T0 - 120 * MIN);
        issue(core, 'a', T0 - 80 * MIN);
        callNext(core, 'wa', T0 - 80 * MIN); // wa busy with its first ticket
        const oldA = issue(core, 'a', oldAt);
        for (let i = 0; i < 10; i += 1) issue(core, 'c', T0 - 10 * MIN);
        return { core, oldA };
      };
      const pick = (core: HallCore, now: number) =>
        balancedPolicy().pick({
          config,
          state: core.state,
          window: windowConfig(config, 'wc'),
          services: ['c', 'a', 'b'],
          now,
        });
      // The own head (c) has queued 10 minutes, under the 20 of ownFirstMinutes.
      // a queued 69, 59 longer than c: c's 100 minutes of backlog outweigh a (69 + 10 − 5).
      const early = build(T0 - 69 * MIN);
      expect(pick(early.core, T0)?.serviceId).toBe('c');
      // a queued 71, 61 longer than c: the old a ticket goes first.
      const late = build(T0 - 71 * MIN);
      expect(pick(late.core, T0)?.id).toBe(late.oldA.id);
      expect(callNext(late.core, 'wc', T0)?.id).toBe(late.oldA.id);
    });

    it('reference hall: a comprehensive window with no 综合 tickets helps police once its queue is hot', () => {
      const core = coreOf(HOXUD, balancedPolicy());
      open(core, 'w54', T0 - 60 * MIN);
      open(core, 'w01', T0 - 60 * MIN);
      issue(core, 'tax', T0);
      issue(core, 'tax', T0);
      const police = issue(core, 'police', T0 + MIN);
      issue(core, 'police', T0 + MIN);
      issue(core, 'police', T0 + MIN);
      // tax: 2 + 2 × 12 over w01 − 10 (rank 1) = 16; police, no window of its own open:
      // 1 + 3 × 10 × 2 − 90 (rank 9) = −29.
      expect(callNext(core, 'w54', T0 + 2 * MIN)?.serviceId).toBe('tax');
      act(core, 'finish', 'w54', T0 + 3 * MIN);
      for (let i = 0; i < 3; i += 1) issue(core, 'police', T0 + 3 * MIN);
      // tax: 4 + 12 − 10 = 6; police: 3 + 6 × 10 × 2 − 90 = 33.
      expect(core.state.waiting('tax')).toHaveLength(1);
      expect(callNext(core, 'w54', T0 + 4 * MIN)?.id).toBe(police.id);
    });
  });
});

// ======================================================================================

describe('wait estimates', () => {
  const config = hall({ hours: { enforce: false } });

  it('is 0 with an idle open window and nobody ahead', () => {
    const core = coreOf(config);
    open(core, 'wa', T0);
    const ticket = issue(core, 'a', T0);
    expect(ticketsAhead(core.state, ticket)).toBe(0);
    expect(estimateWaitMinutes(core.state, 'a', 0)).toBe(0);
  });

  it('is positive when every window that serves it is busy or closed', () => {
    const closed = coreOf(config);
    expect(estimateWaitMinutes(closed.state, 'a', 0)).toBeGreaterThan(0);

    const busy = coreOf(config);
    open(busy, 'wa', T0);
    issue(busy, 'a', T0);
    callNext(busy, 'wa', T0);
    expect(estimateWaitMinutes(busy.state, 'a', 0)).toBe(5); // half a 10-minute service, one window
  });

  it('grows with the tickets ahead', () => {
    const core = coreOf(config);
    open(core, 'wa', T0);
    const values = [0, 1, 2, 3, 5, 8, 13, 40].map((ahead) =>
      estimateWaitMinutes(core.state, 'a', ahead),
    );
    for (let i = 1; i < values.length; i += 1)
      expect(values[i]).toBeGreaterThan(values[i - 1] as number);
  });

  it('shares a window’s time among the services it lists', () => {
    const core = coreOf(config);
    open(core, 'wb', T0);
    open(core, 'wc', T0);
    // b: wb gives 1, wc (b third) gives 1/3.
    const withHelp = estimateWaitMinutes(core.state, 'b', 4);
    core.execute({ type: 'close-window', windowId: 'wc' }, T0);
    const alone = estimateWaitMinutes(core.state, 'b', 4);
    expect(alone).toBe(45); // 4.5 × 10 over one window
    expect(withHelp).toBeLessThan(alone);
  });

  it('ticketsAhead counts the queue before a ticket, in its service or window queue', () => {
    const core = coreOf(config);
    const tickets = [0, 1, 2, 3].map((i) => issue(core, 'a', T0 + i * MIN));
    expect(tickets.map((t) => ticketsAhead(core.state, t))).toEqual([0, 1, 2, 3]);
    const elderly = issue(core, 'a', T0 + 10 * MIN, { priority: 'elderly' });
    expect(ticketsAhead(core.state, elderly)).toBe(0);
    core.execute(
      { type: 'divert', ticketId: tickets[3]?.id ?? '', toWindowId: 'wc' },
      T0 + 11 * MIN,
    );
    core.execute(
      { type: 'divert', ticketId: tickets[2]?.id ?? '', toWindowId: 'wc' },
      T0 + 11 * MIN,
    );
    expect(ticketsAhead(core.state, tickets[2] as Ticket)).toBe(0);
    expect(ticketsAhead(core.state, tickets[3] as Ticket)).toBe(1);
  });

  it('learns the observed service time', () => {
    const core = coreOf(config);
    open(core, 'wa', T0);
    issue(core, 'a', T0);
    callNext(core, 'wa', T0);
    act(core, 'start', 'wa', T0);
    act(core, 'finish', 'wa', T0 + 30 * MIN);
    // One observation of 30 minutes, weighted 1/10 against the expected 10.
    expect(core.state.meanServiceMinutes('a')).toBeCloseTo(12, 6);
  });
});

describe('好差评 ratings', () => {
  const config = hall({ hours: { enforce: false } });

  function served(): { core: HallCore; ticket: Ticket } {
    const core = coreOf(config);
    open(core, 'wa', T0, 'clerk-wang');
    const ticket = issue(core, 'a', T0);
    callNext(core, 'wa', T0 + MIN);
    return { core, ticket };
  }

  it('a done ticket is rated once, for the window and the clerk that served it', () => {
    const { core, ticket } = served();
    expect(
      codeOf(() =>
        core.execute({ type: 'rate', ticketId: ticket.id, level: 'satisfied' }, T0 + 2 * MIN),
      ),
    ).toBe('TICKET_NOT_DONE');
    act(core, 'finish', 'wa', T0 + 5 * MIN);
    const events = core.execute(
      {
        type: 'rate',
        ticketId: ticket.id,
        windowId: 'wa',
        level: 'dissatisfied',
        reasons: ['attitude', 'attitude'],
      },
      T0 + 6 * MIN,
    );
    expect(events).toEqual([
      {
        type: 'ticket.rated',
        at: T0 + 6 * MIN,
        ticketId: ticket.id,
        windowId: 'wa',
        clerkId: 'clerk-wang',
        level: 'dissatisfied',
        reasons: ['attitude'],
      },
    ]);
    expect(ticket.rating).toEqual({
      level: 'dissatisfied',
      reasons: ['attitude'],
      at: T0 + 6 * MIN,
    });
    expect(
      codeOf(() =>
        core.execute({ type: 'rate', ticketId: ticket.id, level: 'satisfied' }, T0 + 7 * MIN),
      ),
    ).toBe('ALREADY_RATED');
  });

  it('a rating pad rates only what its own window served', () => {
    const { core, ticket } = served();
    act(core, 'finish', 'wa', T0 + 5 * MIN);
    expect(
      codeOf(() =>
        core.execute(
          { type: 'rate', ticketId: ticket.id, windowId: 'wb', level: 'satisfied' },
          T0 + 6 * MIN,
        ),
      ),
    ).toBe('RATING_WRONG_WINDOW');
    expect(ticket.rating).toBeNull();
  });
});

describe('临时受理: a guide widens a window for now', () => {
  const config = hall({ hours: { enforce: false } });

  it('the window then serves the extra service after its own, until narrowed or closed', () => {
    const core = coreOf(config);
    open(core, 'wa', T0);
    const b = issue(core, 'b', T0);
    expect(callNext(core, 'wa', T0 + MIN)).toBeNull();
    const events = core.execute(
      { type: 'set-extra-services', windowId: 'wa', serviceIds: ['b', 'a'] },
      T0 + 2 * MIN,
    );
    expect(events).toEqual([
      { type: 'window.services-changed', at: T0 + 2 * MIN, windowId: 'wa', extraServiceIds: ['b'] },
    ]);
    const a = issue(core, 'a', T0 + 3 * MIN);
    expect(callNext(core, 'wa', T0 + 4 * MIN)?.id).toBe(a.id); // own service first under fifo
    act(core, 'finish', 'wa', T0 + 5 * MIN);
    expect(callNext(core, 'wa', T0 + 6 * MIN)?.id).toBe(b.id);
    act(core, 'finish', 'wa', T0 + 7 * MIN);
    expect(
      core.execute({ type: 'set-extra-services', windowId: 'wa', serviceIds: ['b'] }, T0 + 8 * MIN),
    ).toEqual([]);
    core.execute({ type: 'close-window', windowId: 'wa' }, T0 + 9 * MIN);
    expect(core.state.window('wa')?.extraServiceIds).toEqual([]);
  });

  it('refuses unknown services and closed windows', () => {
    const core = coreOf(config);
    expect(
      codeOf(() =>
        core.execute({ type: 'set-extra-services', windowId: 'wa', serviceIds: ['b'] }, T0),
      ),
    ).toBe('WINDOW_CLOSED');
    open(core, 'wa', T0);
    expect(
      codeOf(() =>
        core.execute({ type: 'set-extra-services', windowId: 'wa', serviceIds: ['zz'] }, T0),
      ),
    ).toBe('SERVICE_NOT_FOUND');
  });
});

describe('estimates when a service’s own windows are all closed', () => {
  it('counts the open flexible windows as real servers, not a sliver of one', () => {
    const core = coreOf(hall({ hours: { enforce: false } }));
    open(core, 'wc', T0); // comprehensive: c, then a, then b
    issue(core, 'c', T0);
    callNext(core, 'wc', T0); // wc is busy now
    issue(core, 'b', T0); // b's own window wb is closed
    const minutes = estimateWaitMinutes(core.state, 'b', 1);
    // Two tickets' worth of 10-minute service over half a window: well under an hour.
    expect(minutes).toBeGreaterThan(0);
    expect(minutes).toBeLessThanOrEqual(30);
  });
});

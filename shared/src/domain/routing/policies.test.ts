import type { PriorityClass } from '../hall-config';
import { parseHallConfig } from '../hall-config-validate';
import { HallCore } from '../hall-core';
import type { Ticket } from '../ticket';
import {
  ALL_POLICY_NAMES,
  balancedPolicy,
  createPolicy,
  fcfsPolicy,
  novoSgaPolicy,
  queueRatioPolicy,
  roundRobinPolicy,
  shortestQueuePolicy,
  theqPolicy,
  type RoutingPolicy,
} from '.';

const MIN = 60_000;
/** Monday 2026-03-02 10:00 in Asia/Shanghai. */
const T0 = Date.UTC(2026, 2, 2, 2, 0);

const service = (id: string, minutes = 10) => ({
  id,
  name: id.toUpperCase(),
  areaId: 'main',
  prefix: id.toUpperCase(),
  expectedMinutes: minutes,
  timeLimitMinutes: minutes * 3,
});
const win = (id: string, number: number, services: string[]) => ({
  id,
  number,
  name: id,
  kind: services.length > 1 ? ('comprehensive' as const) : ('specialised' as const),
  areaId: 'main',
  services,
});

/** Services a, b (10 min), s (short, 4 min); windows wa [a], wb [b], wa2 [a], wx [x, a, b, s]. */
const config = parseHallConfig({
  id: 'routing-test',
  name: 'Routing test',
  areas: [{ id: 'main', name: 'Main' }],
  services: [service('a'), service('b'), service('s', 4), service('x')],
  windows: [
    win('wa', 1, ['a']),
    win('wb', 2, ['b']),
    win('wa2', 3, ['a']),
    win('wx', 4, ['x', 'a', 'b', 's']),
  ],
  hours: { weekly: [[], [], [], [], [], [], []], enforce: false },
});

let seq = 0;
function setup(policy: RoutingPolicy, open: string[] = ['wa', 'wb', 'wa2', 'wx']) {
  const core = new HallCore(config, policy);
  for (const windowId of open)
    core.execute(
      { type: 'open-window', windowId, clerkId: windowId, clerkName: '李四' },
      T0 - 60 * MIN,
    );
  const issue = (serviceId: string, at: number, priority: PriorityClass | null = null): Ticket => {
    seq += 1;
    const ticketId = `t${seq}`;
    core.execute(
      {
        type: 'issue',
        ticketId,
        serviceId,
        channel: priority === 'appointment' ? 'appointment' : 'kiosk',
        priority,
      },
      at,
    );
    const ticket = core.state.tickets.get(ticketId) as Ticket;
    policy.observeIssued?.({ config, state: core.state, ticket, now: at });
    return ticket;
  };
  const call = (windowId: string, at: number): Ticket | null => {
    const events = core.execute({ type: 'call-next', windowId }, at);
    const called = events.find((e) => e.type === 'ticket.called');
    return called && called.type === 'ticket.called'
      ? (core.state.tickets.get(called.ticketId) ?? null)
      : null;
  };
  const finish = (windowId: string, at: number) => core.execute({ type: 'finish', windowId }, at);
  /** Keeps a window busy with a ticket of its own service. */
  const busy = (windowId: string, serviceId: string, at: number) => {
    issue(serviceId, at);
    expect(call(windowId, at)).not.toBeNull();
  };
  return { core, issue, call, finish, busy };
}

describe('routing policies', () => {
  it('every name creates a policy; pre-assignment policies are fresh instances', () => {
    for (const name of ALL_POLICY_NAMES) expect(createPolicy(name).pick).toBeInstanceOf(Function);
    expect(createPolicy('round-robin')).not.toBe(createPolicy('round-robin'));
    expect(() => createPolicy('nope')).toThrow(/unknown routing policy/);
  });

  describe('P1 round-robin pre-assignment', () => {
    it('binds tickets in turn to the windows serving the service, and only that window calls it', () => {
      const { issue, call } = setup(roundRobinPolicy());
      const tickets = [0, 1, 2, 3].map((i) => issue('a', T0 + i * 1000));
      // a is served by wa, wa2, wx in config order: t0 → wa, t1 → wa2, t2 → wx, t3 → wa.
      expect(call('wa2', T0 + MIN)?.id).toBe(tickets[1]?.id);
      expect(call('wx', T0 + MIN)?.id).toBe(tickets[2]?.id);
      expect(call('wa', T0 + MIN)?.id).toBe(tickets[0]?.id);
    });

    it('a free window does not take a ticket bound to a busy one', () => {
      const { issue, call, finish } = setup(roundRobinPolicy(), ['wa', 'wa2']);
      issue('a', T0);
      issue('a', T0 + 1000);
      issue('a', T0 + 2000); // bound to wa
      expect(call('wa', T0 + MIN)).not.toBeNull();
      expect(call('wa2', T0 + MIN)).not.toBeNull();
      finish('wa2', T0 + 2 * MIN);
      expect(call('wa2', T0 + 3 * MIN)).toBeNull(); // the third ticket waits for wa
    });

    it('binds tickets it never heard of at the next pick (the server does not call observeIssued)', () => {
      const policy = roundRobinPolicy();
      const { core, call } = setup(policy, ['wa', 'wa2']);
      core.execute({ type: 'issue', ticketId: 'silent', serviceId: 'a', channel: 'kiosk' }, T0);
      expect(call('wa', T0 + MIN)?.id).toBe('silent');
    });
  });

  describe('P2 join-the-shortest-queue pre-assignment', () => {
    it('binds each ticket to the serving window with the fewest tickets, own windows first on ties', () => {
      const { issue, call, busy } = setup(shortestQueuePolicy());
      busy('wa', 'a', T0 - 10 * MIN); // wa has 1 (at the window)
      const first = issue('a', T0); // wa2 and wx have 0: wa2 lists a first → wa2
      const second = issue('a', T0 + 1000); // wx has 0 → wx
      const third = issue('a', T0 + 2000); // all have 1: wa (rank 0, lowest number)
      expect(call('wx', T0 + MIN)?.id).toBe(second.id);
      expect(call('wa2', T0 + MIN)?.id).toBe(first.id);
      expect(third.id).toBeDefined();
    });
  });

  describe('P3 Novo SGA', () => {
    it('appointments first, then the window’s service order, then priority, then arrival', () => {
      const { issue, call } = setup(novoSgaPolicy);
      const bOld = issue('b', T0 - 30 * MIN);
      const aPlain = issue('a', T0 - 20 * MIN);
      const aElderly = issue('a', T0 - 5 * MIN, 'elderly');
      const bAppointment = issue('b', T0 - 2 * MIN, 'appointment');
      expect(call('wx', T0)?.id).toBe(bAppointment.id); // an appointment in any service
      expect(call('wa', T0)?.id).toBe(aElderly.id); // priority beats 15 minutes of waiting
      expect(call('wa2', T0)?.id).toBe(aPlain.id);
      expect(call('wb', T0)?.id).toBe(bOld.id);
    });

    it('a flexible window follows its service order (service weight), not the oldest ticket', () => {
      const { issue, call } = setup(novoSgaPolicy, ['wx']);
      issue('b', T0 - 30 * MIN);
      const a = issue('a', T0 - MIN);
      expect(call('wx', T0)?.id).toBe(a.id);
    });
  });

  describe('P4 TheQ', () => {
    it('priority first, then arrival, across services, with no preference for its own', () => {
      const { issue, call, finish } = setup(theqPolicy, ['wx']);
      issue('x', T0 - MIN);
      const bOld = issue('b', T0 - 30 * MIN);
      const aPriority = issue('a', T0 - 2 * MIN, 'disabled');
      expect(call('wx', T0)?.id).toBe(aPriority.id);
      finish('wx', T0 + MIN);
      expect(call('wx', T0 + MIN)?.id).toBe(bOld.id); // older than its own x ticket
    });

    it('takes the earliest arrival when nobody has priority', () => {
      const { issue, call } = setup(theqPolicy, ['wx']);
      issue('x', T0 - MIN);
      const bOld = issue('b', T0 - 30 * MIN);
      expect(call('wx', T0)?.id).toBe(bOld.id);
    });
  });

  describe('P5 queue ratio', () => {
    it('takes the service with the largest backlog per own window', () => {
      const { issue, call, busy } = setup(queueRatioPolicy);
      busy('wa', 'a', T0 - 20 * MIN);
      busy('wa2', 'a', T0 - 20 * MIN);
      busy('wb', 'b', T0 - 20 * MIN);
      // a: 3 waiting over 2 own windows (15 min of work each); b: 2 over 1 (20 min).
      for (let i = 0; i < 3; i += 1) issue('a', T0 - 10 * MIN);
      const b = issue('b', T0 - MIN);
      issue('b', T0 - MIN);
      expect(call('wx', T0)?.id).toBe(b.id);
    });
  });

  describe('fcfs (the pooled bound B1)', () => {
    it('takes the earliest queue place across services, priority boost included', () => {
      const { issue, call } = setup(fcfsPolicy, ['wx']);
      issue('b', T0 - 15 * MIN);
      const elderly = issue('a', T0 - MIN, 'elderly'); // queues as if 20 minutes earlier
      expect(call('wx', T0)?.id).toBe(elderly.id);
    });
  });

  describe('P7 balanced', () => {
    it('a window serves its own queue when no other is clearly more urgent', () => {
      const { issue, call, busy } = setup(balancedPolicy());
      busy('wa', 'a', T0 - 20 * MIN);
      busy('wa2', 'a', T0 - 20 * MIN);
      const own = issue('x', T0 - MIN);
      issue('a', T0 - 2 * MIN);
      // x: only wx serves it (capacity floor) → urgent; a: 2 + 10/2 = 7 per 10 min − 5.
      expect(call('wx', T0)?.id).toBe(own.id);
    });

    it('helps where its time cuts waiting most: per minute of service, shorter tickets first', () => {
      const { issue, call, busy } = setup(balancedPolicy(), ['wa', 'wa2', 'wb', 'wx']);
      busy('wa', 'a', T0 - 20 * MIN);
      busy('wa2', 'a', T0 - 20 * MIN);
      busy('wb', 'b', T0 - 20 * MIN);
      // b: 3 waiting, 10 min each, 1 other window: projected 2 + 30 = 32 → 32 per 10 min.
      for (let i = 0; i < 3; i += 1) issue('b', T0 - 2 * MIN);
      // s: 3 waiting, 4 min each, nobody else serves it (floor 0.3): 2 + 40 = 42 → 105 per 10 min.
      const s = issue('s', T0 - 2 * MIN);
      issue('s', T0 - 2 * MIN);
      issue('s', T0 - 2 * MIN);
      expect(call('wx', T0)?.id).toBe(s.id);
    });

    it('helps the hottest queue among the others', () => {
      const { issue, call, busy } = setup(balancedPolicy(), ['wa', 'wa2', 'wb', 'wx']);
      busy('wa', 'a', T0 - 20 * MIN);
      busy('wa2', 'a', T0 - 20 * MIN);
      busy('wb', 'b', T0 - 20 * MIN);
      // a: 2 waiting over 2 other windows → 1 + 10 = 11; b: 4 over 1 → 1 + 40 = 41.
      issue('a', T0 - MIN);
      issue('a', T0 - MIN);
      const b = issue('b', T0 - MIN);
      for (let i = 0; i < 3; i += 1) issue('b', T0 - MIN);
      expect(call('wx', T0)?.id).toBe(b.id);
    });

    it('never starves: a head queued over an hour longer than its own head goes first', () => {
      const { issue, call, busy } = setup(balancedPolicy(), ['wa', 'wb', 'wx']);
      busy('wb', 'b', T0 - 90 * MIN);
      const old = issue('b', T0 - 62 * MIN);
      busy('wa', 'a', T0 - 5 * MIN);
      // x: own, 10 waiting, nobody else serves it: far the higher score; 62 − 1 > 60.
      for (let i = 0; i < 10; i += 1) issue('x', T0 - MIN);
      expect(call('wx', T0)?.id).toBe(old.id);
    });

    it('starvation counts from its own head: an hour older than that, not an hour old', () => {
      const { issue, call, busy } = setup(balancedPolicy(), ['wa', 'wb', 'wx']);
      busy('wb', 'b', T0 - 90 * MIN);
      issue('b', T0 - 70 * MIN);
      busy('wa', 'a', T0 - 5 * MIN);
      // Own head queued 30: b's head is only 40 minutes older, and the own head is due.
      const own = issue('x', T0 - 30 * MIN);
      expect(call('wx', T0)?.id).toBe(own.id);
    });

    it('its own head, once queued 20 minutes, goes before help elsewhere', () => {
      const { issue, call, busy } = setup(balancedPolicy(), ['wa', 'wb', 'wx']);
      busy('wb', 'b', T0 - 30 * MIN);
      // b: 6 waiting for 1 other window: projected 10 + 60 = 70 per 10 min − 5, far above x's.
      for (let i = 0; i < 6; i += 1) issue('b', T0 - 10 * MIN);
      busy('wa', 'a', T0 - 5 * MIN);
      const own = issue('x', T0 - 20 * MIN);
      expect(call('wx', T0)?.id).toBe(own.id);
    });

    it('before that, its time goes where the score is highest', () => {
      const { issue, call, busy } = setup(balancedPolicy(), ['wa', 'wb', 'wx']);
      busy('wb', 'b', T0 - 30 * MIN);
      const b = issue('b', T0 - 10 * MIN);
      for (let i = 0; i < 5; i += 1) issue('b', T0 - 10 * MIN);
      busy('wa', 'a', T0 - 5 * MIN);
      // x: own, queued 19 + 10 / 0.3 ≈ 52 per 10 min; b: 10 + 60 = 70 − 5 = 65.
      issue('x', T0 - 19 * MIN);
      expect(call('wx', T0)?.id).toBe(b.id);
    });

    it('only ever calls a queue head (the core’s queue order, bounded priority)', () => {
      const { issue, call } = setup(balancedPolicy(), ['wx']);
      const plain = issue('a', T0 - 30 * MIN);
      issue('a', T0 - MIN, 'elderly'); // boost 20: still behind a ticket 30 minutes old
      expect(call('wx', T0)?.id).toBe(plain.id);
    });
  });
});

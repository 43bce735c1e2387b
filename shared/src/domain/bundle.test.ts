import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { combinedMaterials } from './bundle';
import type { Command } from './commands';
import { HallError, type ErrorCode } from './errors';
import type { DomainEvent } from './events';
import type { HallConfig, HallConfigInput } from './hall-config';
import { HallConfigError, parseHallConfig } from './hall-config-validate';
import { HallCore } from './hall-core';
import { HallState } from './hall-state';
import { fifoPolicy } from './routing';
import type { Ticket } from './ticket';
import { bundleOfferViews, ticketBundleView } from '../protocol/bundle-views';

const MIN = 60_000;
/** Monday 2026-11-23 10:00 in Asia/Shanghai. */
const T0 = Date.UTC(2026, 10, 23, 2, 0);
const WORKDAY = [{ open: '09:00', close: '17:30' }];

const service = (id: string, prefix: string, materials: string[] = []) => ({
  id,
  name: `Service ${id.toUpperCase()}`,
  areaId: 'main',
  prefix,
  expectedMinutes: 10,
  timeLimitMinutes: 30,
  materials,
});

/**
 * Services a, b, c, d; windows wa [a], wb [b], wd [d] and the 一件事 window wc [c, a, b].
 * Bundle "abc": a → b (optional) → c. Bundle "bd": b → d.
 */
function hall(bundles?: HallConfigInput['bundles']): HallConfig {
  return parseHallConfig({
    id: 'bundle-hall',
    name: 'Bundle hall',
    areas: [{ id: 'main', name: 'Main' }],
    services: [
      service('a', 'A', ['身份证', '申请表']),
      service('b', 'B', ['身份证', '营业执照']),
      service('c', 'C', ['申请表 ', '公章']),
      service('d', 'D'),
    ],
    windows: [
      { id: 'wa', number: 1, name: 'A', kind: 'specialised', areaId: 'main', services: ['a'] },
      { id: 'wb', number: 2, name: 'B', kind: 'specialised', areaId: 'main', services: ['b'] },
      { id: 'wd', number: 4, name: 'D', kind: 'specialised', areaId: 'main', services: ['d'] },
      {
        id: 'wc',
        number: 3,
        name: '一件事',
        kind: 'comprehensive',
        areaId: 'main',
        services: ['c', 'a', 'b'],
      },
    ],
    hours: { weekly: [WORKDAY, WORKDAY, WORKDAY, WORKDAY, WORKDAY, [], []] },
    routingPolicy: 'fifo',
    bundles: bundles ?? [
      {
        id: 'abc',
        name: '开办',
        nameEn: 'Start-up',
        steps: [
          { serviceId: 'a' },
          { serviceId: 'b', optional: true },
          { serviceId: 'c', optional: false },
        ],
      },
      { id: 'bd', name: 'BD', steps: [{ serviceId: 'b' }, { serviceId: 'd' }] },
    ],
  });
}

let seq = 0;

class Hall {
  readonly core: HallCore;
  readonly log: DomainEvent[] = [];
  constructor(readonly config = hall()) {
    this.core = new HallCore(config, fifoPolicy);
  }
  run(command: Command, now: number): DomainEvent[] {
    return this.core.execute(command, now, (e) => this.log.push(e));
  }
  issue(now: number, extra: Partial<Extract<Command, { type: 'issue' }>>): Ticket {
    seq += 1;
    const id = `t${seq}`;
    this.run({ type: 'issue', ticketId: id, serviceId: '', channel: 'kiosk', ...extra }, now);
    return this.ticket(id);
  }
  ticket(id: string): Ticket {
    const ticket = this.core.state.tickets.get(id);
    if (!ticket) throw new Error(`no ticket ${id}`);
    return ticket;
  }
  open(...windowIds: string[]): void {
    for (const windowId of windowIds)
      this.run({ type: 'open-window', windowId, clerkId: `c-${windowId}`, clerkName: '王五' }, T0);
  }
  at(windowId: string, type: 'call-next' | 'start' | 'finish', now: number): DomainEvent[] {
    return this.run({ type, windowId }, now);
  }
  steps(id: string): string[] {
    return (this.ticket(id).bundle?.steps ?? []).map((s) => `${s.serviceId}:${s.status}`);
  }
}

function codeOf(fn: () => unknown): ErrorCode {
  try {
    fn();
  } catch (error) {
    if (error instanceof HallError) return error.code;
    throw error;
  }
  throw new Error('expected a HallError');
}

describe('一件事一次办: the step machine', () => {
  it('goes step by step in order, queueing for the next with its original place', () => {
    const h = new Hall();
    h.open('wa', 'wb');
    const bundle = h.issue(T0, { bundleId: 'abc' });
    expect(bundle).toMatchObject({ number: 'A001', serviceId: 'a', status: 'waiting' });
    expect(h.steps(bundle.id)).toEqual(['a:pending', 'b:pending', 'c:pending']);
    // Someone comes for b after the bundle ticket was issued.
    const plainB = h.issue(T0 + 5 * MIN, { serviceId: 'b' });

    expect(h.at('wa', 'call-next', T0 + 10 * MIN)[0]).toMatchObject({ ticketId: bundle.id });
    h.at('wa', 'start', T0 + 11 * MIN);
    const finished = h.at('wa', 'finish', T0 + 20 * MIN);
    expect(finished).toEqual([
      {
        type: 'ticket.step-finished',
        at: T0 + 20 * MIN,
        ticketId: bundle.id,
        windowId: 'wa',
        serviceId: 'a',
        nextServiceId: 'b',
        stay: false,
      },
    ]);
    const after = h.ticket(bundle.id);
    expect(after).toMatchObject({
      serviceId: 'b',
      status: 'waiting',
      windowId: null,
      issuedAt: T0,
      queueKey: T0,
      number: 'A001',
    });
    expect(h.core.state.window('wa')?.currentTicketId).toBeNull();
    expect(h.steps(bundle.id)).toEqual(['a:done', 'b:pending', 'c:pending']);
    // It kept its place: ahead of the b ticket issued after it.
    expect(h.core.state.waiting('b').map((t) => t.id)).toEqual([bundle.id, plainB.id]);
    expect(h.at('wb', 'call-next', T0 + 21 * MIN)[0]).toMatchObject({ ticketId: bundle.id });
    expect(h.at('wb', 'finish', T0 + 30 * MIN)[0]).toMatchObject({
      type: 'ticket.step-finished',
      nextServiceId: 'c',
    });
    // c is served only at the 一件事 window wc.
    h.open('wc');
    h.at('wc', 'call-next', T0 + 31 * MIN);
    expect(h.at('wc', 'finish', T0 + 40 * MIN)).toEqual([
      { type: 'ticket.finished', at: T0 + 40 * MIN, ticketId: bundle.id, windowId: 'wc' },
    ]);
    const done = h.ticket(bundle.id);
    expect(done.status).toBe('done');
    expect(done.bundle?.steps.map((s) => [s.serviceId, s.status, s.windowId])).toEqual([
      ['a', 'done', 'wa'],
      ['b', 'done', 'wb'],
      ['c', 'done', 'wc'],
    ]);
    expect(done.bundle?.firstCalledAt).toBe(T0 + 10 * MIN);
    // Each step's own service time is learnt (10 min steps, not the 30 of the whole).
    // (a: 9 minutes observed, blended 1:9 with the expected 10.)
    expect(h.core.state.meanServiceMinutes('a')).toBeCloseTo(9.9, 5);
    expect(h.core.state.meanServiceMinutes('b')).toBeCloseTo(9.9, 5);
  });

  it('serves every step in one sitting at a window that serves them all', () => {
    const h = new Hall();
    h.open('wc');
    const t = h.issue(T0, { bundleId: 'abc' });
    h.at('wc', 'call-next', T0 + MIN);
    h.at('wc', 'start', T0 + 2 * MIN);
    expect(h.at('wc', 'finish', T0 + 10 * MIN)[0]).toMatchObject({
      stay: true,
      nextServiceId: 'b',
    });
    expect(h.ticket(t.id)).toMatchObject({ status: 'serving', serviceId: 'b', windowId: 'wc' });
    expect(h.core.state.window('wc')?.currentTicketId).toBe(t.id);
    expect(h.at('wc', 'finish', T0 + 15 * MIN)[0]).toMatchObject({
      stay: true,
      nextServiceId: 'c',
    });
    expect(h.at('wc', 'finish', T0 + 20 * MIN)[0]?.type).toBe('ticket.finished');
    expect(h.steps(t.id)).toEqual(['a:done', 'b:done', 'c:done']);
    expect(h.core.state.window('wc')?.currentTicketId).toBeNull();
  });

  it('leaves out optional steps the citizen does not need, and refuses unknown ones', () => {
    const h = new Hall();
    h.open('wa');
    const t = h.issue(T0, { bundleId: 'abc', bundleSteps: [] });
    expect(h.steps(t.id)).toEqual(['a:pending', 'b:skipped', 'c:pending']);
    h.at('wa', 'call-next', T0 + MIN);
    expect(h.at('wa', 'finish', T0 + 5 * MIN)[0]).toMatchObject({ nextServiceId: 'c' });
    expect(codeOf(() => h.issue(T0, { bundleId: 'abc', bundleSteps: ['d'] }))).toBe(
      'BUNDLE_STEP_NOT_FOUND',
    );
    expect(codeOf(() => h.issue(T0, { bundleId: 'nope' }))).toBe('BUNDLE_NOT_FOUND');
  });

  it('lets the clerk add a needed step after the current one and skip an optional one', () => {
    const h = new Hall();
    h.open('wb', 'wd', 'wa');
    const t = h.issue(T0, { bundleId: 'abc' });
    h.at('wa', 'call-next', T0 + MIN);
    const skip = (serviceId: string) =>
      h.run({ type: 'skip-step', windowId: 'wa', serviceId }, T0 + 2 * MIN);
    const add = (serviceId: string) =>
      h.run({ type: 'add-step', windowId: 'wa', serviceId }, T0 + 2 * MIN);
    expect(codeOf(() => skip('c'))).toBe('BUNDLE_STEP_REQUIRED');
    expect(codeOf(() => skip('a'))).toBe('BUNDLE_STEP_NOT_PENDING');
    expect(codeOf(() => skip('d'))).toBe('BUNDLE_STEP_NOT_FOUND');
    expect(codeOf(() => add('a'))).toBe('BUNDLE_STEP_EXISTS');
    expect(codeOf(() => add('c'))).toBe('BUNDLE_STEP_EXISTS');
    expect(codeOf(() => add('zz'))).toBe('SERVICE_NOT_FOUND');
    expect(skip('b')[0]).toMatchObject({ type: 'ticket.step-skipped', serviceId: 'b' });
    expect(h.steps(t.id)).toEqual(['a:pending', 'b:skipped', 'c:pending']);
    expect(add('d')[0]).toMatchObject({ type: 'ticket.step-added', serviceId: 'd', index: 1 });
    expect(h.steps(t.id)).toEqual(['a:pending', 'd:pending', 'b:skipped', 'c:pending']);
    // A skipped step can be added back: it moves right after the current one.
    add('b');
    expect(h.steps(t.id)).toEqual(['a:pending', 'b:pending', 'd:pending', 'c:pending']);
    expect(h.at('wa', 'finish', T0 + 5 * MIN)[0]).toMatchObject({ nextServiceId: 'b' });
    h.at('wb', 'call-next', T0 + 6 * MIN);
    expect(h.at('wb', 'finish', T0 + 7 * MIN)[0]).toMatchObject({ nextServiceId: 'd' });
    // Added steps may be skipped again; the plain ticket is no bundle.
    h.at('wd', 'call-next', T0 + 8 * MIN);
    expect(h.ticket(t.id).serviceId).toBe('d');
    const plain = h.issue(T0 + 8 * MIN, { serviceId: 'a' });
    h.at('wa', 'call-next', T0 + 9 * MIN);
    expect(h.core.state.currentTicket('wa')?.id).toBe(plain.id);
    expect(
      codeOf(() => h.run({ type: 'add-step', windowId: 'wa', serviceId: 'b' }, T0 + 9 * MIN)),
    ).toBe('NOT_A_BUNDLE');
  });

  it('moves the current step on a transfer, and never sends a ticket back to a step done', () => {
    const h = new Hall();
    h.open('wa', 'wb');
    const t = h.issue(T0, { bundleId: 'abc' });
    h.at('wa', 'call-next', T0 + MIN);
    h.at('wa', 'finish', T0 + 5 * MIN);
    h.at('wb', 'call-next', T0 + 6 * MIN);
    // Back to a step already done: refused, nothing changes.
    expect(
      codeOf(() => h.run({ type: 'transfer', windowId: 'wb', toServiceId: 'a' }, T0 + 7 * MIN)),
    ).toBe('BUNDLE_STEP_EXISTS');
    // Forward to a later step: it comes first, the current one stays to do after it.
    h.run({ type: 'transfer', windowId: 'wb', toServiceId: 'c' }, T0 + 7 * MIN);
    expect(h.steps(t.id)).toEqual(['a:done', 'c:pending', 'b:pending']);
    expect(h.ticket(t.id)).toMatchObject({ serviceId: 'c', status: 'waiting', queueKey: T0 });
    // To a service outside the bundle: it replaces the current step.
    h.run({ type: 'divert', ticketId: t.id, toServiceId: 'd' }, T0 + 8 * MIN);
    expect(h.steps(t.id)).toEqual(['a:done', 'd:pending', 'b:pending']);
    expect(
      codeOf(() => h.run({ type: 'divert', ticketId: t.id, toServiceId: 'a' }, T0 + 9 * MIN)),
    ).toBe('BUNDLE_STEP_EXISTS');
  });

  it('replays its events to the same state, and a bundle event never shares state', () => {
    const h = new Hall();
    h.open('wc', 'wa');
    h.issue(T0, { bundleId: 'abc' });
    h.issue(T0 + MIN, { bundleId: 'bd' });
    h.at('wc', 'call-next', T0 + 2 * MIN);
    h.at('wa', 'call-next', T0 + 2 * MIN);
    h.run({ type: 'add-step', windowId: 'wc', serviceId: 'd' }, T0 + 3 * MIN);
    h.at('wc', 'finish', T0 + 4 * MIN);
    h.open('wd');
    h.at('wd', 'call-next', T0 + 5 * MIN);
    h.at('wd', 'finish', T0 + 6 * MIN);
    const fresh = new HallState(h.config);
    for (const event of h.log) fresh.apply(event);
    expect(new Map(fresh.tickets)).toEqual(new Map(h.core.state.tickets));
    const issued = h.log.find((e) => e.type === 'ticket.issued');
    expect(issued?.type === 'ticket.issued' && issued.ticket.bundle?.steps[0]?.status).toBe(
      'pending',
    );
  });
});

describe('一件事一次办: configuration and views', () => {
  it('validates bundles: services exist, no step twice, one required step, ids apart', () => {
    const problems = (bundles: HallConfigInput['bundles']) => {
      try {
        hall(bundles);
        return [];
      } catch (error) {
        if (error instanceof HallConfigError) return error.problems;
        throw error;
      }
    };
    expect(problems([{ id: 'x', name: 'X', steps: [{ serviceId: 'zz' }] }])).toEqual([
      'bundles.0.steps.0.serviceId: no service "zz"',
    ]);
    expect(
      problems([{ id: 'x', name: 'X', steps: [{ serviceId: 'a' }, { serviceId: 'a' }] }]),
    ).toEqual(['bundles.0.steps: "a" is listed twice']);
    expect(problems([{ id: 'x', name: 'X', steps: [{ serviceId: 'a', optional: true }] }])).toEqual(
      ['bundles.0.steps: at least one step must be required'],
    );
    expect(
      problems([
        { id: 'a', name: 'X', steps: [{ serviceId: 'a' }] },
        { id: 'y', name: 'Y', steps: [{ serviceId: 'b' }] },
        { id: 'y', name: 'Y', steps: [{ serviceId: 'c' }] },
      ]),
    ).toEqual(['bundles: id "y" is used twice', 'bundles: id "a" is also a service\'s id']);
  });

  it('lists the combined materials once each, and says where to go next', () => {
    const config = hall();
    expect(combinedMaterials(config, ['a', 'b', 'c'])).toEqual([
      '身份证',
      '申请表',
      '营业执照',
      '公章',
    ]);
    expect(bundleOfferViews(config)[0]).toMatchObject({
      id: 'abc',
      name: '开办',
      materials: ['身份证', '申请表', '营业执照', '公章'],
      steps: [{ serviceId: 'a' }, { serviceId: 'b', optional: true }, { serviceId: 'c' }],
    });
    const h = new Hall(config);
    h.open('wa', 'wc');
    const t = h.issue(T0, { bundleId: 'abc', bundleSteps: [] });
    h.at('wa', 'call-next', T0 + MIN);
    h.at('wa', 'finish', T0 + 2 * MIN);
    const view = ticketBundleView(h.core.state, config, h.ticket(t.id));
    expect(view).toMatchObject({
      id: 'abc',
      done: 1,
      total: 2,
      current: { serviceId: 'c', windowNumbers: [3] },
      next: null,
    });
    expect(view?.steps.map((s) => `${s.serviceId}:${s.status}:${s.windowNumber}`)).toEqual([
      'a:done:1',
      'b:skipped:null',
      'c:current:null',
    ]);
  });

  it('the reference hall offers real bundles over its own services', () => {
    const hoxud = parseHallConfig(
      JSON.parse(readFileSync(join(__dirname, '../../halls/hoxud.json'), 'utf8')),
    );
    const ids = hoxud.bundles.map((b) => b.id);
    expect(ids).toEqual(
      expect.arrayContaining(['business-startup', 'property-transfer', 'retirement']),
    );
    const startup = hoxud.bundles.find((b) => b.id === 'business-startup');
    expect(startup?.steps.map((s) => s.serviceId).slice(0, 3)).toEqual([
      'market-supervision',
      'police',
      'tax',
    ]);
  });
});

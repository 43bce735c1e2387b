import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Command } from './commands';
import { HallError } from './errors';
import { estimateWaitMinutes, ticketsAhead } from './estimate';
import type { HallConfig } from './hall-config';
import { parseHallConfig } from './hall-config-validate';
import { HallCore } from './hall-core';
import type { HallState } from './hall-state';
import { routingPolicy } from './routing';
import type { Ticket } from './ticket';

/**
 * ticketsAhead finds a ticket by binary search and estimateWaitMinutes keeps its sums of
 * finished service times between changes (HallState.finishedRevision): both must answer
 * exactly as the plain walks they replace, whatever happened in the hall.
 */

const MIN = 60_000;
/** Monday 2026-11-23 10:00 in Asia/Shanghai. */
const T0 = Date.UTC(2026, 10, 23, 2, 0);

function referenceHall(): HallConfig {
  const config = parseHallConfig(
    JSON.parse(readFileSync(join(__dirname, '..', '..', 'halls', 'hoxud.json'), 'utf8')),
  );
  return { ...config, hours: { ...config.hours, enforce: false } };
}

/** The walk ticketsAhead did before: count until the ticket. */
function aheadByWalk(state: HallState, ticket: Ticket): number {
  const queue = ticket.targetWindowId
    ? state.waitingForWindow(ticket.targetWindowId)
    : state.waiting(ticket.serviceId);
  let ahead = 0;
  for (const other of queue) {
    if (other.id === ticket.id) break;
    ahead += 1;
  }
  return ahead;
}

/** A deterministic pseudo-random sequence (the test must fail the same way every run). */
function random(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

describe('wait estimates, the fast forms', () => {
  it.each([1, 2, 3, 4])('answer as the plain walks through a busy random day (seed %i)', (seed) => {
    const config = referenceHall();
    const core = new HallCore(config, routingPolicy(config.routingPolicy));
    const rand = random(seed);
    const pick = <T>(list: readonly T[]): T => list[Math.floor(rand() * list.length)] as T;
    // A few windows, and only their services: a busy corner of the hall, many finishes.
    const windows = config.windows.slice(0, 6).map((w) => w.id);
    const served = new Set(config.windows.slice(0, 6).flatMap((w) => w.services));
    const services = config.services.map((s) => s.id).filter((id) => served.has(id));
    let now = T0;
    let n = 0;
    const ticketIds: string[] = [];
    // Many tickets within the same minute: ties in (queueKey, issuedAt) must be walked.
    const commands: (() => Command)[] = [
      () => {
        n += 1;
        ticketIds.push(`t${n}`);
        return {
          type: 'issue',
          ticketId: `t${n}`,
          serviceId: pick(services),
          channel: pick(['kiosk', 'guide'] as const),
          priority: rand() < 0.15 ? pick(['elderly', 'disabled', 'military'] as const) : null,
        };
      },
      () => ({ type: 'open-window', windowId: pick(windows), clerkId: 'c', clerkName: '张三' }),
      () => ({ type: 'call-next', windowId: pick(windows) }),
      () => ({ type: 'start', windowId: pick(windows) }),
      () => ({ type: 'finish', windowId: pick(windows) }),
      () => ({ type: 'no-show', windowId: pick(windows) }),
      () => ({
        type: 'return-no-show',
        ticketId: pick(
          [...core.state.tickets.values()].filter((t) => t.status === 'no-show').map((t) => t.id),
        ),
      }),
      () => ({ type: 'divert', ticketId: pick(ticketIds), toWindowId: pick(windows) }),
      () => ({ type: 'divert', ticketId: pick(ticketIds), toServiceId: pick(services) }),
      () => ({ type: 'set-priority', ticketId: pick(ticketIds), priority: null }),
      () => ({ type: 'cancel', ticketId: pick(ticketIds), reason: 'left' }),
      () => ({ type: 'close-window', windowId: pick(windows) }),
    ];
    const weights = [30, 4, 12, 8, 10, 3, 3, 2, 2, 2, 2, 1];
    const total = weights.reduce((a, b) => a + b, 0);
    let checked = 0;
    const seen = new Map<string, number>();
    for (let step = 0; step < 1500; step += 1) {
      let r = rand() * total;
      let index = 0;
      while (r >= (weights[index] as number)) r -= weights[index++] as number;
      now += rand() < 0.5 ? 0 : Math.floor(rand() * 3 * MIN);
      try {
        for (const event of core.execute((commands[index] as () => Command)(), now))
          seen.set(event.type, (seen.get(event.type) ?? 0) + 1);
      } catch (error) {
        if (!(error instanceof HallError)) throw error;
      }
      if (step % 25 !== 0) continue;
      const state = core.state;
      for (const ticket of state.tickets.values()) {
        if (ticket.status !== 'waiting') continue;
        const ahead = ticketsAhead(state, ticket);
        expect(ahead).toBe(aheadByWalk(state, ticket));
        checked += 1;
      }
      // The cached sums against a state that never asked before (a fresh cache).
      const fresh = Object.create(state) as HallState;
      Object.defineProperty(fresh, 'finishedRevision', { value: -1 });
      for (const serviceId of services) {
        for (const ahead of [0, 3, 17]) {
          expect(estimateWaitMinutes(state, serviceId, ahead)).toBe(
            estimateWaitMinutes(fresh, serviceId, ahead),
          );
        }
      }
    }
    expect(checked).toBeGreaterThan(200);
    // The day did what the test is about: finishes, diversions and returns.
    expect(seen.get('ticket.finished') ?? 0).toBeGreaterThan(20);
    expect(seen.get('ticket.transferred') ?? 0).toBeGreaterThan(5);
    expect(seen.get('ticket.returned') ?? 0).toBeGreaterThan(0);
  });

  it('sees a finished ticket at once (the cache follows the state)', () => {
    const config = referenceHall();
    const core = new HallCore(config, routingPolicy(config.routingPolicy));
    const serviceId = config.services[0]?.id as string;
    const windowId = config.windows.find((w) => w.services[0] === serviceId)?.id as string;
    core.execute({ type: 'open-window', windowId, clerkId: 'c', clerkName: '张三' }, T0);
    for (let i = 0; i < 5; i += 1)
      core.execute(
        { type: 'issue', ticketId: `x${i}`, serviceId, channel: 'kiosk' },
        T0 + i * 1000,
      );
    const before = estimateWaitMinutes(core.state, serviceId, 4);
    // Ten long services (60 minutes each) raise the mean the estimate uses.
    let now = T0 + MIN;
    for (let i = 0; i < 10; i += 1) {
      core.execute(
        { type: 'issue', ticketId: `y${i}`, serviceId, channel: 'kiosk', priority: 'elderly' },
        now,
      );
      core.execute({ type: 'call-next', windowId }, now);
      core.execute({ type: 'start', windowId }, now);
      now += 60 * MIN;
      core.execute({ type: 'finish', windowId }, now);
    }
    expect(estimateWaitMinutes(core.state, serviceId, 4)).toBeGreaterThan(before);
  });
});

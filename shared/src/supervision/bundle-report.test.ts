import type { Command } from '../domain/commands';
import type { DomainEvent } from '../domain/events';
import { parseHallConfig } from '../domain/hall-config-validate';
import { HallCore } from '../domain/hall-core';
import { fifoPolicy } from '../domain/routing';
import { computeReport } from './reports';

const MIN = 60_000;
/** Monday 2026-11-23 10:00 in Asia/Shanghai. */
const T0 = Date.UTC(2026, 10, 23, 2, 0);
const WORKDAY = [{ open: '09:00', close: '17:30' }];
const service = (id: string, prefix: string) => ({
  id,
  name: `事项${prefix}`,
  areaId: 'main',
  prefix,
  expectedMinutes: 10,
  timeLimitMinutes: 30,
});

const config = parseHallConfig({
  id: 'report-hall',
  name: 'Report hall',
  areas: [{ id: 'main', name: 'Main' }],
  services: [service('a', 'A'), service('b', 'B'), service('c', 'C')],
  windows: [
    { id: 'wa', number: 1, name: 'A', kind: 'specialised', areaId: 'main', services: ['a'] },
    { id: 'wb', number: 2, name: 'B', kind: 'specialised', areaId: 'main', services: ['b'] },
    { id: 'wc', number: 3, name: 'C', kind: 'specialised', areaId: 'main', services: ['c'] },
  ],
  hours: { weekly: [WORKDAY, WORKDAY, WORKDAY, WORKDAY, WORKDAY, [], []] },
  routingPolicy: 'fifo',
  bundles: [
    {
      id: 'abc',
      name: '开办',
      steps: [{ serviceId: 'a' }, { serviceId: 'b' }, { serviceId: 'c' }],
    },
    { id: 'ca', name: 'CA', steps: [{ serviceId: 'c' }, { serviceId: 'a' }] },
  ],
});

describe('一件事一次办 in the supervision report', () => {
  it('counts bundles started and finished, first call → last finish, and where they stall', () => {
    const core = new HallCore(config, fifoPolicy);
    const log: DomainEvent[] = [];
    const run = (command: Command, minute: number) =>
      core.execute(command, T0 + minute * MIN, (e) => log.push(e));
    for (const windowId of ['wa', 'wb', 'wc'])
      run({ type: 'open-window', windowId, clerkId: `c-${windowId}`, clerkName: '王五' }, 0);
    const issue = (ticketId: string, minute: number) =>
      run({ type: 'issue', ticketId, serviceId: '', bundleId: 'abc', channel: 'kiosk' }, minute);
    const at = (windowId: string, type: 'call-next' | 'finish', minute: number) =>
      run({ type, windowId }, minute);
    issue('t1', 0);
    issue('t2', 1);
    run({ type: 'issue', ticketId: 'p1', serviceId: 'a', channel: 'kiosk' }, 2);
    at('wa', 'call-next', 10); // t1 waited 10 for a
    at('wa', 'finish', 20);
    at('wb', 'call-next', 30); // t1 waited 10 for b
    at('wb', 'finish', 40);
    at('wa', 'call-next', 41); // t2 waited 40 for a
    at('wa', 'finish', 45);
    at('wc', 'call-next', 46); // t1 waited 6 for c
    at('wc', 'finish', 50); // t1 done: 10 → 50 = 40 minutes
    // t2 waits for b and is never called: it stalls at b.

    const report = computeReport({
      config,
      from: '2026-11-23',
      to: '2026-11-23',
      by: 'service',
      events: log.map((event, i) => ({ seq: i + 1, event })),
      windowsAtStart: [],
      now: T0 + 60 * MIN,
      clerkLabels: {},
    });
    expect(report.bundles).toEqual([
      {
        bundleId: 'abc',
        name: '开办',
        started: 2,
        finished: 1,
        unfinished: 1,
        spanMeanMinutes: 40,
        spanMaxMinutes: 40,
        steps: [
          {
            serviceId: 'a',
            serviceName: '事项A',
            reached: 2,
            finished: 2,
            waitMeanMinutes: 25,
            waitMaxMinutes: 40,
            stuck: 0,
          },
          {
            serviceId: 'b',
            serviceName: '事项B',
            reached: 2,
            finished: 1,
            waitMeanMinutes: 10,
            waitMaxMinutes: 10,
            stuck: 1,
          },
          {
            serviceId: 'c',
            serviceName: '事项C',
            reached: 1,
            finished: 1,
            waitMeanMinutes: 6,
            waitMaxMinutes: 6,
            stuck: 0,
          },
        ],
      },
      {
        bundleId: 'ca',
        name: 'CA',
        started: 0,
        finished: 0,
        unfinished: 0,
        spanMeanMinutes: null,
        spanMaxMinutes: null,
        steps: [
          expect.objectContaining({ serviceId: 'c', reached: 0, waitMeanMinutes: null }),
          expect.objectContaining({ serviceId: 'a', reached: 0 }),
        ],
      },
    ]);
    // Each step counts as served for its own service, with its own service time.
    const row = (id: string) => report.rows.find((r) => r.key === id);
    expect(row('a')).toMatchObject({ issued: 3, served: 2, serviceMeanMinutes: 7 });
    expect(row('b')).toMatchObject({ issued: 0, served: 1, serviceMeanMinutes: 10 });
    expect(row('c')).toMatchObject({ served: 1, serviceMeanMinutes: 4 });
    expect(report.total.served).toBe(4);
  });

  it('has no bundle section when no bundle ticket was issued', () => {
    const report = computeReport({
      config,
      from: '2026-11-23',
      to: '2026-11-23',
      by: 'service',
      events: [],
      windowsAtStart: [],
      now: T0,
      clerkLabels: {},
    });
    expect(report.bundles).toBeUndefined();
  });
});

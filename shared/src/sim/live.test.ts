import { HallCore } from '../domain/hall-core';
import { createPolicy } from '../domain/routing';
import { suggestTemporaryServices } from './live';
import { smallHall } from './test-fixtures';

const MIN = 60_000;
const T0 = Date.UTC(2026, 2, 2, 2, 0); // Monday 10:00 in Asia/Shanghai

function hall() {
  const config = smallHall();
  const core = new HallCore(config, createPolicy('balanced'));
  let n = 0;
  const run = (command: Parameters<HallCore['execute']>[0], at: number) =>
    core.execute(command, at);
  const issue = (serviceId: string, at: number) => {
    n += 1;
    run({ type: 'issue', ticketId: `t${n}`, serviceId, channel: 'kiosk' }, at);
  };
  for (const windowId of ['wa1', 'wa2', 'wb', 'wc'])
    run({ type: 'open-window', windowId, clerkId: windowId, clerkName: '张三' }, T0 - 60 * MIN);
  return { config, core, run, issue };
}

describe('live advisor', () => {
  it('suggests a light window take a hot service for now, as a guide would say it', () => {
    const { core, run, issue } = hall();
    for (let i = 0; i < 2; i += 1) issue('a', T0 - 30 * MIN);
    run({ type: 'call-next', windowId: 'wa1' }, T0 - 30 * MIN);
    run({ type: 'call-next', windowId: 'wa2' }, T0 - 30 * MIN);
    for (let i = 0; i < 6; i += 1) issue('a', T0 - 25 * MIN + i * MIN);
    issue('b', T0 - MIN);
    run({ type: 'call-next', windowId: 'wb' }, T0 - MIN);

    const [first, ...rest] = suggestTemporaryServices(core.state, T0);
    // a: head queued 25 min + 6 × 10 over 2 windows = 55 min. wb (same area, own queue empty,
    // busy) beats wc (idle, but in another area).
    expect(first).toMatchObject({
      windowId: 'wb',
      serviceId: 'a',
      text: '3号乙窗口临时受理业务A',
      projectedMinutes: 55,
    });
    expect(first?.projectedWithHelpMinutes).toBeLessThan(55);
    expect(rest.map((s) => s.windowId)).toEqual(['wc']); // still hot: a second helper
    expect(first?.command).toEqual({
      type: 'set-extra-services',
      windowId: 'wb',
      serviceIds: ['a'],
    });

    // The suggestion is a command the core takes: wb then calls a's head after its own.
    run(first!.command, T0);
    run({ type: 'finish', windowId: 'wb' }, T0 + MIN);
    const events = run({ type: 'call-next', windowId: 'wb' }, T0 + MIN);
    const called = events.find((e) => e.type === 'ticket.called');
    expect(
      called &&
        called.type === 'ticket.called' &&
        core.state.tickets.get(called.ticketId)?.serviceId,
    ).toBe('a');
    // Now served by wb, a is no longer short of one helper.
    expect(suggestTemporaryServices(core.state, T0 + MIN).map((s) => s.windowId)).not.toContain(
      'wb',
    );
  });

  it('suggests nothing when no queue is hot', () => {
    const { core, issue } = hall();
    issue('a', T0 - MIN);
    expect(suggestTemporaryServices(core.state, T0)).toEqual([]);
  });
});

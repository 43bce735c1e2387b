import { HallMirror } from './hall-mirror';
import type { PublicEvent } from './events';
import type { HallSnapshot, WindowView } from './http';

const window = (id: string, number: number): WindowView => ({
  id,
  number,
  name: `${number}号`,
  kind: 'specialised',
  areaId: 'main',
  services: ['a'],
  status: 'idle',
  clerkName: '王*',
  staffNumber: null,
  pauseReason: null,
  currentTicket: null,
  extended: false,
  extraServices: [],
});

const snapshot: HallSnapshot = {
  epoch: 'e1',
  seq: 10,
  hall: { id: 'h', name: 'Hall', timeZone: 'Asia/Shanghai' },
  day: '2026-11-23',
  phase: 'issuing',
  sessions: [],
  services: [
    { id: 'a', name: 'A', prefix: 'A', areaId: 'main', waiting: 2, estimatedWaitMinutes: 5 },
  ],
  windows: [window('w1', 1), window('w2', 2)],
  recentCalls: [],
};

const at = '2026-11-23T02:00:00.000Z';
type AtWindowType = 'ticket.called' | 'ticket.started' | 'ticket.finished';
const called = (
  seq: number,
  number: string,
  windowId = 'w1',
  type: AtWindowType = 'ticket.called',
): PublicEvent => ({
  seq,
  at,
  type,
  ticketId: `t-${number}`,
  number,
  serviceId: 'a',
  windowId,
  windowNumber: windowId === 'w1' ? 1 : 2,
  windowName: windowId === 'w1' ? '1号' : '2号',
});

describe('HallMirror', () => {
  it('applies events in order and tracks calls and window states', () => {
    const mirror = new HallMirror(snapshot);
    expect(mirror.apply(called(11, 'A001'))).toBe('applied');
    expect(mirror.window('w1')).toMatchObject({ status: 'calling', currentTicket: 'A001' });
    expect(mirror.snapshot.recentCalls.map((c) => c.number)).toEqual(['A001']);
    mirror.apply(called(12, 'A001', 'w1', 'ticket.started'));
    expect(mirror.window('w1')?.status).toBe('serving');
    mirror.apply(called(13, 'A001', 'w1', 'ticket.finished'));
    expect(mirror.window('w1')).toMatchObject({ status: 'idle', currentTicket: null });
    expect(mirror.seq).toBe(13);
  });

  it('ignores an event it has already seen and reports a gap without changing anything', () => {
    const mirror = new HallMirror(snapshot);
    mirror.apply(called(11, 'A001'));
    expect(mirror.apply(called(11, 'A001'))).toBe('duplicate');
    expect(mirror.snapshot.recentCalls).toHaveLength(1);
    expect(mirror.apply(called(13, 'A002', 'w2'))).toBe('gap');
    expect(mirror.window('w2')?.currentTicket).toBeNull();
    expect(mirror.seq).toBe(11);
  });

  it('frees the window a transfer or a cancel leaves', () => {
    const mirror = new HallMirror(snapshot);
    mirror.apply(called(11, 'A001'));
    mirror.apply(called(12, 'A002', 'w2'));
    mirror.apply({
      seq: 13,
      at,
      type: 'ticket.transferred',
      ticketId: 't-A001',
      number: 'A001',
      serviceId: 'b',
      fromServiceId: 'a',
      fromWindowId: 'w1',
      fromWindowNumber: 1,
      toWindowId: null,
      toWindowNumber: null,
    });
    mirror.apply({
      seq: 14,
      at,
      type: 'ticket.cancelled',
      ticketId: 't-A002',
      number: 'A002',
      serviceId: 'a',
      freedWindowId: 'w2',
      freedWindowNumber: 2,
    });
    expect(mirror.window('w1')).toMatchObject({ status: 'idle', currentTicket: null });
    expect(mirror.window('w2')).toMatchObject({ status: 'idle', currentTicket: null });
  });

  it('a new day clears calls and current tickets', () => {
    const mirror = new HallMirror(snapshot);
    mirror.apply(called(11, 'A001'));
    mirror.apply({ seq: 12, at, type: 'day.started', day: '2026-11-24' });
    expect(mirror.snapshot.day).toBe('2026-11-24');
    expect(mirror.snapshot.recentCalls).toEqual([]);
    expect(mirror.window('w1')?.currentTicket).toBeNull();
  });

  it('takes waiting counts only for the seq it has reached', () => {
    const mirror = new HallMirror(snapshot);
    const services = [{ ...snapshot.services[0]!, waiting: 7 }];
    expect(mirror.applyQueues({ seq: 11, services })).toBe('gap');
    expect(mirror.applyQueues({ seq: 10, services })).toBe('applied');
    expect(mirror.snapshot.services[0]?.waiting).toBe(7);
    expect(mirror.snapshot).not.toBe(snapshot);
    expect(snapshot.services[0]?.waiting).toBe(2);
  });
});

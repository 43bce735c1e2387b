import {
  api,
  collectEvents,
  connectSocket,
  issueAtKiosk,
  nextEvent,
  staffHall,
  startTestHall,
  until,
  type HallSocket,
  type TestHall,
} from '../helpers/hall-server';

/**
 * queue.changed is a view that every display receives: it is coalesced (at most one per
 * 500 ms, the first at once) and left out when no count or estimate moved, since with
 * 1,000 displays each one is 1,000 writes.
 */
describe('queue.changed to every display', () => {
  let hall: TestHall;
  let socket: HallSocket;
  let kiosk: string;
  let clerk: string;

  beforeAll(async () => {
    hall = await startTestHall();
    ({ kiosk, clerk } = await staffHall(hall));
    socket = connectSocket(hall.url);
    await nextEvent(socket, 'hall.snapshot');
  });

  afterAll(async () => {
    socket.close();
    await hall.server.close();
  });

  const issue = () => issueAtKiosk(hall, kiosk, 'tax');

  test('a burst of tickets gives one frame at once and one more with the final counts', async () => {
    const received = collectEvents(socket);
    await Promise.all(Array.from({ length: 10 }, issue));
    await until(() => received.filter((e) => e.name === 'ticket.issued').length === 10);
    await new Promise((r) => setTimeout(r, 1200));
    const frames = received.filter((e) => e.name === 'queue.changed');
    expect(frames.length).toBeGreaterThanOrEqual(1);
    expect(frames.length).toBeLessThanOrEqual(3);
    const last = frames[frames.length - 1]?.payload;
    expect(last.services.find((s: { id: string }) => s.id === 'tax').waiting).toBe(10);
    expect(last.seq).toBe(received.filter((e) => e.name === 'ticket.issued').at(-1)?.payload.seq);
    socket.offAny();
  });

  test('an event that moves no count or estimate sends no queue.changed', async () => {
    // Serve the whole tax queue at w01, so the counts settle.
    const served: string[] = [];
    for (let i = 0; i < 10; i += 1) {
      const next = await api(hall.url, 'POST', '/api/windows/w01/next', { token: clerk });
      expect(next.status).toBe(200);
      served.push(next.body.ticket.id);
      const finish = await api(hall.url, 'POST', '/api/windows/w01/finish', { token: clerk });
      expect(finish.status).toBe(200);
    }
    await new Promise((r) => setTimeout(r, 700));
    const received = collectEvents(socket);
    const rated = await api(hall.url, 'POST', `/api/tickets/${served[0]}/rating`, {
      body: { level: 'satisfied' },
    });
    expect(rated.status).toBe(201);
    await until(() => received.some((e) => e.name === 'ticket.rated'));
    await new Promise((r) => setTimeout(r, 800));
    expect(received.filter((e) => e.name === 'queue.changed')).toEqual([]);

    // A ticket that moves the counts still gets its frame.
    await issue();
    await until(() => received.some((e) => e.name === 'queue.changed'));
    socket.offAny();
  });
});

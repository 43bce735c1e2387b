import { connectLiveHall, type LiveHall } from '../../shared/src/client/live-hall';
import type { PublicEvent } from '../../shared/src/protocol';
import {
  api,
  createStaff,
  enrollKiosk,
  login,
  startTestHall,
  until,
  type TestHall,
} from '../helpers/hall-server';

/**
 * The client mirror every display uses, against a real server: it matches GET /api/hall
 * after every change, hears each call exactly once, and converges after a restart.
 */
describe('a live hall mirror over socket.io', () => {
  let hall: TestHall;
  let live: LiveHall;
  const heard: PublicEvent[] = [];

  const serverView = async () => (await api(hall.url, 'GET', '/api/hall')).body;
  const converged = async () => {
    const expected = await serverView();
    await until(() => JSON.stringify(live.mirror()?.snapshot) === JSON.stringify(expected), 3000);
  };

  beforeAll(async () => {
    hall = await startTestHall();
    createStaff(hall, 'boss', 'admin');
    createStaff(hall, 'clerk1', 'clerk', '王芳');
  });

  afterAll(async () => {
    live?.close();
    await hall.server.close();
  });

  test('follows issue, call, start, finish, pause exactly', async () => {
    live = connectLiveHall({ url: hall.url, onEvent: (e) => heard.push(e) });
    await until(() => live.mirror() !== null);
    const admin = await login(hall.url, 'boss');
    const kiosk = await enrollKiosk(hall, admin);
    const clerk = await login(hall.url, 'clerk1', 'w01');
    for (let i = 0; i < 3; i += 1) {
      await api(hall.url, 'POST', '/api/tickets', {
        token: kiosk,
        body: { serviceId: 'tax', channel: 'kiosk' },
      });
    }
    await converged();
    await api(hall.url, 'POST', '/api/windows/w01/next', { token: clerk });
    await converged();
    expect(live.mirror()?.window('w01')).toMatchObject({
      status: 'calling',
      currentTicket: 'A001',
    });
    await api(hall.url, 'POST', '/api/windows/w01/start', { token: clerk });
    await api(hall.url, 'POST', '/api/windows/w01/finish', { token: clerk });
    await api(hall.url, 'POST', '/api/windows/w01/pause', {
      token: clerk,
      body: { reason: '午间交接' },
    });
    await converged();
    expect(live.mirror()?.window('w01')).toMatchObject({ status: 'paused', currentTicket: null });
    const calls = heard.filter((e) => e.type === 'ticket.called');
    expect(calls.map((e) => (e.type === 'ticket.called' ? e.number : ''))).toEqual(['A001']);
    const seqs = heard.map((e) => e.seq);
    expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
    expect(new Set(seqs).size).toBe(seqs.length);
  });

  test('after a server restart it converges within 3 s, missing no call and repeating none', async () => {
    const port = hall.server.port;
    const { dataDir, clock } = hall;
    await hall.server.close();
    hall = await startTestHall({ dataDir, clock, port });
    const clerk = await login(hall.url, 'clerk1', 'w01');
    await api(hall.url, 'POST', '/api/windows/w01/resume', { token: clerk });
    await api(hall.url, 'POST', '/api/windows/w01/next', { token: clerk });
    await converged();
    const calls = heard.filter((e) => e.type === 'ticket.called');
    expect(calls.map((e) => (e.type === 'ticket.called' ? e.number : ''))).toEqual([
      'A001',
      'A002',
    ]);
    const seqs = heard.map((e) => e.seq);
    expect(new Set(seqs).size).toBe(seqs.length);
  });
});

import type net from 'node:net';
import { connectLeanDisplay } from '../../scripts/bench/lean-display';
import {
  api,
  issueAtKiosk,
  staffHall,
  startTestHall,
  until,
  type TestHall,
} from '../helpers/hall-server';

/**
 * The benchmark's lean display (scripts/bench/lean-display.ts) must be a real socket.io
 * peer: the server welcomes it like any hall board, and it hears each call with the ticket
 * id the clerk's answer names, exactly once.
 */
describe('the benchmark lean display against a real server', () => {
  let hall: TestHall;
  let display: net.Socket | undefined;

  beforeAll(async () => {
    hall = await startTestHall();
  });

  afterAll(async () => {
    display?.destroy();
    await hall.server.close();
  });

  test('is welcomed with a snapshot and hears each ticket.called once, with its id', async () => {
    let ready = false;
    const errors: Error[] = [];
    const heard: string[] = [];
    const { port } = new URL(hall.url);
    display = connectLeanDisplay('127.0.0.1', Number(port), Date.now, {
      onReady: () => (ready = true),
      onCalled: (ticketId) => heard.push(ticketId),
      onError: (error) => errors.push(error),
    });
    await until(() => ready);

    const { kiosk, clerk } = await staffHall(hall);
    for (let i = 0; i < 2; i += 1) await issueAtKiosk(hall, kiosk, 'tax');
    const called: string[] = [];
    for (let i = 0; i < 2; i += 1) {
      const answer = await api(hall.url, 'POST', '/api/windows/w01/next', { token: clerk });
      expect(answer.status).toBe(200);
      called.push(answer.body.ticket.id);
      await until(() => heard.length === called.length);
      await api(hall.url, 'POST', '/api/windows/w01/finish', { token: clerk });
    }
    expect(heard).toEqual(called);
    expect(errors).toEqual([]);
    expect(display.destroyed).toBe(false);
  });
});

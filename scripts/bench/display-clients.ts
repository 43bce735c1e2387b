import type net from 'node:net';
import { io, type Socket } from 'socket.io-client';
import { connectLeanDisplay } from './lean-display';

/**
 * A worker process of the server benchmark: holds many socket.io display clients, each its
 * own connection, the way hall boards and window screens connect. It notes when each
 * client receives each `ticket.called` (on the shared clock performance.timeOrigin +
 * performance.now(), comparable across processes) and reports to its parent on request.
 *
 * `lean: true` holds lean protocol peers instead (lean-display.ts: the same wire, without
 * socket.io-client's decoding of every frame in this one process).
 *
 * Messages from the parent: { type: 'connect', url, count, lean? }, { type: 'report' },
 * { type: 'close' }. Answers: { type: 'connected', count, failed } (all this worker holds
 * now), { type: 'report', calls }.
 */

const now = () => performance.timeOrigin + performance.now();
const sockets: Socket[] = [];
const leanSockets: net.Socket[] = [];
/** ticketId → receive times, one per client. */
let calls = new Map<string, number[]>();

function send(message: unknown): void {
  process.send?.(message);
}

let failed = 0;

function received(ticketId: string, at: number): void {
  let list = calls.get(ticketId);
  if (!list) {
    list = [];
    calls.set(ticketId, list);
  }
  list.push(at);
}

function connectLean(url: string): Promise<void> {
  const { hostname, port } = new URL(url);
  return new Promise<void>((resolve) => {
    let settled = false;
    const settle = (ok: boolean) => {
      if (settled) return;
      settled = true;
      if (!ok) failed += 1;
      resolve();
    };
    leanSockets.push(
      connectLeanDisplay(hostname, Number(port), now, {
        onReady: () => settle(true),
        onCalled: received,
        onError: () => settle(false),
      }),
    );
  });
}

async function connectAll(url: string, count: number, lean: boolean): Promise<void> {
  const one = () => (lean ? connectLean(url) : connectFull(url));
  // In batches, so the handshakes do not all land at once.
  for (let done = 0; done < count; done += 100) {
    await Promise.all(Array.from({ length: Math.min(100, count - done) }, one));
  }
  send({ type: 'connected', count: sockets.length + leanSockets.length - failed, failed });
}

function connectFull(url: string): Promise<void> {
  return new Promise<void>((resolve) => {
    const socket = io(url, {
      transports: ['websocket'],
      forceNew: true,
      reconnection: false,
      timeout: 30_000,
    });
    socket.on('ticket.called', (event: { ticketId: string }) => received(event.ticketId, now()));
    socket.once('hall.snapshot', () => resolve());
    socket.once('connect_error', () => {
      failed += 1;
      resolve();
    });
    sockets.push(socket);
  });
}

process.on('message', (message: { type: string; url?: string; count?: number; lean?: boolean }) => {
  if (message.type === 'connect')
    void connectAll(message.url as string, message.count as number, message.lean === true);
  else if (message.type === 'report') {
    send({ type: 'report', calls: Object.fromEntries(calls) });
    calls = new Map();
  } else if (message.type === 'close') {
    for (const socket of sockets) socket.close();
    for (const socket of leanSockets) socket.destroy();
    process.exit(0);
  }
});
process.on('disconnect', () => process.exit(0));

import { io, type Socket } from 'socket.io-client';

/**
 * A worker process of the server benchmark: holds many socket.io display clients, each its
 * own connection, the way hall boards and window screens connect. It notes when each
 * client receives each `ticket.called` (on the shared clock performance.timeOrigin +
 * performance.now(), comparable across processes) and reports to its parent on request.
 *
 * Messages from the parent: { type: 'connect', url, count }, { type: 'report' },
 * { type: 'close' }. Answers: { type: 'connected', count, failed } (all this worker holds
 * now), { type: 'report', calls }.
 */

const now = () => performance.timeOrigin + performance.now();
const sockets: Socket[] = [];
/** ticketId → receive times, one per client. */
let calls = new Map<string, number[]>();

function send(message: unknown): void {
  process.send?.(message);
}

let failed = 0;

async function connectAll(url: string, count: number): Promise<void> {
  const one = () =>
    new Promise<void>((resolve) => {
      const socket = io(url, {
        transports: ['websocket'],
        forceNew: true,
        reconnection: false,
        timeout: 30_000,
      });
      socket.on('ticket.called', (event: { ticketId: string }) => {
        const at = now();
        let list = calls.get(event.ticketId);
        if (!list) {
          list = [];
          calls.set(event.ticketId, list);
        }
        list.push(at);
      });
      socket.once('hall.snapshot', () => resolve());
      socket.once('connect_error', () => {
        failed += 1;
        resolve();
      });
      sockets.push(socket);
    });
  // In batches, so the handshakes do not all land at once.
  for (let done = 0; done < count; done += 100) {
    await Promise.all(Array.from({ length: Math.min(100, count - done) }, one));
  }
  send({ type: 'connected', count: sockets.length - failed, failed });
}

process.on('message', (message: { type: string; url?: string; count?: number }) => {
  if (message.type === 'connect') void connectAll(message.url as string, message.count as number);
  else if (message.type === 'report') {
    send({ type: 'report', calls: Object.fromEntries(calls) });
    calls = new Map();
  } else if (message.type === 'close') {
    for (const socket of sockets) socket.close();
    process.exit(0);
  }
});
process.on('disconnect', () => process.exit(0));

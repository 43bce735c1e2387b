import type http from 'node:http';
import { Server, type Socket } from 'socket.io';
import {
  handshakeAuthSchema,
  serviceQueueViews,
  syncRequestSchema,
  type ClientToServerEvents,
  type PublicEvent,
  type ServerToClientEvents,
  type SyncAnswer,
} from '../../shared/src/protocol';
import type { Principal } from './auth/principal';
import { apiError } from './http/errors';
import type { ServerContext } from './http/context';
import { deviceStatusFeed } from './http/routes/device-status';
import { batchFrameWrites } from './realtime-batch';
import type { StoredEvent } from './store/hall-store';

/**
 * queue.changed is sent at most this often (it follows the events by at most this much).
 * Waiting counts on a board may lag half a second; each frame costs a write per display.
 */
const QUEUES_EVERY_MS = 500;

/** A client this far behind gets a snapshot instead of the events it missed. */
const MAX_CATCH_UP = 1000;

interface SocketData {
  principal: Principal | null;
}

type HallSocket = Socket<
  ClientToServerEvents,
  ServerToClientEvents,
  Record<string, never>,
  SocketData
>;
export type HallIo = Server<
  ClientToServerEvents,
  ServerToClientEvents,
  Record<string, never>,
  SocketData
>;

/** Browsers from another site may not subscribe; non-browser clients send no Origin. */
function originAllowed(
  origin: string | undefined,
  host: string | undefined,
  allowed: readonly string[],
): boolean {
  if (!origin) return true;
  if (allowed.includes(origin)) return true;
  try {
    return new URL(origin).host === host;
  } catch {
    return false;
  }
}

/**
 * Live state over socket.io. Every stored event goes to every client under its own name
 * with its seq; `queue.changed` follows when waiting counts moved. A client connecting
 * with { epoch, lastSeq } gets what it missed (or a snapshot when that is too much or
 * the database is another one); a client with none gets a snapshot.
 */
export function attachRealtime(
  server: http.Server,
  ctx: ServerContext,
  allowedOrigins: readonly string[],
): HallIo {
  const io: HallIo = new Server(server, {
    serveClient: true,
    // The default, made explicit: compressing each frame per client would cost the fan-out
    // of a call (1,000 displays) far more than the few hundred bytes it saves on a LAN.
    perMessageDeflate: false,
    allowRequest: (req, callback) => {
      callback(null, originAllowed(req.headers.origin, req.headers.host, allowedOrigins));
    },
  });

  batchFrameWrites(io.engine);

  io.use((socket, next) => {
    const auth = handshakeAuthSchema.safeParse(socket.handshake.auth ?? {});
    if (!auth.success) return next(new Error('VALIDATION_FAILED'));
    socket.data.principal = null;
    if (auth.data.token) {
      const principal = ctx.accounts.principal(auth.data.token);
      if (!principal) return next(new Error('UNAUTHENTICATED'));
      socket.data.principal = principal;
    }
    next();
  });

  const catchUp = (epoch: string | undefined, lastSeq: number | undefined): SyncAnswer => {
    const hall = ctx.hall;
    if (
      epoch === hall.epoch &&
      lastSeq !== undefined &&
      lastSeq <= hall.lastSeq &&
      hall.lastSeq - lastSeq <= MAX_CATCH_UP
    ) {
      return {
        mode: 'events',
        epoch: hall.epoch,
        events: hall.publicEventsAfter(lastSeq, MAX_CATCH_UP),
      };
    }
    return { mode: 'snapshot', snapshot: hall.snapshot() };
  };

  const send = (socket: HallSocket, event: PublicEvent) => {
    (socket.emit as (name: string, payload: unknown) => void)(event.type, event);
  };

  // Group commit (hall-service.ts): the state in memory may be ahead of the disk for a
  // moment; a newcomer's snapshot and a sync answer wait for the COMMIT like HTTP answers.
  const whenDurable = (then: () => void) => {
    if (!ctx.hall.whenDurable(then)) then();
  };

  const welcome = (socket: HallSocket) => {
    if (!socket.connected) return;
    const principal = socket.data.principal;
    // All of this runs synchronously: no event can slip between the catch-up and joining.
    void socket.join('hall');
    if (principal?.kind === 'user') {
      void socket.join('staff');
      void socket.join(`session:${principal.tokenHash}`);
    }
    if (principal?.kind === 'device') void socket.join(`device:${principal.deviceId}`);
    const auth = handshakeAuthSchema.safeParse(socket.handshake.auth ?? {});
    const answer = catchUp(
      auth.success ? auth.data.epoch : undefined,
      auth.success ? auth.data.lastSeq : undefined,
    );
    if (answer.mode === 'snapshot') socket.emit('hall.snapshot', answer.snapshot);
    else {
      for (const event of answer.events) send(socket, event);
      // Even when no event was missed: the queue.changed that followed the last event may
      // have been lost with the connection (a crash right after the events went out), and
      // without it the client's waiting counts would stay stale until the next command.
      socket.emit('queue.changed', {
        seq: ctx.hall.lastSeq,
        services: serviceQueueViews(ctx.hall.state),
      });
    }
  };

  io.on('connection', (socket: HallSocket) => {
    whenDurable(() => welcome(socket));
    socket.on('sync', (request, reply) => {
      if (typeof reply !== 'function') return;
      const parsed = syncRequestSchema.safeParse(request ?? {});
      if (!parsed.success) {
        reply(apiError('VALIDATION_FAILED'));
        return;
      }
      whenDurable(() => reply(catchUp(parsed.data.epoch, parsed.data.lastSeq)));
    });
  });

  // queue.changed is a view: recomputed and broadcast at most every QUEUES_EVERY_MS, however
  // many commands committed meanwhile (55 clerks pressing 叫号 together cost one frame per
  // client, not 55), and at once when the hall was quiet. Its seq is that of the last event
  // sent before it, so a client has applied every event it reflects.
  // A finish, a pause or a rating often leaves every count and estimate as it was: then the
  // frame is not sent at all (with 1,000 displays it is 1,000 writes, and a call arriving
  // meanwhile would queue behind them). A client's mirror keeps its counts across events.
  let queuesTimer: NodeJS.Timeout | null = null;
  let queuesSentAt = 0;
  let lastQueues = '';
  const sendQueues = () => {
    queuesTimer = null;
    queuesSentAt = Date.now();
    const services = serviceQueueViews(ctx.hall.state);
    const text = JSON.stringify(services);
    if (text === lastQueues) return;
    lastQueues = text;
    io.to('hall').emit('queue.changed', { seq: ctx.hall.lastSeq, services });
  };

  ctx.hall.published.on('events', (stored: StoredEvent[]) => {
    let queuesMoved = false;
    for (const record of stored) {
      (io.to('hall').emit as (name: string, payload: unknown) => boolean)(
        record.public.type,
        record.public,
      );
      if (
        record.event.type.startsWith('ticket.') ||
        record.event.type.startsWith('window.') ||
        record.event.type === 'day.started'
      ) {
        queuesMoved = true;
      }
    }
    if (queuesMoved && !queuesTimer) {
      queuesTimer = setTimeout(
        sendQueues,
        Math.max(0, queuesSentAt + QUEUES_EVERY_MS - Date.now()),
      );
      queuesTimer.unref();
    }
  });

  // A kiosk's printer or reader changed (out of paper…): staff consoles are told at once.
  deviceStatusFeed(ctx).on('status', (view: unknown) => {
    (io.to('staff').emit as (name: string, payload: unknown) => boolean)('device.status', view);
  });

  return io;
}

/** Drops the live connections of a revoked device or an ended session. */
export function disconnectRevoked(
  io: HallIo,
  who: { deviceId?: string; tokenHash?: string },
): void {
  if (who.deviceId) io.in(`device:${who.deviceId}`).disconnectSockets(true);
  if (who.tokenHash) io.in(`session:${who.tokenHash}`).disconnectSockets(true);
}

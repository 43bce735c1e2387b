import { io, type Socket } from 'socket.io-client';
import { HallMirror } from '../protocol/hall-mirror';
import type {
  ClientToServerEvents,
  PublicEvent,
  PublicEventType,
  QueueChanged,
  ServerToClientEvents,
  SyncAnswer,
} from '../protocol/events';
import type { ApiError, HallSnapshot } from '../protocol/http';

const EVENT_NAMES: readonly PublicEventType[] = [
  'day.started',
  'ticket.issued',
  'ticket.called',
  'ticket.recalled',
  'ticket.started',
  'ticket.finished',
  'ticket.no-show',
  'ticket.returned',
  'ticket.cancelled',
  'ticket.priority-set',
  'ticket.rated',
  'ticket.transferred',
  'ticket.step-finished',
  'ticket.steps-changed',
  'window.status',
];

export type LiveHallStatus = 'connecting' | 'live' | 'offline';

export interface LiveHallOptions {
  /** Server origin; '' or undefined for the page's own. */
  url?: string;
  /** A device or staff token, if the client has one. */
  token?: string;
  /** Every applied event, in seq order, exactly once (calls for voice and flashes). */
  onEvent?: (event: PublicEvent, mirror: HallMirror) => void;
  /** After anything changed (snapshot, event, queues). */
  onChange?: (mirror: HallMirror) => void;
  onStatus?: (status: LiveHallStatus) => void;
}

export interface LiveHall {
  readonly socket: Socket<ServerToClientEvents, ClientToServerEvents>;
  mirror(): HallMirror | null;
  close(): void;
}

/**
 * Keeps a HallMirror in step with the server over socket.io. Reconnects by itself
 * (every 0.5–1 s, each attempt given up after 1.5 s), telling the server its epoch and last seq so it gets exactly what it
 * missed, or a snapshot; a gap in seq triggers a sync. Events are applied once each and
 * in order, so a call is never shown or announced twice, and none is missed.
 */
export function connectLiveHall(options: LiveHallOptions = {}): LiveHall {
  let mirror: HallMirror | null = null;
  let syncing = false;
  const socket: Socket<ServerToClientEvents, ClientToServerEvents> = io(options.url ?? '', {
    transports: ['websocket', 'polling'],
    reconnectionDelay: 500,
    reconnectionDelayMax: 1000,
    // An attempt into a dead network gives up fast (socket.io waits 20 s by default).
    timeout: 1500,
    auth: (cb) =>
      cb({
        ...(options.token ? { token: options.token } : {}),
        ...(mirror ? { epoch: mirror.epoch, lastSeq: mirror.seq } : {}),
      }),
  });
  options.onStatus?.('connecting');

  const changed = () => {
    if (mirror) options.onChange?.(mirror);
  };

  const takeSnapshot = (snapshot: HallSnapshot) => {
    mirror = new HallMirror(snapshot);
    changed();
  };

  const handleAnswer = (answer: SyncAnswer | ApiError) => {
    syncing = false;
    if ('error' in answer) return;
    if (answer.mode === 'snapshot') takeSnapshot(answer.snapshot);
    else for (const event of answer.events) handleEvent(event);
  };

  const resync = () => {
    if (syncing || !socket.connected) return;
    syncing = true;
    socket.emit('sync', mirror ? { epoch: mirror.epoch, lastSeq: mirror.seq } : {}, handleAnswer);
  };

  function handleEvent(event: PublicEvent): void {
    if (!mirror) return resync();
    const result = mirror.apply(event);
    if (result === 'gap') return resync();
    if (result === 'applied') {
      options.onEvent?.(event, mirror);
      changed();
    }
  }

  socket.on('hall.snapshot', takeSnapshot);
  for (const name of EVENT_NAMES) {
    (socket.on as (n: string, f: (e: PublicEvent) => void) => void)(name, handleEvent);
  }
  socket.on('queue.changed', (view: QueueChanged) => {
    if (!mirror) return;
    if (mirror.applyQueues(view) === 'gap') resync();
    else changed();
  });
  socket.on('connect', () => options.onStatus?.('live'));
  socket.on('disconnect', () => options.onStatus?.('offline'));
  socket.on('connect_error', () => options.onStatus?.('offline'));

  return {
    socket,
    mirror: () => mirror,
    close: () => socket.close(),
  };
}

import {
  connectLiveHall,
  type LiveHall,
  type LiveHallStatus,
} from '../../../../shared/src/client/live-hall';
import type { HallMirror } from '../../../../shared/src/protocol/hall-mirror';
import type { PublicEvent } from '../../../../shared/src/protocol/events';

export interface DisplayLive {
  mirror(): HallMirror | null;
  close(): void;
}

/**
 * The live hall for a display: connectLiveHall (snapshot, then every event once and in
 * order, reconnecting by itself with epoch + lastSeq), plus a token fallback: a token the
 * server refuses (a revoked device) is dropped and the display goes on without it, since
 * boards and window screens read only public data; the clerk's console stops instead.
 */
export function startLive(options: {
  token: string | null;
  onEvent?: (event: PublicEvent, mirror: HallMirror) => void;
  onChange: (mirror: HallMirror) => void;
  onStatus: (status: LiveHallStatus) => void;
  onTokenRefused?: () => void;
  /** Go on without a refused token (public displays; true), or stop (the clerk's session). */
  withoutToken?: boolean;
}): DisplayLive {
  let live: LiveHall;
  let closed = false;
  const connect = (token: string | null) => {
    live = connectLiveHall({
      ...(token ? { token } : {}),
      onEvent: options.onEvent,
      onChange: options.onChange,
      onStatus: options.onStatus,
    });
    // A connection attempt into a dead network can hang for socket.io's default 20 s: give up
    // on it after 1.5 s and try again within a second, so that a display is back within
    // 3 s of its network or its server.
    live.socket.io.timeout(1500);
    live.socket.io.reconnectionDelay(300);
    live.socket.io.reconnectionDelayMax(1000);
    live.socket.on('connect_error', (error) => {
      if (error.message === 'UNAUTHENTICATED' && token) {
        live.close();
        const goOn = options.withoutToken ?? true;
        if (goOn) connect(null);
        else closed = true;
        options.onTokenRefused?.();
      }
    });
    // The server dropped this connection on purpose (a revoked device, an ended session):
    // socket.io does not come back by itself then. Try again: a refused token shows above.
    live.socket.on('disconnect', (reason) => {
      if (reason === 'io server disconnect' && !closed) live.socket.connect();
    });
  };
  connect(options.token);
  return {
    mirror: () => live.mirror(),
    close: () => {
      closed = true;
      live.close();
    },
  };
}

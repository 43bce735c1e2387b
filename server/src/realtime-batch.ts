import type { Socket as NetSocket } from 'node:net';

/** What is used of an engine.io connection: its buffer, its flush, the WebSocket under it. */
interface EngineConnection {
  writeBuffer: unknown[];
  flush(): void;
  transport: { name: string; writable: boolean; socket?: { _socket?: NetSocket } };
}

interface EngineServer {
  on(event: 'connection', listener: (conn: EngineConnection) => void): unknown;
}

/**
 * One write per client for a client's waiting frames, not one each. While a frame is being
 * written to a client, engine.io keeps the next ones in the connection's buffer and then
 * sends them as one WebSocket frame apiece, each its own `write` system call: 55 clerks
 * calling at once cost every display 55 system calls, 55,000 for 1,000 displays, and the
 * fan-out's time is mostly those. Corking the TCP socket while engine.io sends its buffer
 * makes them leave in one `writev`. The frames, their order and their content are the same.
 *
 * Uses the `ws` socket's private `_socket`; without it (long polling, another ws) nothing
 * changes. HALLQ_BATCH_FRAMES=0 turns it off (for comparison in the benchmark).
 */
export function batchFrameWrites(engine: EngineServer): void {
  if (process.env.HALLQ_BATCH_FRAMES === '0') return;
  engine.on('connection', (conn) => {
    const flush = conn.flush.bind(conn);
    conn.flush = () => {
      const raw = conn.transport.name === 'websocket' ? conn.transport.socket?._socket : undefined;
      // (flush is called on every packet; it sends only when the transport is writable.)
      if (!raw || !conn.transport.writable || conn.writeBuffer.length < 2 || !raw.cork) {
        flush();
        return;
      }
      raw.cork();
      try {
        flush();
      } finally {
        raw.uncork();
      }
    };
  });
}

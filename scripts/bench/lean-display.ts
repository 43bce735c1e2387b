import crypto from 'node:crypto';
import net from 'node:net';

/**
 * A display for the benchmark that speaks the socket.io protocol (engine.io 4 over a
 * WebSocket) on a plain TCP socket and does as little as a protocol peer can: it answers
 * engine.io pings, joins the default namespace, and looks at each frame only far enough
 * to see whether it is a `ticket.called` (then reads its ticketId) or the welcome snapshot.
 *
 * Why: a real hall board decodes its frames on its own device, all boards in parallel.
 * socket.io-client in one bench process decodes every board's frames one after another on
 * the same two cores as the server (1,000 JSON parses of every frame), and that queue, not
 * the server, then decides the measured latency. This client keeps the wire the same (the
 * server cannot tell it from a browser's websocket transport) and takes the receipt time
 * when the frame is read off the socket.
 */
export interface LeanDisplayHandlers {
  /** The welcome `hall.snapshot` arrived: the display is connected and in the hall room. */
  onReady(): void;
  onCalled(ticketId: string, at: number): void;
  onError(error: Error): void;
}

const OPCODE_TEXT = 0x1;
const OPCODE_CLOSE = 0x8;
const OPCODE_PING = 0x9;
const OPCODE_PONG = 0xa;

/** A client frame: FIN, the opcode, masked (RFC 6455 5.3: every client frame is). */
function clientFrame(opcode: number, payload: Buffer): Buffer {
  const mask = crypto.randomBytes(4);
  const length = payload.length;
  const header =
    length < 126
      ? Buffer.from([0x80 | opcode, 0x80 | length])
      : Buffer.from([0x80 | opcode, 0x80 | 126, length >> 8, length & 0xff]);
  const body = Buffer.alloc(length);
  for (let i = 0; i < length; i += 1) body[i] = (payload[i] as number) ^ (mask[i % 4] as number);
  return Buffer.concat([header, mask, body]);
}

const CALLED = Buffer.from('42["ticket.called"');
const SNAPSHOT = Buffer.from('42["hall.snapshot"');
const TICKET_ID = '"ticketId":"';

export function connectLeanDisplay(
  host: string,
  port: number,
  now: () => number,
  handlers: LeanDisplayHandlers,
): net.Socket {
  const socket = net.connect({ host, port });
  socket.setNoDelay(true);
  const key = crypto.randomBytes(16).toString('base64');
  let upgraded = false;
  let pending: Buffer = Buffer.alloc(0);
  let fragments: Buffer[] = [];

  const sendText = (text: string) => socket.write(clientFrame(OPCODE_TEXT, Buffer.from(text)));

  const onMessage = (payload: Buffer, at: number) => {
    const kind = payload[0];
    if (kind === 0x30 /* '0' engine.io open */) sendText('40');
    else if (kind === 0x32 /* '2' engine.io ping */ && payload.length === 1) sendText('3');
    else if (payload.subarray(0, CALLED.length).equals(CALLED)) {
      const text = payload.toString('utf8');
      const start = text.indexOf(TICKET_ID);
      if (start < 0) return;
      const from = start + TICKET_ID.length;
      handlers.onCalled(text.slice(from, text.indexOf('"', from)), at);
    } else if (payload.subarray(0, SNAPSHOT.length).equals(SNAPSHOT)) handlers.onReady();
  };

  /** Reads every whole frame in `pending`; leaves a partial one for the next chunk. */
  const readFrames = (at: number) => {
    for (;;) {
      if (pending.length < 2) return;
      const first = pending[0] as number;
      const second = pending[1] as number;
      let length = second & 0x7f;
      let offset = 2;
      if (length === 126) {
        if (pending.length < 4) return;
        length = pending.readUInt16BE(2);
        offset = 4;
      } else if (length === 127) {
        if (pending.length < 10) return;
        length = Number(pending.readBigUInt64BE(2));
        offset = 10;
      }
      // The server never masks its frames (RFC 6455 5.1).
      if (pending.length < offset + length) return;
      const payload = pending.subarray(offset, offset + length);
      pending = pending.subarray(offset + length);
      const fin = (first & 0x80) !== 0;
      const opcode = first & 0x0f;
      if (opcode === OPCODE_PING) socket.write(clientFrame(OPCODE_PONG, Buffer.from(payload)));
      else if (opcode === OPCODE_CLOSE) socket.end();
      else if (!fin) fragments.push(Buffer.from(payload));
      else if (opcode === 0 && fragments.length > 0) {
        const whole = Buffer.concat([...fragments, payload]);
        fragments = [];
        onMessage(whole, at);
      } else onMessage(payload, at);
    }
  };

  socket.on('connect', () => {
    socket.write(
      [
        'GET /socket.io/?EIO=4&transport=websocket HTTP/1.1',
        `Host: ${host}:${port}`,
        'Upgrade: websocket',
        'Connection: Upgrade',
        `Sec-WebSocket-Key: ${key}`,
        'Sec-WebSocket-Version: 13',
        '',
        '',
      ].join('\r\n'),
    );
  });
  socket.on('data', (chunk: Buffer) => {
    const at = now();
    pending = pending.length === 0 ? chunk : Buffer.concat([pending, chunk]);
    if (!upgraded) {
      const end = pending.indexOf('\r\n\r\n');
      if (end < 0) return;
      const head = pending.subarray(0, end).toString('latin1');
      if (!head.startsWith('HTTP/1.1 101')) {
        handlers.onError(new Error(`no upgrade: ${head.split('\r\n')[0] ?? ''}`));
        socket.destroy();
        return;
      }
      const accept = crypto
        .createHash('sha1')
        .update(`${key}258EAFA5-E914-47DA-95CA-C5AB0DC85B11`)
        .digest('base64');
      if (!head.toLowerCase().includes(`sec-websocket-accept: ${accept.toLowerCase()}`)) {
        handlers.onError(new Error('bad Sec-WebSocket-Accept'));
        socket.destroy();
        return;
      }
      upgraded = true;
      pending = pending.subarray(end + 4);
    }
    readFrames(at);
  });
  socket.on('error', (error) => handlers.onError(error));
  return socket;
}

import net from 'node:net';

/** Answers are read loosely: the benchmark checks statuses and a few fields. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;

/**
 * The issue phases' own HTTP client: Node's http.Agent costs about as much CPU per request as
 * the server spends on the ticket, and the generator shares the server's two cores. This one
 * keeps plain sockets alive, writes each request as one prebuilt string and reads only the
 * status line, Content-Length (or chunked framing) and the body, which it parses as JSON.
 * One request at a time per connection (no pipelining), like a kiosk; at most `maxSockets`
 * connections, further requests wait for a free one.
 */
export class LeanClient {
  private readonly idle: LeanConnection[] = [];
  private readonly waiting: (() => void)[] = [];
  private open = 0;

  constructor(
    private readonly port: number,
    private readonly maxSockets = 256,
  ) {}

  async post(route: string, token: string, body: string): Promise<{ status: number; body: Json }> {
    const head =
      `POST ${route} HTTP/1.1\r\nHost: 127.0.0.1:${this.port}\r\nAuthorization: Bearer ${token}\r\n` +
      `Content-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n`;
    const bytes = head + body;
    let connection = await this.acquire();
    try {
      return await connection.send(bytes);
    } catch (error) {
      // Node's documented race: the server closed an idle kept-alive connection just as it
      // was reused; the request never reached it, and goes again on a fresh connection.
      if (!(error as { reused?: boolean }).reused) throw error;
      connection = await this.acquire(true);
      return await connection.send(bytes);
    } finally {
      this.release(connection);
    }
  }

  private async acquire(fresh = false): Promise<LeanConnection> {
    for (;;) {
      if (!fresh) {
        const idle = this.idle.pop();
        if (idle) {
          if (idle.alive) return idle;
          continue;
        }
      }
      if (this.open < this.maxSockets) {
        this.open += 1;
        const connection = new LeanConnection(this.port, () => {
          this.open -= 1;
          this.waiting.shift()?.();
        });
        return connection;
      }
      await new Promise<void>((resolve) => this.waiting.push(resolve));
    }
  }

  private release(connection: LeanConnection): void {
    if (!connection.alive) return;
    const next = this.waiting.shift();
    this.idle.push(connection);
    next?.();
  }

  destroy(): void {
    for (const connection of this.idle.splice(0)) connection.close();
  }
}

/** One kept-alive connection: one request at a time, answers framed by hand. */
class LeanConnection {
  private readonly socket: net.Socket;
  alive = true;
  private used = false;
  private timedOut = false;
  private buffer: Buffer | null = null;
  private pending: {
    resolve: (answer: { status: number; body: Json }) => void;
    reject: (error: Error) => void;
    timer: NodeJS.Timeout;
  } | null = null;

  constructor(port: number, onClose: () => void) {
    this.socket = net.connect({ host: '127.0.0.1', port, noDelay: true });
    this.socket.on('data', (chunk: Buffer) => {
      this.buffer = this.buffer ? Buffer.concat([this.buffer, chunk]) : chunk;
      this.tryParse();
    });
    const fail = (error: Error) => {
      if (!this.alive) return;
      this.alive = false;
      onClose();
      const pending = this.pending;
      this.pending = null;
      if (pending) {
        clearTimeout(pending.timer);
        // Nothing of the answer arrived on a reused connection: the server closed it first.
        (error as Error & { reused?: boolean }).reused =
          this.used && !this.timedOut && this.buffer === null;
        pending.reject(error);
      }
    };
    this.socket.on('error', fail);
    this.socket.on('close', () => fail(new Error('connection closed')));
  }

  send(bytes: string): Promise<{ status: number; body: Json }> {
    if (!this.alive) return Promise.reject(Object.assign(new Error('closed'), { reused: true }));
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.timedOut = true; // it may have reached the server: never sent again
        this.socket.destroy(new Error('request timed out'));
      }, 30_000);
      this.pending = { resolve, reject, timer };
      this.buffer = null;
      this.socket.write(bytes, 'utf8');
    });
  }

  /** Frames one answer: status line, headers up to the blank line, the body. */
  private tryParse(): void {
    const buffer = this.buffer;
    const pending = this.pending;
    if (!buffer || !pending) return;
    const headEnd = buffer.indexOf('\r\n\r\n');
    if (headEnd < 0) return;
    const head = buffer.toString('latin1', 0, headEnd);
    const status = Number(head.slice(9, 12));
    const length = /\r\ncontent-length:\s*(\d+)/i.exec(head);
    let body: Buffer;
    let consumed: number;
    if (length) {
      consumed = headEnd + 4 + Number(length[1]);
      if (buffer.length < consumed) return;
      body = buffer.subarray(headEnd + 4, consumed);
    } else if (/\r\ntransfer-encoding:\s*chunked/i.test(head)) {
      const parts: Buffer[] = [];
      let at = headEnd + 4;
      for (;;) {
        const lineEnd = buffer.indexOf('\r\n', at);
        if (lineEnd < 0) return;
        const size = parseInt(buffer.toString('latin1', at, lineEnd), 16);
        if (buffer.length < lineEnd + 2 + size + 2) return;
        if (size === 0) {
          consumed = lineEnd + 4;
          break;
        }
        parts.push(buffer.subarray(lineEnd + 2, lineEnd + 2 + size));
        at = lineEnd + 2 + size + 2;
      }
      body = Buffer.concat(parts);
    } else {
      consumed = headEnd + 4;
      body = Buffer.alloc(0);
    }
    this.buffer = buffer.length > consumed ? buffer.subarray(consumed) : null;
    this.pending = null;
    this.used = true;
    clearTimeout(pending.timer);
    let parsed: Json = null;
    try {
      parsed = body.length > 0 ? JSON.parse(body.toString('utf8')) : null;
    } catch {
      parsed = null; // not JSON: counted by its status alone
    }
    if (/\r\nconnection:\s*close/i.test(head)) this.close();
    pending.resolve({ status, body: parsed });
  }

  close(): void {
    this.socket.destroy();
  }
}

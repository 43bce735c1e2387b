import net from 'node:net';

/**
 * A TCP relay between clients and the server, standing in for the hall's network: drop()
 * resets connections the way a pulled cable or a rebooting switch does, so clients see a
 * real transport error, not a polite close.
 */
export class TcpProxy {
  private readonly server: net.Server;
  private readonly pairs = new Set<{ client: net.Socket; upstream: net.Socket }>();

  constructor(private readonly targetPort: number) {
    this.server = net.createServer((client) => {
      const upstream = net.connect(this.targetPort, '127.0.0.1');
      const pair = { client, upstream };
      this.pairs.add(pair);
      const end = () => {
        this.pairs.delete(pair);
        client.destroy();
        upstream.destroy();
      };
      client.on('error', end).on('close', end);
      upstream.on('error', end).on('close', end);
      client.pipe(upstream);
      upstream.pipe(client);
    });
  }

  listen(): Promise<number> {
    return new Promise((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(0, '127.0.0.1', () =>
        resolve((this.server.address() as net.AddressInfo).port),
      );
    });
  }

  get connections(): number {
    return this.pairs.size;
  }

  /** Resets each open connection with the given probability. Returns how many were cut. */
  drop(probability = 1): number {
    let cut = 0;
    for (const pair of [...this.pairs]) {
      if (Math.random() >= probability) continue;
      pair.client.resetAndDestroy();
      pair.upstream.destroy();
      this.pairs.delete(pair);
      cut += 1;
    }
    return cut;
  }

  close(): Promise<void> {
    this.drop(1);
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}

import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { maskPhone } from '../../../shared/src/pii';
import type { Logger } from '../log';
import { HttpSmsGateway, type SmsMessage } from './sms-gateway';

export interface FakeSmsGateway {
  url: string;
  /** Every request that reached it, accepted or failed on purpose, in order. */
  requests: (SmsMessage & { token: string | null; accepted: boolean })[];
  /** The messages it accepted (delivered to the phone, for a real provider). */
  delivered(): SmsMessage[];
  /** Fail the next `n` requests with HTTP `status` (503: the outbox retries). */
  failNext(n: number, status?: number): void;
  close(): Promise<void>;
}

/**
 * A stand-in SMS provider on loopback, for tests and the demo: records what it is sent,
 * and can refuse the next requests to exercise the outbox's retries. Speaks the protocol
 * HttpSmsGateway speaks (POST {id, to, text}).
 */
export async function startFakeSmsGateway(
  port = 0,
  onMessage?: (message: SmsMessage) => void,
): Promise<FakeSmsGateway> {
  const requests: FakeSmsGateway['requests'] = [];
  let failing = 0;
  let failStatus = 503;
  const server = http.createServer((req, res) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => (body += chunk));
    req.on('end', () => {
      let message: SmsMessage;
      try {
        message = JSON.parse(body) as SmsMessage;
      } catch {
        res.writeHead(400).end();
        return;
      }
      const auth = req.headers.authorization ?? null;
      const accepted = failing === 0;
      requests.push({ ...message, token: auth, accepted });
      if (!accepted) {
        failing -= 1;
        res.writeHead(failStatus).end('{"error":"busy"}');
        return;
      }
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
      onMessage?.(message);
    });
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  const address = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${address.port}/sms`,
    requests,
    delivered: () =>
      requests.filter((r) => r.accepted).map(({ id, to, text }) => ({ id, to, text })),
    failNext: (n, status = 503) => {
      failing = n;
      failStatus = status;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/**
 * The demo's SMS provider (HALLQ_DEMO=1 without a gateway configured): the fake on
 * loopback, each message it takes written to the log with the number masked.
 */
export async function demoSmsGateway(log: Logger): Promise<HttpSmsGateway> {
  const fake = await startFakeSmsGateway(0, (m) =>
    log('info', `demo SMS to ${maskPhone(m.to)}: ${m.text}`),
  );
  return new HttpSmsGateway({ url: fake.url });
}

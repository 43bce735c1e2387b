import crypto from 'node:crypto';
import http from 'node:http';
import path from 'node:path';
import Database from 'better-sqlite3';
import express from 'express';
import helmet from 'helmet';
import { fixedHeaders } from '../../server/src/http/app';
import { newId } from '../../server/src/auth/tokens';
import {
  api,
  createStaff,
  enrollKiosk,
  login,
  startTestHall,
  type ApiResponse,
  type TestHall,
} from '../helpers/hall-server';

/**
 * POST /api/tickets has a fast path (server/src/http/fast-issue.ts) for its plain form; any
 * other form goes down the general express chain. Both must answer alike: same statuses,
 * bodies and headers, for good and bad requests. `Content-Type: application/json;charset=utf-8`
 * (no space) is not the plain form, so it takes the general chain.
 */

const FAST = { 'content-type': 'application/json' };
const GENERAL = { 'content-type': 'application/json;charset=utf-8' };

let hall: TestHall;
let kiosk: string;
let guide: string;
let admin: string;

beforeAll(async () => {
  hall = await startTestHall();
  createStaff(hall, 'admin1', 'admin');
  createStaff(hall, 'guide1', 'guide');
  admin = await login(hall.url, 'admin1');
  guide = await login(hall.url, 'guide1');
  kiosk = await enrollKiosk(hall, admin);
});

afterAll(async () => {
  await hall.server.close();
});

let serviceId = '';
beforeAll(() => {
  serviceId = hall.hall.services[0]?.id as string;
});

/** A kiosk press (token null: none at all). */
function post(
  headers: Record<string, string>,
  rawBody: string,
  token: string | null = kiosk,
): Promise<ApiResponse> {
  return api(hall.url, 'POST', '/api/tickets', { token: token ?? undefined, rawBody, headers });
}

/** What must match between the two paths: status, body without per-ticket values, headers. */
function shape(res: ApiResponse): unknown {
  const body = res.body as Record<string, unknown> | null;
  const stable =
    body && typeof body === 'object' && 'id' in body
      ? {
          ...body,
          id: '*',
          number: '*',
          statusPath: '*',
          issuedAt: '*',
          ahead: '*',
          estimatedWaitMinutes: '*',
        }
      : body;
  const headers = [...res.headers.keys()].filter((name) => name !== 'date');
  return { status: res.status, body: stable, headers };
}

describe('POST /api/tickets, fast path and general chain', () => {
  it('issues alike, with the same headers and a correct ETag', async () => {
    const body = (requestId: string) => JSON.stringify({ serviceId, channel: 'kiosk', requestId });
    const fast = await post(FAST, body(`fast-path-${newId()}`));
    const general = await post(GENERAL, body(`general-${newId()}`));
    expect(fast.status).toBe(201);
    expect(shape(fast)).toEqual(shape(general));
    expect(fast.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(fast.headers.get('x-frame-options')).toBe('SAMEORIGIN');
    // express's weak ETag of the exact bytes sent, on both.
    for (const res of [fast, general]) {
      const text = JSON.stringify(res.body);
      const hash = crypto.createHash('sha1').update(text, 'utf8').digest('base64').slice(0, 27);
      const etag = `W/"${Buffer.byteLength(text).toString(16)}-${hash}"`;
      expect(res.headers.get('etag')).toBe(etag);
      expect(res.headers.get('content-length')).toBe(String(Buffer.byteLength(text)));
    }
  });

  it('replays a request id alike', async () => {
    const requestId = `replay-${newId()}`;
    const body = JSON.stringify({ serviceId, channel: 'kiosk', requestId });
    const first = await post(FAST, body);
    const fast = await post(FAST, body);
    const general = await post(GENERAL, body);
    expect(fast.status).toBe(200);
    expect(fast.headers.get('idempotent-replayed')).toBe('true');
    expect(fast.body.id).toBe(first.body.id);
    expect(general.body.id).toBe(first.body.id);
    expect(shape(fast)).toEqual(shape(general));
  });

  const bad: [string, (service: string) => string][] = [
    ['not JSON', () => '{"serviceId":'],
    ['a JSON string (strict mode)', () => '"hello"'],
    ['only whitespace', () => '   \n'],
    ['a number', () => '42'],
    ['an array', () => '[1,2]'],
    ['an unknown service', () => JSON.stringify({ serviceId: 'no-such', channel: 'kiosk' })],
    ['a guide channel', (service) => JSON.stringify({ serviceId: service, channel: 'guide' })],
    [
      'an ID number as request id',
      (service) =>
        JSON.stringify({ serviceId: service, channel: 'kiosk', requestId: '11010519491231002X' }),
    ],
    [
      'a priority from a kiosk',
      (service) => JSON.stringify({ serviceId: service, channel: 'kiosk', priority: 'elderly' }),
    ],
  ];
  it.each(bad)('refuses %s alike', async (_name, body) => {
    const fast = await post(FAST, body(serviceId));
    const general = await post(GENERAL, body(serviceId));
    expect(fast.status).toBeGreaterThanOrEqual(400);
    expect(shape(fast)).toEqual(shape(general));
  });

  it('takes a body with a byte-order mark alike (body-parser drops it)', async () => {
    const body = (requestId: string) =>
      `\ufeff${JSON.stringify({ serviceId, channel: 'kiosk', requestId })}`;
    const fast = await post(FAST, body(`bom-fast-${newId()}`));
    const general = await post(GENERAL, body(`bom-general-${newId()}`));
    expect(fast.status).toBe(201);
    expect(shape(fast)).toEqual(shape(general));
  });

  it('refuses a bad token, no token and the wrong principal alike', async () => {
    const body = JSON.stringify({ serviceId, channel: 'kiosk' });
    for (const token of ['not-a-token', null, guide]) {
      const fast = await post(FAST, body, token);
      const general = await post(GENERAL, body, token);
      expect(fast.status).toBeGreaterThanOrEqual(400);
      expect(shape(fast)).toEqual(shape(general));
    }
  });

  it('leaves other forms to the general chain (a body too large, another type)', async () => {
    const big = JSON.stringify({ serviceId, channel: 'kiosk', pad: 'x'.repeat(40_000) });
    const tooLarge = await post(FAST, big);
    expect(tooLarge.status).toBe(413);
    expect(tooLarge.body.error.code).toBe('PAYLOAD_TOO_LARGE');
    const text = await post({ 'content-type': 'text/plain' }, 'hello');
    expect(text.status).toBe(400);
    expect(text.body.error.code).toBe('VALIDATION_FAILED');
  });
});

describe('the token check’s cache', () => {
  it('refuses a revoked kiosk at its very next press', async () => {
    const token = await enrollKiosk(hall, admin);
    const body = () => JSON.stringify({ serviceId, channel: 'kiosk', requestId: `rv-${newId()}` });
    expect((await post(FAST, body(), token)).status).toBe(201);
    const devices = await api(hall.url, 'GET', '/api/devices', { token: admin });
    const device = (devices.body.devices as { id: string; revokedAt: string | null }[])
      .filter((d) => d.revokedAt === null)
      .at(-1);
    expect(
      (await api(hall.url, 'DELETE', `/api/devices/${device?.id}`, { token: admin })).status,
    ).toBeLessThan(300);
    const refused = await post(FAST, body(), token);
    expect(refused.status).toBe(401);
    expect(refused.body.error.code).toBe('UNAUTHENTICATED');
  });

  it('refuses a session at once after logout, and a disabled user', async () => {
    createStaff(hall, 'guide2', 'guide');
    const token = await login(hall.url, 'guide2');
    expect((await api(hall.url, 'GET', '/api/auth/me', { token })).status).toBe(200);
    await api(hall.url, 'POST', '/api/auth/logout', { token });
    expect((await api(hall.url, 'GET', '/api/auth/me', { token })).status).toBe(401);

    createStaff(hall, 'guide3', 'guide');
    const other = await login(hall.url, 'guide3');
    expect((await api(hall.url, 'GET', '/api/auth/me', { token: other })).status).toBe(200);
    // Through the connection the server writes with, but not through Accounts.
    hall.server.db.prepare(`UPDATE users SET disabled = 1 WHERE username = 'guide3'`).run();
    expect((await api(hall.url, 'GET', '/api/auth/me', { token: other })).status).toBe(401);
  });

  it('sees a write by another connection within a second', async () => {
    const token = await enrollKiosk(hall, admin);
    const body = () => JSON.stringify({ serviceId, channel: 'kiosk', requestId: `ext-${newId()}` });
    expect((await post(FAST, body(), token)).status).toBe(201);
    const outside = new Database(path.join(hall.dataDir, 'hallq.sqlite'));
    try {
      outside
        .prepare('UPDATE devices SET revoked_at = 1, token_hash = NULL WHERE revoked_at IS NULL')
        .run();
    } finally {
      outside.close();
    }
    await new Promise((resolve) => setTimeout(resolve, 1100));
    expect((await post(FAST, body(), token)).status).toBe(401);
  });
});

describe('fixedHeaders', () => {
  it('sets exactly the headers helmet sets, in the same order', async () => {
    const options = {
      contentSecurityPolicy: {
        directives: { upgradeInsecureRequests: null, mediaSrc: ["'self'", 'blob:'] },
      },
    };
    const headersOf = async (middleware: express.RequestHandler) => {
      const app = express();
      app.use(middleware);
      app.get('/', (_req, res) => {
        res.json({ ok: true });
      });
      const server = http.createServer(app);
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      const { port } = server.address() as { port: number };
      try {
        const res = await fetch(`http://127.0.0.1:${port}/`);
        return [...res.headers.entries()].filter(([name]) => name !== 'date');
      } finally {
        await new Promise((resolve) => server.close(resolve));
      }
    };
    const real = await headersOf(helmet(options));
    expect(real.some(([name]) => name === 'content-security-policy')).toBe(true);
    expect(await headersOf(fixedHeaders(helmet(options)))).toEqual(real);
  });
});

describe('newId', () => {
  it('keeps the id format (base64url of 12 bytes) and never repeats', () => {
    const ids = new Set<string>();
    for (let i = 0; i < 5000; i += 1) {
      const id = newId();
      expect(id).toMatch(/^[A-Za-z0-9_-]{16}$/);
      ids.add(id);
    }
    expect(ids.size).toBe(5000);
    expect(newId(9)).toMatch(/^[A-Za-z0-9_-]{12}$/);
    expect(newId(5000)).toHaveLength(Math.ceil((5000 * 4) / 3));
  });
});

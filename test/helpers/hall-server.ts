import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { io as connect, type Socket } from 'socket.io-client';
import type { HallConfig } from '../../shared/src/domain';
import type {
  ClientToServerEvents,
  HandshakeAuth,
  ServerToClientEvents,
} from '../../shared/src/protocol';
import { loadHallConfig } from '../../server/src/hall-config-file';
import type { SmsGateway } from '../../server/src/notify/sms-gateway';
import { startHallServer, type HallServer } from '../../server/src/server';

/** Monday 2026-11-23 10:00 in Shanghai: the hall is issuing. */
export const MONDAY_10AM = Date.UTC(2026, 10, 23, 2, 0);

/** A clock the test moves by hand. */
export class TestClock {
  constructor(public time = MONDAY_10AM) {}
  now = (): number => this.time;
  advance(minutes: number): void {
    this.time += minutes * 60_000;
  }
}

export function tempDataDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'hallq-test-'));
}

export interface TestHall {
  server: HallServer;
  url: string;
  clock: TestClock;
  dataDir: string;
  hall: HallConfig;
}

/** A real server on a real SQLite file in a temp folder, on a free loopback port. */
export async function startTestHall(
  options: {
    dataDir?: string;
    clock?: TestClock;
    hall?: HallConfig;
    demo?: boolean;
    port?: number;
    /** An SMS gateway (e.g. HttpSmsGateway to a FakeSmsGateway); none by default. */
    sms?: SmsGateway | null;
  } = {},
): Promise<TestHall> {
  const clock = options.clock ?? new TestClock();
  const dataDir = options.dataDir ?? tempDataDir();
  const hall = options.hall ?? loadHallConfig();
  const server = await startHallServer({
    hall,
    dataDir,
    port: options.port ?? 0,
    host: '127.0.0.1',
    demo: options.demo ?? false,
    log: () => undefined,
    now: clock.now,
    piiKey: 'test-pii-key',
    announce: () => undefined,
    sms: options.sms ?? null,
  });
  return { server, url: server.url, clock, dataDir, hall };
}

export interface ApiResponse<T = any> {
  status: number;
  body: T;
  headers: Headers;
}

/** A JSON call to the API, with an optional bearer token. */
export async function api<T = any>(
  url: string,
  method: string,
  route: string,
  options: {
    token?: string;
    body?: unknown;
    rawBody?: string;
    headers?: Record<string, string>;
  } = {},
): Promise<ApiResponse<T>> {
  const headers: Record<string, string> = { ...options.headers };
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  let body: string | undefined;
  if (options.rawBody !== undefined) body = options.rawBody;
  else if (options.body !== undefined) body = JSON.stringify(options.body);
  if (body !== undefined && !headers['content-type']) headers['content-type'] = 'application/json';
  const response = await fetch(`${url}${route}`, { method, headers, body });
  const text = await response.text();
  let parsed: unknown = text;
  try {
    parsed = text ? JSON.parse(text) : null;
  } catch {
    // not JSON: pages
  }
  return { status: response.status, body: parsed as T, headers: response.headers };
}

/** The first start prints the admin's password once; tests create their own staff instead. */
export function createStaff(
  hall: TestHall,
  username: string,
  role: 'admin' | 'guide' | 'clerk',
  displayName = '测试人员',
): void {
  hall.server.ctx.accounts.createUser({ username, displayName, role, password: 'password-123' });
}

export async function login(url: string, username: string, windowId?: string): Promise<string> {
  const res = await api(url, 'POST', '/api/auth/login', {
    body: { username, password: 'password-123', windowId },
  });
  if (res.status !== 200)
    throw new Error(`login ${username} failed: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body.token as string;
}

/** An enrolled kiosk's token, the way a real kiosk gets one. */
export async function enrollKiosk(hall: TestHall, adminToken: string): Promise<string> {
  const created = await api(hall.url, 'POST', '/api/devices', {
    token: adminToken,
    body: { kind: 'kiosk', name: '1号取号机' },
  });
  const enrolled = await api(hall.url, 'POST', '/api/devices/enroll', {
    body: { code: created.body.code },
  });
  return enrolled.body.token as string;
}

/** The usual cast: an admin (boss), a clerk (clerk1, 王芳) logged in at w01, an enrolled kiosk. */
export async function staffHall(
  hall: TestHall,
): Promise<{ admin: string; clerk: string; kiosk: string }> {
  createStaff(hall, 'boss', 'admin');
  createStaff(hall, 'clerk1', 'clerk', '王芳');
  const admin = await login(hall.url, 'boss');
  const kiosk = await enrollKiosk(hall, admin);
  const clerk = await login(hall.url, 'clerk1', 'w01');
  return { admin, clerk, kiosk };
}

/** A kiosk press for a service. */
export function issueAtKiosk(
  hall: TestHall,
  kiosk: string,
  serviceId: string,
): Promise<ApiResponse> {
  return api(hall.url, 'POST', '/api/tickets', {
    token: kiosk,
    body: { serviceId, channel: 'kiosk' },
  });
}

/**
 * 出件: the clerk at the window calls and finishes the next ticket, then marks this
 * ticket's result ready for collection. Returns the answer to the ready mark.
 */
export async function serveAndMarkReady(
  hall: TestHall,
  clerk: string,
  windowId: string,
  ticketId: string,
): Promise<ApiResponse> {
  await api(hall.url, 'POST', `/api/windows/${windowId}/next`, { token: clerk });
  const finished = await api(hall.url, 'POST', `/api/windows/${windowId}/finish`, {
    token: clerk,
  });
  if (finished.status !== 200) throw new Error(`finish at ${windowId}: ${finished.status}`);
  return api(hall.url, 'POST', `/api/tickets/${ticketId}/ready`, { token: clerk, body: {} });
}

export type HallSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

export function connectSocket(url: string, auth: HandshakeAuth = {}): HallSocket {
  return connect(url, {
    transports: ['websocket'],
    auth: { ...auth },
    reconnection: false,
    forceNew: true,
  });
}

/** Resolves with the next payload of a socket event, or fails after a timeout. */
export function nextEvent<T = any>(socket: HallSocket, name: string, timeoutMs = 3000): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`no ${name} within ${timeoutMs} ms`)),
      timeoutMs,
    );
    (socket as unknown as { once(n: string, f: (p: T) => void): void }).once(name, (payload: T) => {
      clearTimeout(timer);
      resolve(payload);
    });
  });
}

/** Valid ID numbers for tests, built with the real check character. */
export function testIdNumber(birth: string, serial = '123'): string {
  const first17 = `652828${birth.replace(/-/g, '')}${serial}`;
  const weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  const sum = [...first17].reduce((acc, d, i) => acc + Number(d) * (weights[i] ?? 0), 0);
  return first17 + '10X98765432'[sum % 11];
}

/** Records every socket event from now on, in arrival order. */
export function collectEvents(socket: HallSocket): { name: string; payload: any }[] {
  const received: { name: string; payload: any }[] = [];
  socket.onAny((name: string, payload: unknown) => received.push({ name, payload }));
  return received;
}

/** Waits until a condition holds, polling; fails after a timeout. */
export async function until(condition: () => boolean, timeoutMs = 3000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 10));
  }
}
